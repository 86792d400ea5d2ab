package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A server socket whose accepted sockets count their bytes under a label; with a TLS factory, each
 * accepted socket is a server-mode {@link javax.net.ssl.SSLSocket} over the counted one.
 */
final class LabelledServerSocket extends ServerSocket {
    private final SockLabel label;
    /** TLS layered on accepted sockets; null for plain. */
    private final SSLSocketFactory tls;

    LabelledServerSocket(final SockLabel label, final SSLSocketFactory tls) throws IOException {
        this.label = label;
        this.tls = tls;
    }

    @Override
    public Socket accept() throws IOException {
        final Socket accepted = super.accept();
        final Socket counted = new LabelledSocket(accepted, label);
        if (tls == null) {
            return counted;
        }
        try {
            return tls.createSocket(counted, null, true); // server mode, as the JDK's layering makes it
        } catch (final IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
    }
}
