package dev.spool.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExampleServiceTest {
    @TempDir
    Path dir;

    @Test
    void aShortRunWritesEveryEventAndSaysWhereTheFilesAre() throws Exception {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final ExampleService.Summary s = new ExampleService(dir, 2, Duration.ofMillis(1500),
            new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        assertEquals(0, s.lost());
        assertTrue(s.logged() > 100, s.logged() + " events");
        assertEquals(s.logged(), s.written());
        final List<String> access = Files.readAllLines(dir.resolve("access.log"));
        assertEquals(s.logged(), access.size());
        for (final String line : access) {
            assertTrue(line.matches("\\S+ INFO \\[worker-\\d] (GET|POST) /\\S* 200 \\d+us - Request \\d+ completed in \\d+ us")
                || line.matches("\\S+ ERROR \\[worker-\\d] (GET|POST) /\\S* 500 \\d+us - Request \\d+ failed after \\d+ us"),
                line);
        }
        // sockstat counted the HTTP traffic to the byte: its deltas for the client label add up to
        // what the client's sockets carried during the run.
        long tx = 0;
        long rx = 0;
        final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (final String f : List.of("sockstats.log1.txt", "sockstats.log2.txt")) {
            if (Files.exists(dir.resolve(f))) {
                for (final String line : Files.readAllLines(dir.resolve(f))) {
                    final com.fasterxml.jackson.databind.JsonNode moved = json.readTree(line).get("s").get("backend-client");
                    if (moved != null) {
                        tx += moved.get(0).asLong();
                        rx += moved.get(1).asLong();
                    }
                }
            }
        }
        assertTrue(s.clientTx() > 0 && s.clientRx() > 0, s.toString());
        assertEquals(List.of(s.clientTx(), s.clientRx()), List.of(tx, rx));
        final String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("sockstat counted"), text);
        assertTrue(text.contains("lost: 0."), text);
        assertTrue(text.contains("bin/spool-cat " + dir.resolve("access.blog")), text);
    }
}
