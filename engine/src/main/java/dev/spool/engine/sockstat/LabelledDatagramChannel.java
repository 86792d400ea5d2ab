package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * A datagram channel's sends and receives (and reads and writes once connected), counted under a
 * label as payload bytes (UDP and IP headers are not counted). Register {@link #channel()} with a
 * selector and set options on it as usual, and move datagrams through this wrapper. Made by
 * {@link SockStats#wrap(DatagramChannel, SockLabel)}.
 */
public final class LabelledDatagramChannel implements ByteChannel, ScatteringByteChannel, GatheringByteChannel {
    private final DatagramChannel channel;
    private final SockLabel label;

    LabelledDatagramChannel(final DatagramChannel channel, final SockLabel label) {
        this.channel = channel;
        this.label = label;
    }

    /** The wrapped channel, for selectors, binding and options; datagrams moved through it directly are not counted. */
    public DatagramChannel channel() {
        return channel;
    }

    /** Sends one datagram ({@link DatagramChannel#send}); counts what was sent (0 when it was not). */
    public int send(final ByteBuffer src, final SocketAddress target) throws IOException {
        final int n = channel.send(src, target);
        label.sent(n);
        return n;
    }

    /** Receives one datagram ({@link DatagramChannel#receive}); counts its payload (what was put in {@code dst}). */
    public SocketAddress receive(final ByteBuffer dst) throws IOException {
        final int before = dst.position();
        final SocketAddress from = channel.receive(dst);
        if (from != null) {
            label.received(dst.position() - before);
        }
        return from;
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
