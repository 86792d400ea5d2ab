package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets that count their bytes under a label, for any client that takes a
 * {@link SocketFactory} (database drivers, mail, many HTTP clients): nothing else changes. Given an
 * {@link SSLSocketFactory}, its sockets are real TLS sockets over counted plain ones, as
 * {@link LabelledSSLSocketFactory} makes them (which is the one to use where an
 * {@code SSLSocketFactory} is needed): the bytes counted are the wire's, not the plaintext.
 */
public final class LabelledSocketFactory extends SocketFactory {
    private final SocketFactory sockets;
    private final SockLabel label;
    /** Whether {@link #sockets} counts already (TLS), so its sockets are not wrapped again. */
    private final boolean counts;

    /** Plain sockets, counted under {@code label}. */
    public LabelledSocketFactory(final SockLabel label) {
        this(SocketFactory.getDefault(), label);
    }

    /** {@code sockets}' sockets (a TLS factory, say), counted under {@code label} as they cross the wire. */
    public LabelledSocketFactory(final SocketFactory sockets, final SockLabel label) {
        this.counts = sockets instanceof SSLSocketFactory;
        this.sockets = counts ? new LabelledSSLSocketFactory((SSLSocketFactory) sockets, label) : sockets;
        this.label = label;
    }

    @Override
    public Socket createSocket() throws IOException {
        return counted(sockets.createSocket());
    }

    @Override
    public Socket createSocket(final String host, final int port) throws IOException {
        return counted(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(final String host, final int port, final InetAddress localHost, final int localPort)
        throws IOException {
        return counted(sockets.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(final InetAddress host, final int port) throws IOException {
        return counted(sockets.createSocket(host, port));
    }

    @Override
    public Socket createSocket(final InetAddress address, final int port, final InetAddress localAddress,
                               final int localPort) throws IOException {
        return counted(sockets.createSocket(address, port, localAddress, localPort));
    }

    private Socket counted(final Socket socket) {
        return counts ? socket : new LabelledSocket(socket, label);
    }
}
