package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Server sockets whose accepted connections count their bytes under a label. With a TLS factory
 * ({@code SSLContext.getSocketFactory()}), each accepted connection is a real server-mode
 * {@link javax.net.ssl.SSLSocket} over the counted socket, so the bytes counted are the wire's; the
 * server socket itself is a plain {@link ServerSocket} (TLS settings come with the factory's context).
 */
public final class LabelledServerSocketFactory extends ServerSocketFactory {
    private final SockLabel label;
    private final SSLSocketFactory tls;

    /** Plain connections. */
    public LabelledServerSocketFactory(final SockLabel label) {
        this(null, label);
    }

    /** TLS connections by {@code tls}'s settings (null: plain), counted on the wire. */
    public LabelledServerSocketFactory(final SSLSocketFactory tls, final SockLabel label) {
        this.label = label;
        this.tls = tls;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new LabelledServerSocket(label, tls);
    }

    @Override
    public ServerSocket createServerSocket(final int port) throws IOException {
        final ServerSocket s = new LabelledServerSocket(label, tls);
        s.bind(new InetSocketAddress(port));
        return s;
    }

    @Override
    public ServerSocket createServerSocket(final int port, final int backlog) throws IOException {
        final ServerSocket s = new LabelledServerSocket(label, tls);
        s.bind(new InetSocketAddress(port), backlog);
        return s;
    }

    @Override
    public ServerSocket createServerSocket(final int port, final int backlog, final InetAddress bindAddress)
        throws IOException {
        final ServerSocket s = new LabelledServerSocket(label, tls);
        s.bind(new InetSocketAddress(bindAddress, port), backlog);
        return s;
    }
}
