package dev.spool.engine.sockstat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;

/**
 * A socket channel's reads and writes (scatter and gather too), counted under a label. Register
 * {@link #channel()} with a selector as usual, and move bytes through this wrapper.
 */
public final class LabelledChannel implements ByteChannel, ScatteringByteChannel, GatheringByteChannel {
    private final SocketChannel channel;
    private final SockLabel label;

    LabelledChannel(final SocketChannel channel, final SockLabel label) {
        this.channel = channel;
        this.label = label;
    }

    /** The wrapped channel, for selectors and options; bytes moved through it directly are not counted. */
    public SocketChannel channel() {
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
