package dev.spool.log4j2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spool.engine.sockstat.LabelledServerSocketFactory;
import dev.spool.engine.sockstat.LabelledSocketFactory;
import dev.spool.engine.sockstat.SockLabel;
import dev.spool.engine.sockstat.SockStats;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sockstat configured from a real log4j2.xml, started and stopped through Log4j2. */
class SockStatsConfigTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sums of [tx, rx] of {@code label} over the JSON lines among {@code lines}. */
    private static long[] sum(final List<String> lines, final String label) throws Exception {
        final long[] s = new long[2];
        for (final String line : lines) {
            if (!line.startsWith("{\"t\":")) {
                continue;
            }
            final JsonNode moved = JSON.readTree(line).get("s").get(label);
            if (moved != null) {
                s[0] += moved.get(0).asLong();
                s[1] += moved.get(1).asLong();
            }
        }
        return s;
    }

    @Test
    void theRingAndTheSpoolAppenderBothGetTheDeltasOfRealTraffic() throws Exception {
        System.setProperty("spool.test.dir", dir.toString());
        final LoggerContext context = Configurator.initialize("sockstats", "classpath:sockstats.xml");
        assertEquals(901, SockStats.global().label("log4j2-test-numbered").number(), "labelNumbers");
        final SockLabel client = SockStats.global().label("log4j2-test-client");
        final SockLabel server = SockStats.global().label("log4j2-test-server");
        Thread.sleep(100); // past the baseline polls
        try (ServerSocket listener = new LabelledServerSocketFactory(server).createServerSocket(0, 1,
            InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().readNBytes(12_345);
                    s.getOutputStream().write(new byte[678]);
                } catch (final Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new LabelledSocketFactory(client).createSocket(InetAddress.getLoopbackAddress(),
                listener.getLocalPort())) {
                s.getOutputStream().write(new byte[12_345]);
                s.getInputStream().readNBytes(678);
            }
            served.get(10, TimeUnit.SECONDS);
        }
        context.getLogger("x").info("an ordinary event");
        Thread.sleep(60);
        Configurator.shutdown(context);
        final List<String> ring = new ArrayList<>();
        for (final String f : List.of("sockstats.log1.txt", "sockstats.log2.txt")) {
            if (Files.exists(dir.resolve(f))) {
                ring.addAll(Files.readAllLines(dir.resolve(f)));
            }
        }
        assertTrue(!ring.isEmpty(), "the ring has events");
        assertEquals(List.of(12_345L, 678L), List.of(sum(ring, "log4j2-test-client")[0], sum(ring, "log4j2-test-client")[1]));
        assertEquals(List.of(678L, 12_345L), List.of(sum(ring, "log4j2-test-server")[0], sum(ring, "log4j2-test-server")[1]));
        final List<String> app = Files.readAllLines(dir.resolve("app.log"));
        assertTrue(app.contains("INFO an ordinary event"), app.toString());
        assertEquals(List.of(12_345L, 678L), List.of(sum(app, "log4j2-test-client")[0], sum(app, "log4j2-test-client")[1]));
        for (final String line : app) {
            assertTrue(line.equals("INFO an ordinary event") || line.startsWith("{\"t\":"), line);
            if (line.startsWith("{")) {
                final Map<?, ?> s = JSON.readValue(line, Map.class);
                assertTrue(!((Map<?, ?>) s.get("s")).keySet().stream().anyMatch(k -> k.toString().startsWith("if:")),
                    "interfaceCounters=\"false\": " + line);
            }
        }
    }
}
