package dev.spool.engine.sockstat;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
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
    void labelsHaveNumbersDerivedFromTheirNamesOrGivenAndCheckedNames() {
        final SockLabel api = stats.label("api");
        assertSame(api, stats.label("api"));
        assertEquals(462567, api.number(), "1000 + FNV-1a-32(\"api\") mod 999000");
        assertEquals(SockStats.derivedNumber("db"), stats.label("db").number());
        stats.number("dns", 53);
        stats.number("dns", 53); // again: nothing changes
        assertEquals(53, stats.label("dns").number());
        assertEquals("sockstat label \"two words\": use 1 to 64 of A-Z a-z 0-9 _ . : / -",
            assertThrows(IllegalArgumentException.class, () -> stats.label("two words")).getMessage());
        assertEquals("sockstat label \"ntp\": number 53 is \"dns\"'s already",
            assertThrows(IllegalArgumentException.class, () -> stats.number("ntp", 53)).getMessage());
        assertEquals("sockstat label \"ntp\": number 1000 is not 1 to 999 (numbers above are derived from names)",
            assertThrows(IllegalArgumentException.class, () -> stats.number("ntp", 1000)).getMessage());
        assertEquals("sockstat label \"api\" has number 462567 already (it was made before it was given 5); give"
            + " numbers before the labels are used", assertThrows(IllegalArgumentException.class,
            () -> stats.number("api", 5)).getMessage());
        assertEquals("labelNumbers: \"ntp:123\" is not name=number",
            assertThrows(IllegalArgumentException.class, () -> stats.numbers("ntp=123, ntp:123")).getMessage());
        assertEquals(123, stats.label("ntp").number(), "the pairs before the bad one are given");
        assertEquals("labelNumbers: \"x=one\": the number is not a number",
            assertThrows(IllegalArgumentException.class, () -> stats.numbers("x=one")).getMessage());
    }

    /** Two names whose derived numbers are the same: the second is refused, every run alike, until one is given a number. */
    @Test
    void aDerivedNumberThatIsTakenIsRefusedUntilANumberIsGiven() {
        assertEquals(SockStats.derivedNumber("lalf"), SockStats.derivedNumber("leqa"));
        stats.label("lalf");
        assertEquals("sockstat label \"leqa\": its number 795376 (derived from the name) is \"lalf\"'s; give one of them"
            + " a number of its own (1 to 999: SockStats.number, or labelNumbers in the configuration)",
            assertThrows(IllegalArgumentException.class, () -> stats.label("leqa")).getMessage());
        stats.number("leqa", 2);
        assertEquals(2, stats.label("leqa").number());
    }

    @Test
    void datagramSocketsCountThePayloadOfEveryDatagramBothWays() throws Exception {
        final SockLabel a = stats.label("udp-a");
        final SockLabel b = stats.label("udp-b");
        final InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (DatagramSocket left = new LabelledDatagramSocket(loopback, a);
             DatagramSocket right = new LabelledDatagramSocket(loopback, b)) {
            right.setSoTimeout(10_000);
            left.setSoTimeout(10_000);
            final int[] sizes = {1, 512, 1400, 8000, 0};
            for (final int size : sizes) {
                left.send(new DatagramPacket(new byte[size], size, right.getLocalSocketAddress()));
                final DatagramPacket p = new DatagramPacket(new byte[9000], 9000);
                right.receive(p);
                assertEquals(size, p.getLength());
            }
            right.send(new DatagramPacket(new byte[77], 77, left.getLocalSocketAddress()));
            left.receive(new DatagramPacket(new byte[100], 100));
        }
        assertEquals(9913, a.tx());
        assertEquals(77, a.rx());
        assertEquals(9913, b.rx());
        assertEquals(77, b.tx());
    }

    @Test
    void datagramChannelsCountSendsReceivesReadsAndWrites() throws Exception {
        final SockLabel label = stats.label("udp-ch");
        try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             LabelledDatagramChannel ch = SockStats.wrap(DatagramChannel.open()
                 .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), label)) {
            assertEquals(300, ch.send(ByteBuffer.allocate(300), peer.getLocalAddress()));
            final ByteBuffer got = ByteBuffer.allocate(1000);
            final java.net.SocketAddress from = peer.receive(got);
            assertEquals(300, got.position());
            peer.send(ByteBuffer.allocate(120), from);
            final ByteBuffer in = ByteBuffer.allocate(1000);
            in.put((byte) 9); // what was in the buffer before is not counted
            assertEquals(peer.getLocalAddress(), ch.receive(in));
            assertEquals(121, in.position());
            ch.channel().connect(peer.getLocalAddress());
            assertEquals(40, ch.write(new ByteBuffer[] {ByteBuffer.allocate(15), ByteBuffer.allocate(25)}));
            peer.receive(ByteBuffer.allocate(100));
            peer.send(ByteBuffer.allocate(9), ch.channel().getLocalAddress());
            assertEquals(9, ch.read(ByteBuffer.allocate(100)));
        }
        assertEquals(340, label.tx());
        assertEquals(129, label.rx());
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
