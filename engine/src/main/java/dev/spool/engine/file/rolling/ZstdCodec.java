package dev.spool.engine.file.rolling;

import com.github.luben.zstd.ZstdOutputStream;
import com.github.luben.zstd.util.Native;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes {@code .zst} with zstd-jni (what Log4j2 uses, through Commons Compress), an optional
 * dependency: the JVM loads this class, and with it the library, only when a file is compressed
 * this way or {@link Compression#unavailableReason} asks whether the native code loads.
 *
 * <p>zstd-jni rather than the pure-Java aircompressor: on a 32 MB generated application log (two
 * runs on this project's 2-core machine, medians of 5), zstd-jni at level 3 wrote 4.9 MB in 0.07
 * and 0.09 s, aircompressor 2.0.3's {@code ZstdOutputStream} 12.3 MB in 0.08 and 0.09 s: its stream
 * loses most of the ratio once the window slides (airlift/aircompressor#355), and it has no level
 * setting. The price is a 7.5 MB jar with native code for 18 platforms.
 */
final class ZstdCodec {
    private ZstdCodec() {
    }

    /** A zstd frame with a content checksum onto {@code out}; {@code level} 1 to 22, -1 for 3. */
    static OutputStream open(final OutputStream out, final int level) throws IOException {
        final ZstdOutputStream z = new ZstdOutputStream(out);
        z.setChecksum(true);
        if (level != Compression.DEFAULT_LEVEL) {
            z.setLevel(level);
        }
        return z;
    }

    /** Why the native code does not load here, or {@code null} when it does. */
    static String nativeLoadProblem() {
        try {
            Native.load();
            return null;
        } catch (final LinkageError e) {
            return String.valueOf(e.getMessage());
        }
    }
}
