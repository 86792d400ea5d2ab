package dev.spool.engine.file.rolling;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Compresses a rolled file so that a crash at any moment leaves the plain file or the compressed
 * one whole, never neither: the compressed bytes go to {@code <target>.tmp}, are forced to disk,
 * renamed to the target in one step, and only then is the plain file deleted. The compressed file
 * takes the plain one's permissions, owner and group.
 *
 * <p>gzip, zip and deflate (zlib format) are the JDK's; bzip2, xz and zstd come from optional
 * libraries, each reached through its own class ({@code Bzip2Codec}, {@code XzCodec},
 * {@code ZstdCodec}) so that the JVM loads a library only when a file is compressed in its format.
 * {@link Compression} lists the formats, their levels and the library each needs.
 */
public final class Compressor {
    static final String TMP = ".tmp";
    private static final int BUFFER = 64 * 1024;

    private Compressor() {
    }

    /**
     * Compresses {@code plain} into {@code target}, then deletes {@code plain}.
     *
     * @param level the format's compression level, checked by {@link RollingConfig.Builder#build};
     *              {@link Compression#DEFAULT_LEVEL} for the format's default
     * @throws IOException with {@code <target>.tmp} perhaps left behind, which the next start deletes
     *                     ({@link RolledFiles#recover}); the plain file is then still there
     */
    public static void compress(final Path plain, final Path target, final Compression kind, final int level)
        throws IOException {
        final Path tmp = target.resolveSibling(target.getFileName() + TMP);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
             InputStream in = Files.newInputStream(plain)) {
            // Closing the codec's stream writes its trailer and flushes the buffer; the channel stays
            // open until its bytes are forced to disk.
            try (OutputStream codec = open(kind, new KeepOpen(new BufferedOutputStream(Channels.newOutputStream(out),
                BUFFER)), plain.getFileName().toString(), level)) {
                in.transferTo(codec);
            }
            out.force(true);
        }
        copyAttributes(plain, tmp);
        move(tmp, target);
        Files.delete(plain);
    }

    private static OutputStream open(final Compression kind, final OutputStream out, final String entryName,
                                     final int level) throws IOException {
        switch (kind) {
            case GZIP:
                return new LeveledGzipOutputStream(out, level);
            case ZIP:
                return zip(out, entryName, level);
            case DEFLATE:
                return new OwnDeflaterOutputStream(out, level);
            case BZIP2:
                return Bzip2Codec.open(out, level);
            case XZ:
                return XzCodec.open(out, level);
            case ZSTD:
                return ZstdCodec.open(out, level);
            default:
                throw new IllegalArgumentException("no compression to write: " + kind);
        }
    }

    /** A zip of one entry, named as the plain file was. */
    private static ZipOutputStream zip(final OutputStream out, final String entryName, final int level)
        throws IOException {
        final ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(level);
        zip.putNextEntry(new ZipEntry(entryName));
        return zip;
    }

    /**
     * Gives the compressed file the permissions, owner and group of the plain one (which a log
     * object's {@code filePermissions}, {@code fileOwner} and {@code fileGroup} set), where the
     * file system has them.
     */
    private static void copyAttributes(final Path from, final Path to) throws IOException {
        final PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        final PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (source == null || target == null) {
            return;
        }
        final PosixFileAttributes wanted = source.readAttributes();
        final PosixFileAttributes has = target.readAttributes();
        target.setPermissions(wanted.permissions());
        if (!wanted.owner().equals(has.owner())) {
            target.setOwner(wanted.owner());
        }
        if (!wanted.group().equals(has.group())) {
            target.setGroup(wanted.group());
        }
    }

    /** Renames in one step where the file system allows it. */
    public static void move(final Path from, final Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The file's stream as a codec sees it: closing it only flushes, so the channel can be forced. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(final OutputStream out) {
            super(out);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            out.write(b, off, len); // FilterOutputStream's own writes one byte at a time
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** gzip at a chosen level: the JDK's stream takes none, but lets a subclass set its deflater's. */
    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(final OutputStream out, final int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }
    }

    /** zlib-format deflate at a chosen level, ending its deflater's native memory when closed. */
    private static final class OwnDeflaterOutputStream extends DeflaterOutputStream {
        OwnDeflaterOutputStream(final OutputStream out, final int level) {
            super(out, new Deflater(level), BUFFER);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                def.end();
            }
        }
    }
}
