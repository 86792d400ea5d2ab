package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import javax.net.ServerSocketFactory;

/** Server sockets whose accepted connections count their bytes under a label. */
public final class LabelledServerSocketFactory extends ServerSocketFactory {
    private final SockLabel label;

    public LabelledServerSocketFactory(final SockLabel label) {
        this.label = label;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new LabelledServerSocket(label);
    }

    @Override
    public ServerSocket createServerSocket(final int port) throws IOException {
        final ServerSocket s = new LabelledServerSocket(label);
        s.bind(new InetSocketAddress(port));
        return s;
    }

    @Override
    public ServerSocket createServerSocket(final int port, final int backlog) throws IOException {
        final ServerSocket s = new LabelledServerSocket(label);
        s.bind(new InetSocketAddress(port), backlog);
        return s;
    }

    @Override
    public ServerSocket createServerSocket(final int port, final int backlog, final InetAddress bindAddress)
        throws IOException {
        final ServerSocket s = new LabelledServerSocket(label);
        s.bind(new InetSocketAddress(bindAddress, port), backlog);
        return s;
    }
}
