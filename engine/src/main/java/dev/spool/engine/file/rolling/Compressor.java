package dev.spool.engine.file.rolling;

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
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Compresses a rolled file so that a crash at any moment leaves the plain file or the compressed
 * one whole, never neither: the compressed bytes go to {@code <target>.tmp}, are forced to disk,
 * renamed to the target in one step, and only then is the plain file deleted.
 */
public final class Compressor {
    static final String TMP = ".tmp";

    private Compressor() {
    }

    public static void compress(final Path plain, final Path target, final FileNamePattern.Compression kind) throws IOException {
        final Path tmp = target.resolveSibling(target.getFileName() + TMP);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
             InputStream in = Files.newInputStream(plain)) {
            final OutputStream raw = Channels.newOutputStream(out);
            if (kind == FileNamePattern.Compression.ZIP) {
                try (ZipOutputStream zip = new ZipOutputStream(raw)) {
                    zip.putNextEntry(new ZipEntry(plain.getFileName().toString()));
                    in.transferTo(zip);
                    zip.closeEntry();
                    zip.finish();
                    zip.flush();
                    out.force(true);
                }
            } else {
                try (GZIPOutputStream gz = new GZIPOutputStream(raw, 64 * 1024)) {
                    in.transferTo(gz);
                    gz.finish();
                    gz.flush();
                    out.force(true);
                }
            }
        }
        move(tmp, target);
        Files.delete(plain);
    }

    /** Renames in one step where the file system allows it. */
    public static void move(final Path from, final Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
