package dev.spool.engine.sockstat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** A server socket whose accepted sockets count their bytes under a label. */
final class LabelledServerSocket extends ServerSocket {
    private final SockLabel label;

    LabelledServerSocket(final SockLabel label) throws IOException {
        this.label = label;
    }

    @Override
    public Socket accept() throws IOException {
        return new LabelledSocket(super.accept(), label);
    }
}
