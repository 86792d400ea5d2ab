package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A datagram channel's sends and receives (and reads and writes once connected), counted under a
 * label as payload bytes (UDP and IP headers are not counted). Register {@link #channel()} with a
 * selector and set options on it as usual, and move datagrams through this wrapper. Made by
 * {@link SockStats#wrap(DatagramChannel, SockLabel)}.
 */
public final class LabelledDatagramChannel extends CountedChannel<DatagramChannel> {
    LabelledDatagramChannel(final DatagramChannel channel, final SockLabel label) {
        super(channel, label);
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
}
