package dev.spool.engine.sockstat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * A channel's reads and writes (scatter and gather too), counted under a label: what the
 * labelled socket and datagram channels share.
 *
 * @param <C> the wrapped channel
 */
abstract class CountedChannel<C extends ByteChannel & ScatteringByteChannel & GatheringByteChannel>
    implements ByteChannel, ScatteringByteChannel, GatheringByteChannel {
    final C channel;
    final SockLabel label;

    CountedChannel(final C channel, final SockLabel label) {
        this.channel = channel;
        this.label = label;
    }

    /** The wrapped channel, for selectors and options; bytes moved through it directly are not counted. */
    public C channel() {
        return channel;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException {
        final int n = channel.read(dst);
        label.received(n);
        return n;
    }

    @Override
    public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException {
        final long n = channel.read(dsts, offset, length);
        label.received(n);
        return n;
    }

    @Override
    public long read(final ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    @Override
    public int write(final ByteBuffer src) throws IOException {
        final int n = channel.write(src);
        label.sent(n);
        return n;
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException {
        final long n = channel.write(srcs, offset, length);
        label.sent(n);
        return n;
    }

    @Override
    public long write(final ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
