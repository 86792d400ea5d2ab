package dev.spool.engine.sockstat;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Stream wrappers that count the bytes crossing them under a label. */
final class CountingStreams {
    private CountingStreams() {
    }

    /** Counts every byte read (and skipped: skipped bytes were received too). */
    static final class In extends FilterInputStream {
        private final SockLabel label;

        In(final InputStream in, final SockLabel label) {
            super(in);
            this.label = label;
        }

        @Override
        public int read() throws IOException {
            final int b = in.read();
            if (b >= 0) {
                label.received(1);
            }
            return b;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            final int n = in.read(b, off, len);
            label.received(n);
            return n;
        }

        @Override
        public long skip(final long n) throws IOException {
            final long skipped = in.skip(n);
            label.received(skipped);
            return skipped;
        }
    }

    /** Counts every byte written, once the write returned. */
    static final class Out extends FilterOutputStream {
        private final SockLabel label;

        Out(final OutputStream out, final SockLabel label) {
            super(out);
            this.label = label;
        }

        @Override
        public void write(final int b) throws IOException {
            out.write(b);
            label.sent(1);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            out.write(b, off, len); // not FilterOutputStream's byte-at-a-time loop
            label.sent(len);
        }
    }
}
