package dev.spool.engine.file.rolling;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes {@code .xz} with XZ for Java ({@code org.tukaani:xz}, what Logback uses), an optional
 * dependency: the JVM loads this class, and with it the library, only when a file is compressed
 * this way (see {@link Compression}).
 */
final class XzCodec {
    private XzCodec() {
    }

    /** An xz stream (LZMA2, CRC64 check) onto {@code out}; {@code level} is the preset, -1 for 6. */
    static OutputStream open(final OutputStream out, final int level) throws IOException {
        final LZMA2Options options = level == Compression.DEFAULT_LEVEL ? new LZMA2Options() : new LZMA2Options(level);
        return new XZOutputStream(out, options);
    }
}
