package dev.spool.engine.sockstat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.file.RingLogFile;
import dev.spool.engine.object.LogObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emitter on a running engine, writing its two-file ring. */
class SockStatsEmitterTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();
    private final SockStats stats = new SockStats();
    private static final ObjectMapper JSON = new ObjectMapper();

    private List<JsonNode> events(final String name) throws Exception {
        final List<JsonNode> out = new ArrayList<>();
        for (final Path p : RingLogFile.names(dir.resolve(name))) {
            if (Files.exists(p)) {
                for (final String line : Files.readAllLines(p)) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    /** Per key, the sum of the deltas of all events: {tx, rx}. */
    private static Map<String, long[]> sums(final List<JsonNode> events) {
        final Map<String, long[]> out = new HashMap<>();
        for (final JsonNode e : events) {
            for (final Map.Entry<String, JsonNode> f : e.get("s").properties()) {
                final long[] s = out.computeIfAbsent(f.getKey(), k -> new long[2]);
                s[0] += f.getValue().get(0).asLong();
                s[1] += f.getValue().get(1).asLong();
            }
        }
        return out;
    }

    @Test
    void realLoopbackTrafficSumsExactlyPerLabelAndTheLoopbackInterfaceSawAtLeastAsMuch() throws Exception {
        final Log log = Log.start(TestLogs.config(errors).build());
        final LogObject ring = log.addObject(SockStatsEmitter.ring("sockstats", dir, 5L << 20));
        final SockStatsEmitter emitter = SockStatsEmitter.builder(SockStatsEmitter.Sink.into(ring)).stats(stats)
            .period(Duration.ofMillis(20)).build();
        assertTrue(log.addEmitter(emitter));
        final SockLabel client = stats.label("client");
        final SockLabel server = stats.label("server");
        Thread.sleep(60); // past the baseline poll
        final int rounds = 20;
        final int request = 10_000;
        final int reply = 30_000;
        try (ServerSocket listener = new LabelledServerSocketFactory(server).createServerSocket(0, 1,
            InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    for (int r = 0; r < rounds; r++) {
                        s.getInputStream().readNBytes(request);
                        s.getOutputStream().write(new byte[reply]);
                    }
                } catch (final Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new LabelledSocketFactory(client).createSocket(InetAddress.getLoopbackAddress(),
                listener.getLocalPort())) {
                final OutputStream out = s.getOutputStream();
                final InputStream in = s.getInputStream();
                for (int r = 0; r < rounds; r++) {
                    out.write(new byte[request]);
                    in.readNBytes(reply);
                    Thread.sleep(5); // spread over several polls
                }
            }
            served.get(10, TimeUnit.SECONDS);
        }
        log.stop(); // the emitter's last poll is written before the ring closes
        final List<JsonNode> events = events("sockstats");
        assertTrue(events.size() > 2, events.size() + " events");
        final Map<String, long[]> sums = sums(events);
        assertEquals(List.of((long) rounds * request, (long) rounds * reply), List.of(sums.get("client")[0], sums.get("client")[1]));
        assertEquals(List.of((long) rounds * reply, (long) rounds * request), List.of(sums.get("server")[0], sums.get("server")[1]));
        final long[] lo = sums.get("if:lo");
        assertTrue(lo != null && lo[0] >= (long) rounds * (request + reply) && lo[1] >= (long) rounds * (request + reply),
            "if:lo moved at least what the sockets did: " + (lo == null ? "none" : lo[0] + "/" + lo[1]));
        long previousEnd = 0;
        for (final JsonNode e : events) {
            assertTrue(e.get("t").asLong() >= previousEnd, "periods follow each other: " + e);
            assertTrue(e.get("d").asLong() >= 0);
            assertFalse(e.has("c"), "loopback is not cellular");
            previousEnd = e.get("t").asLong() + e.get("d").asLong();
            for (final Iterator<JsonNode> it = e.get("s").elements(); it.hasNext(); ) {
                final JsonNode v = it.next();
                assertTrue(v.get(0).asLong() + v.get(1).asLong() > 0, "only labels that moved: " + e);
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void labelNumbersAsKeysAndCellularFromTheDefaultRoute() throws Exception {
        final Path dev = dir.resolve("dev");
        final Path route = dir.resolve("route");
        Files.writeString(route, "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
            + "rmnet0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\n");
        writeDev(dev, 100, 200);
        final List<String> lines = new ArrayList<>();
        final SockStatsEmitter emitter = SockStatsEmitter.builder((t, json) -> lines.add(json)).stats(stats)
            .interfaceCounters(new InterfaceCounters(dev, route)).labelKeys(SockStatsEmitter.LabelKeys.NUMBER).build();
        final SockLabel api = stats.label("api");
        final Log log = Log.start(TestLogs.config(errors).build());
        assertTrue(emitter.start(log));
        emitter.poll(1_000);
        emitter.poll(1_100); // nothing moved: no event
        api.sent(5);
        writeDev(dev, 150, 260);
        emitter.poll(1_200);
        assertEquals(List.of("{\"t\":1100,\"d\":100,\"c\":1,\"s\":{\"462567\":[5,0],\"351152\":[60,50]}}"), lines);
        assertEquals(351152, stats.label("if:rmnet0").number());
        emitter.stop();
        log.stop();
        assertEquals(List.of(), errors);
    }

    /**
     * Two runs that make their labels in different orders (one number given, the others derived
     * from the names) write the same number for the same label.
     */
    @Test
    void aLabelHasTheSameNumberWhateverOrderTheLabelsAreMadeIn() throws Exception {
        final List<String> first = run(List.of("api", "db", "dns"));
        final List<String> second = run(List.of("dns", "db", "api"));
        assertEquals(List.of("{\"t\":0,\"d\":10,\"s\":{\"462567\":[1,10],\"7\":[2,20],\"108484\":[3,30]}}"), first);
        assertEquals(List.of("{\"t\":0,\"d\":10,\"s\":{\"108484\":[3,30],\"7\":[2,20],\"462567\":[1,10]}}"), second);
    }

    /** One run: a registry of its own, {@code db} given number 7, labels made in {@code order}, 1-3 bytes moved. */
    private List<String> run(final List<String> order) throws Exception {
        final SockStats own = new SockStats();
        own.numbers("db=7");
        final List<String> lines = new ArrayList<>();
        final SockStatsEmitter emitter = SockStatsEmitter.builder((t, json) -> lines.add(json)).stats(own)
            .interfaceCounters(false).labelKeys(SockStatsEmitter.LabelKeys.NUMBER).build();
        for (final String name : order) {
            own.label(name);
        }
        final Log log = Log.start(TestLogs.config(errors).build());
        assertTrue(emitter.start(log));
        emitter.poll(0);
        final Map<String, Integer> moved = Map.of("api", 1, "db", 2, "dns", 3);
        for (final String name : order) {
            own.label(name).sent(moved.get(name));
            own.label(name).received(10L * moved.get(name));
        }
        emitter.poll(10);
        emitter.stop();
        log.stop();
        assertEquals(List.of(), errors);
        return lines;
    }

    /**
     * The cellular flag is the default route's, read from the routing table at the end of each
     * period, with the interface counters off: it follows the route as it changes.
     */
    @Test
    void theCellularFlagFollowsTheDefaultRouteWithoutInterfaceCounters() throws Exception {
        final Path route = dir.resolve("route");
        final List<String> lines = new ArrayList<>();
        final SockStatsEmitter emitter = SockStatsEmitter.builder((t, json) -> lines.add(json)).stats(stats)
            .interfaceCounters(new InterfaceCounters(dir.resolve("no-dev"), route)).interfaceCounters(false)
            .cellularPrefixes(List.of("cell")).build();
        final SockLabel x = stats.label("x");
        final Log log = Log.start(TestLogs.config(errors).build());
        assertTrue(emitter.start(log));
        emitter.poll(0);
        for (final String iface : List.of("eth0", "rmnet_data0", "wlan0", "wwan0", "cell9")) {
            Files.writeString(route, "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
                + "lo\t0000007F\t00000000\t0001\t0\t0\t0\t000000FF\n"
                + iface + "\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\n"
                + "eth9\t00000000\t010200C0\t0003\t0\t0\t600\t00000000\n"); // a worse default route
            x.sent(1);
            emitter.poll(lines.size() * 10L + 10);
        }
        Files.delete(route); // no routing table: not cellular
        x.sent(1);
        emitter.poll(60);
        emitter.stop();
        log.stop();
        assertEquals(List.of("{\"t\":0,\"d\":10,\"s\":{\"x\":[1,0]}}", "{\"t\":10,\"d\":10,\"c\":1,\"s\":{\"x\":[1,0]}}",
            "{\"t\":20,\"d\":10,\"s\":{\"x\":[1,0]}}", "{\"t\":30,\"d\":10,\"c\":1,\"s\":{\"x\":[1,0]}}",
            "{\"t\":40,\"d\":10,\"c\":1,\"s\":{\"x\":[1,0]}}", "{\"t\":50,\"d\":10,\"s\":{\"x\":[1,0]}}"), lines);
        assertEquals(List.of(), errors);
    }

    @Test
    void theRingIsWrittenInBatchesOfSeconds() {
        assertEquals(Duration.ofSeconds(5), SockStatsEmitter.ring("s", dir, 1L << 20).maxDelay());
        assertEquals(Duration.ofSeconds(2), SockStatsEmitter.ring("s", dir, 1L << 20, Duration.ofSeconds(2)).maxDelay());
    }

    /** A /proc/net/dev with one interface, rmnet0, that received {@code rx} and sent {@code tx} bytes. */
    private static void writeDev(final Path dev, final long rx, final long tx) throws Exception {
        Files.writeString(dev, "Inter-|   Receive                                                |  Transmit\n"
            + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
            + "rmnet0: " + rx + " 1 0 0 0 0 0 0 " + tx + " 1 0 0 0 0 0 0\n");
    }

    @Test
    void startStopAndRestartAreIdempotentAndARestartTakesANewBaseline() throws Exception {
        final List<String> lines = new ArrayList<>();
        final SockStatsEmitter emitter = SockStatsEmitter.builder((t, json) -> lines.add(json)).stats(stats)
            .interfaceCounters(false).build();
        final Log log = Log.start(TestLogs.config(errors).build());
        final SockLabel x = stats.label("x");
        assertTrue(emitter.start(log));
        assertTrue(emitter.start(log));
        emitter.poll(0);
        x.sent(3);
        emitter.stop(); // its last poll writes what moved
        emitter.stop();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).endsWith("\"s\":{\"x\":[3,0]}}"), lines.get(0));
        x.sent(1_000); // while stopped
        assertTrue(emitter.start(log));
        emitter.poll(10); // a new baseline: the 1,000 is not reported
        x.received(2);
        emitter.poll(20);
        assertEquals("{\"t\":10,\"d\":10,\"s\":{\"x\":[0,2]}}", lines.get(1));
        emitter.stop();
        log.stop();
    }

    @Test
    void withNothingToCountItSaysSoOnceAndStaysOff() {
        final SockStatsEmitter emitter = SockStatsEmitter.builder((t, json) -> { }).stats(stats).labels(false)
            .interfaceCounters(new InterfaceCounters(dir.resolve("no-dev"), dir.resolve("no-route"))).build();
        final Log log = Log.start(TestLogs.config(errors).build());
        assertFalse(log.addEmitter(emitter));
        log.stop();
        assertEquals(List.of("sockstat \"sockstats\": this system has no interface counters (no /proc/net/dev);"
            + " interfaces are not counted", "sockstat \"sockstats\": nothing to count (labels off, no interface"
            + " counters, no JFR); it stays off"), errors);
    }
}
