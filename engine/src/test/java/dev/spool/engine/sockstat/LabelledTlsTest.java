package dev.spool.engine.sockstat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS through the labelled factories over loopback: real SSL sockets on both sides, and the bytes
 * counted are those a relay between them forwarded (the wire's), more than the plaintext.
 */
class LabelledTlsTest {
    private static final char[] PASSWORD = "secret".toCharArray();
    private static SSLContext context;
    /**
     * Threads for the server and the relay's two directions, all blocked in I/O at once: not the
     * common pool, which has one thread on a 2-core machine (the test hung so on JDK 25).
     */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @TempDir
    static Path dir;

    /** A self-signed certificate for localhost, made by the JDK's keytool, and a context that trusts it. */
    @BeforeAll
    static void certificate() throws Exception {
        final Path store = dir.resolve("localhost.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", store.toString(),
            "-storetype", "PKCS12", "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
        final String said = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), said);
        final KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, PASSWORD);
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ks);
        context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    }

    @Test
    void aTlsClientAndServerCountTheBytesOnTheWire() throws Exception {
        final SockStats stats = new SockStats();
        final SockLabel client = stats.label("client");
        final SockLabel server = stats.label("server");
        final int request = 10_000;
        final int reply = 50_000;
        try (ServerSocket listener = new LabelledServerSocketFactory(context.getSocketFactory(), server)
            .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Relay relay = new Relay(listener.getLocalPort(), threads)) {
            final CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    final SSLSocket tls = assertInstanceOf(SSLSocket.class, s, "an accepted connection is a TLS socket");
                    new DataInputStream(tls.getInputStream()).readFully(new byte[request]);
                    tls.getOutputStream().write(new byte[reply]);
                    tls.getOutputStream().flush();
                    tls.shutdownOutput(); // close_notify; then the client's, before the connection closes
                    final int end = tls.getInputStream().read();
                    return tls.getSession().getProtocol() + " " + end;
                } catch (final IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            final Socket s = new LabelledSocketFactory(context.getSocketFactory(), client)
                .createSocket("localhost", relay.port());
            final SSLSocket tls = assertInstanceOf(SSLSocket.class, s, "a TLS client gets a real SSLSocket");
            tls.setSoTimeout(20_000); // a failure, not a hang, if the other side never answers
            try (tls) {
                tls.startHandshake();
                assertNotNull(tls.getSession().getPeerCertificates()[0]);
                final OutputStream out = tls.getOutputStream();
                out.write(new byte[request]);
                out.flush();
                final InputStream in = tls.getInputStream();
                final byte[] buf = new byte[8192];
                long got = 0;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got += n;
                }
                assertEquals(reply, got);
            }
            assertTrue(served.get(20, TimeUnit.SECONDS).endsWith(" -1"));
            relay.awaitEnd();
            assertEquals(relay.up.get(), client.tx(), "client sent: the bytes the relay forwarded up");
            assertEquals(relay.down.get(), client.rx(), "client received: the bytes the relay forwarded down");
            assertEquals(relay.up.get(), server.rx());
            assertEquals(relay.down.get(), server.tx());
            assertTrue(client.tx() > request && client.rx() > reply, "records and handshake are counted: " + client);
        }
    }

    @Test
    void anSslSocketFactoryForClientsThatNeedOne() throws Exception {
        final SockStats stats = new SockStats();
        final SockLabel label = stats.label("https");
        final LabelledSSLSocketFactory factory = new LabelledSSLSocketFactory(context.getSocketFactory(), label);
        final SocketException unconnected = assertThrows(SocketException.class, factory::createSocket);
        assertInstanceOf(UnsupportedOperationException.class, unconnected.getCause(),
            "the cause clients such as HttpsURLConnection fall back on");
        try (ServerSocket listener = context.getServerSocketFactory().createServerSocket(0, 1,
            InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write(42);
                } catch (final IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            // Layered on a plain socket the caller connected, as HTTP clients do through proxies.
            final Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, "localhost", listener.getLocalPort(), true)) {
                assertEquals(42, tls.getInputStream().read());
            }
            served.get(20, TimeUnit.SECONDS);
        }
        assertTrue(label.rx() > 1 && label.tx() > 0, "the handshake crossed the counted socket: " + label);
    }

    /** Forwards bytes between a client and the server at {@code target}, counting each direction. */
    private static final class Relay implements AutoCloseable {
        final AtomicLong up = new AtomicLong();
        final AtomicLong down = new AtomicLong();
        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CompletableFuture<Void> done;

        Relay(final int target, final ExecutorService threads) throws IOException {
            done = CompletableFuture.runAsync(() -> {
                try (Socket a = listener.accept(); Socket b = new Socket(InetAddress.getLoopbackAddress(), target)) {
                    a.setSoTimeout(20_000);
                    b.setSoTimeout(20_000);
                    final CompletableFuture<Void> upward = CompletableFuture.runAsync(() -> pump(a, b, up), threads);
                    pump(b, a, down);
                    upward.get(20, TimeUnit.SECONDS);
                } catch (final Exception e) {
                    throw new RuntimeException(e);
                }
            }, threads);
        }

        int port() {
            return listener.getLocalPort();
        }

        void awaitEnd() throws Exception {
            done.get(20, TimeUnit.SECONDS);
        }

        /** Copies until the end of {@code from}, then ends {@code to}'s output (a half close). */
        private static void pump(final Socket from, final Socket to, final AtomicLong count) {
            try {
                final byte[] buf = new byte[4096];
                final InputStream in = from.getInputStream();
                final OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                    count.addAndGet(n);
                }
                to.shutdownOutput();
            } catch (final IOException e) {
                throw new RuntimeException(e);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
