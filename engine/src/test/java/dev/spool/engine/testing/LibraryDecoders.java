package dev.spool.engine.testing;

import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Readers of the formats whose libraries are optional dependencies of the engine (.bz2, .xz, .zst).
 * Apart from {@link TestFiles} so that the JVM loads them only when such a file is read: a module
 * whose tests never do needs none of the three libraries.
 */
final class LibraryDecoders {
    private LibraryDecoders() {
    }

    static InputStream bzip2(final InputStream in) throws IOException {
        return new BZip2CompressorInputStream(in);
    }

    static InputStream xz(final InputStream in) throws IOException {
        return new XZInputStream(in);
    }

    static InputStream zstd(final InputStream in) throws IOException {
        return new ZstdInputStream(in);
    }
}
