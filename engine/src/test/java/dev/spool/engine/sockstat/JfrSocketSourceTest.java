package dev.spool.engine.sockstat;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** JFR's socket events, counted without wrapping a socket, by remote port. */
class JfrSocketSourceTest {
    @Test
    void plainSocketsAreCountedByRemotePort() throws Exception {
        final SockStats stats = new SockStats();
        final JfrSocketSource jfr = new JfrSocketSource(stats, JfrSocketSource.Rule.PORT);
        jfr.start();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final int port = listener.getLocalPort();
            final CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().readNBytes(50_000);
                    s.getOutputStream().write(new byte[7_000]);
                } catch (final Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                final OutputStream out = s.getOutputStream();
                for (int i = 0; i < 10; i++) {
                    out.write(new byte[5_000]);
                }
                s.getInputStream().readNBytes(7_000);
            }
            served.get(10, TimeUnit.SECONDS);
            // The client's events name the server's port; JFR delivers them within about a second.
            final SockLabel label = stats.label("jfr:port:" + port);
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while ((label.tx() < 50_000 || label.rx() < 7_000) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(50_000, label.tx());
            assertEquals(7_000, label.rx());
        } finally {
            jfr.stop();
        }
    }

    @Test
    void labelNamesFromAnythingAreMadeValid() {
        assertEquals("jfr:thread:pool-1_worker_3", JfrSocketSource.sanitize("jfr:thread:pool-1 worker#3"));
        assertEquals(64, JfrSocketSource.sanitize("x".repeat(100)).length());
    }
}
