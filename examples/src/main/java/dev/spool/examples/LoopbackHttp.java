package dev.spool.examples;

import dev.spool.engine.sockstat.LabelledServerSocketFactory;
import dev.spool.engine.sockstat.LabelledSocketFactory;
import dev.spool.engine.sockstat.SockLabel;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * A small HTTP/1.1 backend on loopback and keep-alive clients for it, on labelled sockets, so the
 * example's requests make real traffic for sockstat to count. The backend answers
 * {@code GET /path?micros=N} after N microseconds of "work" with a body that echoes the path.
 */
final class LoopbackHttp implements Closeable {
    private final ServerSocket server;
    private final Thread acceptor;

    /** Starts the backend; its connections count under {@code serverLabel}. */
    LoopbackHttp(final SockLabel serverLabel) throws IOException {
        server = new LabelledServerSocketFactory(serverLabel).createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "backend-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket s = server.accept();
                final Thread t = new Thread(() -> serve(s), "backend-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (final IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(final Socket s) {
        try {
            s.setTcpNoDelay(true); // head and body are two writes: no Nagle wait between them
        } catch (final SocketException e) {
            // keep going without it
        }
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            for (Head request; (request = readHead(in)) != null; ) {
                final String target = request.first().split(" ")[1];
                final int q = target.indexOf("?micros=");
                if (q > 0) {
                    LockSupport.parkNanos(Long.parseLong(target.substring(q + 8)) * 1000L);
                }
                final byte[] body = ("{\"path\":\"" + target.substring(0, Math.max(q, 0)) + "\",\"items\":[1,2,3]}")
                    .getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (final SocketException e) {
            // the client went away
        } catch (final IOException e) {
            System.err.println("backend: " + e);
        }
    }

    /** A message's first line and its Content-Length (0 without one). */
    record Head(String first, int contentLength) {
    }

    /** The head of the next message, or null at the end of the stream. */
    private static Head readHead(final InputStream in) throws IOException {
        final StringBuilder line = new StringBuilder();
        String first = null;
        int length = 0;
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                final String l = line.toString().trim();
                line.setLength(0);
                if (l.isEmpty()) {
                    return new Head(first, length);
                }
                if (first == null) {
                    first = l;
                } else if (l.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
            } else {
                line.append((char) c);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One keep-alive connection to the backend, counting under its label. */
    static final class Client implements Closeable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Client(final SockLabel label, final int port) throws IOException {
            socket = new LabelledSocketFactory(label).createSocket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** GETs {@code path} (the backend works {@code micros} first) and returns the status code. */
        int get(final String path, final int micros) throws IOException {
            out.write(("GET " + path + "?micros=" + micros + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: spool-example\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final Head response = readHead(in);
            if (response == null) {
                throw new IOException("the backend closed the connection");
            }
            in.readNBytes(response.contentLength());
            return Integer.parseInt(response.first().split(" ")[1]);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
