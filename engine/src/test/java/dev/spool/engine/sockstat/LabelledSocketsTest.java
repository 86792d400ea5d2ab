package dev.spool.engine.sockstat;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bytes over loopback through the labelled wrappers: both sides' counters, to the byte. */
class LabelledSocketsTest {
    private final SockStats stats = new SockStats();

    @Test
    void labelsHaveStableNumbersAndCheckedNames() {
        final SockLabel api = stats.label("api");
        assertSame(api, stats.label("api"));
        assertEquals(1, api.number());
        assertEquals(2, stats.label("db").number());
        assertEquals("sockstat label \"two words\": use 1 to 64 of A-Z a-z 0-9 _ . : / -",
            assertThrows(IllegalArgumentException.class, () -> stats.label("two words")).getMessage());
    }

    @Test
    void socketFactoriesCountBothSidesExactly() throws Exception {
        final SockLabel client = stats.label("client");
        final SockLabel server = stats.label("server");
        final int request = 123_457;
        final int reply = 65_539;
        try (ServerSocket listener = new LabelledServerSocketFactory(server).createServerSocket(0, 1,
            InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    new DataInputStream(s.getInputStream()).readFully(new byte[request]);
                    final OutputStream out = s.getOutputStream();
                    out.write(new byte[reply - 1]);
                    out.write(7); // the single-byte path counts too
                    out.flush();
                } catch (final Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new LabelledSocketFactory(client).createSocket(InetAddress.getLoopbackAddress(),
                listener.getLocalPort())) {
                final OutputStream out = s.getOutputStream();
                out.write(new byte[request - 3]);
                out.write(new byte[] {1, 2, 3}, 0, 3);
                out.flush();
                final InputStream in = s.getInputStream();
                assertSame(in, s.getInputStream(), "one counting stream per socket");
                final byte[] buf = new byte[4096];
                int got = 0;
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got += n;
                }
                assertEquals(reply, got);
            }
            served.get(10, TimeUnit.SECONDS);
        }
        assertEquals(request, client.tx());
        assertEquals(reply, client.rx());
        assertEquals(request, server.rx());
        assertEquals(reply, server.tx());
    }

    @Test
    void aWrappedSocketAndAWrappedChannelCountScatterAndGather() throws Exception {
        final SockLabel label = stats.label("chan");
        final SockLabel plain = stats.label("plain");
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = SockStats.wrap(listener.accept().socket(), plain)) {
                    s.getInputStream().readNBytes(300);
                    s.getOutputStream().write(new byte[1000]);
                } catch (final Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (LabelledChannel ch = SockStats.wrap(SocketChannel.open(listener.getLocalAddress()), label)) {
                final ByteBuffer[] gather = {ByteBuffer.allocate(100), ByteBuffer.allocate(200)};
                while (gather[1].hasRemaining()) {
                    ch.write(gather);
                }
                final ByteBuffer[] scatter = {ByteBuffer.allocate(600), ByteBuffer.allocate(600)};
                long got = 0;
                for (long n; (n = ch.read(scatter)) >= 0; ) {
                    got += n;
                }
                assertEquals(1000, got);
                assertTrue(ch.channel().isOpen());
            }
            served.get(10, TimeUnit.SECONDS);
        }
        assertEquals(300, label.tx());
        assertEquals(1000, label.rx());
        assertEquals(300, plain.rx());
        assertEquals(1000, plain.tx());
    }
}
