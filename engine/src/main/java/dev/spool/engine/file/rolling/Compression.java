package dev.spool.engine.file.rolling;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipInputStream;
import java.util.regex.Pattern;

/**
 * How a rolled file is compressed: the ending of a file name pattern that asks for it (as Log4j2's
 * {@code filePattern} and Logback's {@code fileNamePattern} end), the range of its compression
 * level, and the library that writes it when the JDK does not.
 *
 * <table>
 *   <caption>Formats</caption>
 *   <tr><th>suffix</th><th>format</th><th>levels (default)</th><th>needs</th></tr>
 *   <tr><td>{@code .gz}</td><td>gzip</td><td>0-9 (6)</td><td>the JDK</td></tr>
 *   <tr><td>{@code .zip}</td><td>zip, one entry named as the plain file</td><td>0-9 (6)</td><td>the JDK</td></tr>
 *   <tr><td>{@code .deflate}</td><td>deflate in the zlib format (RFC 1950), as Log4j2 writes it
 *       through Commons Compress</td><td>0-9 (6)</td><td>the JDK</td></tr>
 *   <tr><td>{@code .bz2}</td><td>bzip2</td><td>1-9, the block size in 100 kB (9)</td>
 *       <td>{@code org.apache.commons:commons-compress}</td></tr>
 *   <tr><td>{@code .xz}</td><td>xz (LZMA2, CRC64 check)</td><td>0-9, the preset (6); presets 7, 8 and 9
 *       take about 184, 368 and 672 MiB of heap while a file is compressed</td>
 *       <td>{@code org.tukaani:xz}</td></tr>
 *   <tr><td>{@code .zst}</td><td>Zstandard, with a content checksum as the {@code zstd} tool writes
 *       it</td><td>1-22 (3)</td><td>{@code com.github.luben:zstd-jni} (native code for the
 *       common platforms, inside the jar)</td></tr>
 * </table>
 *
 * <p>A level of {@link #DEFAULT_LEVEL} is the format's own default. Zstandard's negative "fast"
 * levels are not offered, as -1 means the default.
 *
 * <p>The libraries are optional dependencies of the engine: only the class of each codec refers to
 * its library, and the JVM loads that class when a file is first compressed in its format. Before
 * that, {@link #unavailableReason} tells whether the library is there, so that a pattern asking
 * for an absent one is refused at configuration time ({@link FileNamePattern#parse}) and an
 * adapter can fall back to plain rolled files with a warning instead.
 */
public enum Compression {
    NONE("", 0, 0, null, null),
    GZIP(".gz", 0, 9, null, null),
    ZIP(".zip", 0, 9, null, null),
    DEFLATE(".deflate", 0, 9, null, null),
    BZIP2(".bz2", 1, 9, "org.apache.commons:commons-compress",
        "org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream"),
    XZ(".xz", 0, 9, "org.tukaani:xz", "org.tukaani.xz.XZOutputStream"),
    /** Levels up to zstd's {@code ZSTD_maxCLevel()}, which has been 22 in every release. */
    ZSTD(".zst", 1, 22, "com.github.luben:zstd-jni", "com.github.luben.zstd.ZstdOutputStream");

    /** The level that leaves the choice to the format. */
    public static final int DEFAULT_LEVEL = -1;

    /** Any compressed ending or none, as a regular expression to end a pattern of rolled names with. */
    static final String ANY_SUFFIX_REGEX = anySuffixRegex();

    private final String suffix;
    private final int minLevel;
    private final int maxLevel;
    private final String dependency;
    private final String libraryClass;

    Compression(final String suffix, final int minLevel, final int maxLevel, final String dependency,
                final String libraryClass) {
        this.suffix = suffix;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.dependency = dependency;
        this.libraryClass = libraryClass;
    }

    private static String anySuffixRegex() {
        final StringJoiner r = new StringJoiner("|", "(?:", ")?");
        for (final Compression c : values()) {
            if (c != NONE) {
                r.add(Pattern.quote(c.suffix));
            }
        }
        return r.toString();
    }

    /** The compression a file name's ending asks for; {@link #NONE} for any other ending. */
    public static Compression of(final String name) {
        for (final Compression c : values()) {
            if (c != NONE && name.endsWith(c.suffix)) {
                return c;
            }
        }
        return NONE;
    }

    /** The ending of a compressed file's name, with its dot; empty for {@link #NONE}. */
    public String suffix() {
        return suffix;
    }

    /** The lowest level the format takes, {@link #DEFAULT_LEVEL} apart. */
    public int minLevel() {
        return minLevel;
    }

    /** The highest level the format takes. */
    public int maxLevel() {
        return maxLevel;
    }

    /** Maven coordinates ({@code groupId:artifactId}) of the library it needs, or {@code null}: the JDK's. */
    public String dependency() {
        return dependency;
    }

    /**
     * A stream of the plain bytes of {@code in}, a file compressed this way (a zip file's first
     * entry); {@code in} itself for {@link #NONE}. For reading rolled files back (spool-cat).
     *
     * @throws IOException when the data is not in this format, or its library is missing (the
     *     message says which, as {@link #unavailableReason} does)
     */
    public InputStream decompress(final InputStream in) throws IOException {
        switch (this) {
            case NONE:
                return in;
            case GZIP:
                return new GZIPInputStream(in, 1 << 16);
            case ZIP:
                final ZipInputStream zip = new ZipInputStream(in);
                if (zip.getNextEntry() == null) {
                    throw new IOException("the zip file has no entry");
                }
                return zip;
            case DEFLATE:
                return new InflaterInputStream(in);
            default:
                final String missing = unavailableReason();
                if (missing != null) {
                    throw new IOException(missing.replace("compression", "decompression"));
                }
                final String reader = libraryClass.replace("OutputStream", "InputStream");
                try {
                    return (InputStream) Class.forName(reader, true, Compression.class.getClassLoader())
                        .getConstructor(InputStream.class).newInstance(in);
                } catch (final InvocationTargetException e) {
                    throw e.getCause() instanceof IOException ? (IOException) e.getCause()
                        : new IOException(e.getCause());
                } catch (final ReflectiveOperationException | LinkageError e) {
                    throw new IOException(suffix + " decompression: " + reader + " cannot be used: " + e);
                }
        }
    }

    /**
     * Why files cannot be compressed this way in this JVM, or {@code null} when they can: its
     * library is not on the class path (the message names the Maven coordinates to add), or, for
     * zstd, the library's native code does not load on this platform.
     */
    public String unavailableReason() {
        if (libraryClass == null) {
            return null;
        }
        try {
            Class.forName(libraryClass, false, Compression.class.getClassLoader());
        } catch (final ClassNotFoundException | LinkageError e) {
            return suffix + " compression needs " + dependency + " on the class path";
        }
        if (this == ZSTD) {
            final String problem = ZstdCodec.nativeLoadProblem();
            if (problem != null) {
                return suffix + " compression needs the native code of " + dependency + ", which did not load"
                    + " (" + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): " + problem;
            }
        }
        return null;
    }
}
