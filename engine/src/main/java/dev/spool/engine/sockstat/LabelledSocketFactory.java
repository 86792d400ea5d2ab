package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets that count their bytes under a label, for any client that takes a
 * {@link SocketFactory} (database drivers, mail, many HTTP clients): nothing else changes.
 */
public final class LabelledSocketFactory extends SocketFactory {
    private final SocketFactory sockets;
    private final SockLabel label;

    /** Plain sockets, counted under {@code label}. */
    public LabelledSocketFactory(final SockLabel label) {
        this(SocketFactory.getDefault(), label);
    }

    /** {@code sockets}' sockets (a TLS factory, say), counted under {@code label}. */
    public LabelledSocketFactory(final SocketFactory sockets, final SockLabel label) {
        this.sockets = sockets;
        this.label = label;
    }

    @Override
    public Socket createSocket() throws IOException {
        return new LabelledSocket(sockets.createSocket(), label);
    }

    @Override
    public Socket createSocket(final String host, final int port) throws IOException {
        return new LabelledSocket(sockets.createSocket(host, port), label);
    }

    @Override
    public Socket createSocket(final String host, final int port, final InetAddress localHost, final int localPort)
        throws IOException {
        return new LabelledSocket(sockets.createSocket(host, port, localHost, localPort), label);
    }

    @Override
    public Socket createSocket(final InetAddress host, final int port) throws IOException {
        return new LabelledSocket(sockets.createSocket(host, port), label);
    }

    @Override
    public Socket createSocket(final InetAddress address, final int port, final InetAddress localAddress,
                               final int localPort) throws IOException {
        return new LabelledSocket(sockets.createSocket(address, port, localAddress, localPort), label);
    }
}
