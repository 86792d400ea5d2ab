package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A UDP socket that counts the payload bytes of the datagrams it sends and receives under a label
 * (the UDP and IP headers, 28 to 48 bytes a datagram, are not counted; nor are TCP's for the
 * stream sockets). It is a {@link DatagramSocket} itself: make it where the code made one.
 */
public final class LabelledDatagramSocket extends DatagramSocket {
    private final SockLabel label;

    /** Bound to an ephemeral port on every address, as {@code new DatagramSocket()} is. */
    public LabelledDatagramSocket(final SockLabel label) throws SocketException {
        super();
        this.label = label;
    }

    /** Bound to {@code address} (null: unbound, as {@code new DatagramSocket((SocketAddress) null)}). */
    public LabelledDatagramSocket(final SocketAddress address, final SockLabel label) throws SocketException {
        super(address);
        this.label = label;
    }

    /** The label this socket counts under. */
    public SockLabel label() {
        return label;
    }

    @Override
    public void send(final DatagramPacket p) throws IOException {
        super.send(p);
        label.sent(p.getLength());
    }

    @Override
    public void receive(final DatagramPacket p) throws IOException {
        super.receive(p);
        label.received(p.getLength());
    }
}
