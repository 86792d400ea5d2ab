package dev.spool.engine.sockstat;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * TLS sockets that count the bytes on the wire under a label: each is a real {@link SSLSocket}
 * (handshake, session, everything of the given factory's) layered on a counted plain socket, so
 * what is counted is what crossed the network, records and handshake included, not the plaintext.
 * Give it to anything that takes an {@link SSLSocketFactory}
 * ({@code HttpsURLConnection.setSSLSocketFactory}, most HTTP and database clients).
 *
 * <p>Sockets are made connected. {@link #createSocket()} (an unconnected socket) is not supported:
 * TLS can only be layered on a connected socket. It throws the {@link SocketException} with an
 * {@link UnsupportedOperationException} cause that {@link SocketFactory} documents, on which
 * clients such as {@code HttpsURLConnection} fall back to the connected forms.
 */
public final class LabelledSSLSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final SocketFactory plain;
    private final SockLabel label;

    /** {@code tls}'s sockets over plain sockets of {@link SocketFactory#getDefault()}, counted under {@code label}. */
    public LabelledSSLSocketFactory(final SSLSocketFactory tls, final SockLabel label) {
        this(tls, SocketFactory.getDefault(), label);
    }

    /** {@code tls}'s sockets over {@code plain}'s sockets, counted under {@code label}. */
    public LabelledSSLSocketFactory(final SSLSocketFactory tls, final SocketFactory plain, final SockLabel label) {
        if (tls == null || plain == null || label == null) {
            throw new IllegalArgumentException("LabelledSSLSocketFactory needs a TLS factory, a socket factory and a label");
        }
        this.tls = tls;
        this.plain = plain;
        this.label = label;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    /** TLS over {@code socket}, which is counted under this label unless it is counted already. */
    @Override
    public Socket createSocket(final Socket socket, final String host, final int port, final boolean autoClose)
        throws IOException {
        return tls.createSocket(counted(socket), host, port, autoClose);
    }

    /** Server-side TLS over an accepted {@code socket} ({@code consumed}: bytes already read from it). */
    @Override
    public Socket createSocket(final Socket socket, final InputStream consumed, final boolean autoClose)
        throws IOException {
        return tls.createSocket(counted(socket), consumed, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
        final SocketException e = new SocketException("a labelled TLS socket is made connected; unconnected ones are"
            + " not supported");
        e.initCause(new UnsupportedOperationException("LabelledSSLSocketFactory.createSocket()"));
        throw e;
    }

    @Override
    public Socket createSocket(final String host, final int port) throws IOException {
        return layer(plain.createSocket(host, port), host, port);
    }

    @Override
    public Socket createSocket(final String host, final int port, final InetAddress localHost, final int localPort)
        throws IOException {
        return layer(plain.createSocket(host, port, localHost, localPort), host, port);
    }

    @Override
    public Socket createSocket(final InetAddress host, final int port) throws IOException {
        return layer(plain.createSocket(host, port), hostName(host), port);
    }

    @Override
    public Socket createSocket(final InetAddress address, final int port, final InetAddress localAddress,
                               final int localPort) throws IOException {
        return layer(plain.createSocket(address, port, localAddress, localPort), hostName(address), port);
    }

    /** TLS over a new connected {@code socket}; the socket is closed when that fails. */
    private Socket layer(final Socket socket, final String host, final int port) throws IOException {
        try {
            return tls.createSocket(new LabelledSocket(socket, label), host, port, true);
        } catch (final IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket counted(final Socket socket) {
        return socket instanceof LabelledSocket ? socket : new LabelledSocket(socket, label);
    }

    /**
     * The name {@code address} was made with, for TLS's server name and host check, without a
     * reverse lookup; its literal address when it was made from one.
     */
    static String hostName(final InetAddress address) {
        final String s = address.toString(); // "name/literal", or "/literal" when made from a literal
        final int slash = s.indexOf('/');
        return slash > 0 ? s.substring(0, slash) : address.getHostAddress();
    }
}
