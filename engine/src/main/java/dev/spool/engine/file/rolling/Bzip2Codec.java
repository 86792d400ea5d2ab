package dev.spool.engine.file.rolling;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes {@code .bz2} with Apache Commons Compress, an optional dependency: the JVM loads this class,
 * and with it the library, only when a file is compressed this way (see {@link Compression}).
 */
final class Bzip2Codec {
    private Bzip2Codec() {
    }

    /** A bzip2 stream onto {@code out}; {@code level} is the block size in 100 kB, -1 for 900 kB. */
    static OutputStream open(final OutputStream out, final int level) throws IOException {
        return level == Compression.DEFAULT_LEVEL ? new BZip2CompressorOutputStream(out)
            : new BZip2CompressorOutputStream(out, level);
    }
}
