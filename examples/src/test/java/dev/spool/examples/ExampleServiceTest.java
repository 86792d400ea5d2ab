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
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example in a short run, in this JVM: both halves (Log4j2, then SLF4J + Logback) with the
 * example's own log4j2.xml and logback.xml from the class path.
 */
class ExampleServiceTest {
    private static final Pattern ACCESS = Pattern.compile("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d,\\d{3} (INFO |ERROR) \\[worker-\\d] (GET|POST) /\\S* (200|500)"
        + " - Request \\d+ (completed in|failed after) \\d+ us");

    @TempDir
    Path dir;

    @Test
    void bothHalvesWriteEveryRequestIntoEveryFileAndSockstatCountsTheTraffic() throws Exception {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // 3 s, and longer (up to 60 s) while a half's 1 MB access log has not rolled once: a slow machine still rolls.
        final List<ExampleService.Half> halves = new ExampleService(dir, 2, Duration.ofSeconds(3), Duration.ofSeconds(60),
            new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        final String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("log4j2", "logback"), halves.stream().map(ExampleService.Half::name).toList());
        for (final ExampleService.Half h : halves) {
            assertTrue(h.logged() > 1000, h.toString());
            assertEquals(0, h.lost(), h.name());
            assertEquals(h.logged(), h.accessLines(), h.name() + ": access lines, rolled files included");
            assertEquals(h.logged(), h.binaryEvents(), h.name() + ": events in access.blog");
            assertEquals(h.failed(), h.errorEvents(), h.name() + ": errors in errors.log");
            assertTrue(h.rolledFiles() >= 1, h.name() + ": rolled files");
            assertTrue(h.complete(), h.toString());
            // The binary log takes at most half the bytes of the same events as text (format 2).
            assertTrue(2 * h.binaryBytes() <= h.accessBytes(), h.name() + ": " + h.binaryBytes() + " binary bytes, "
                + h.accessBytes() + " text");
            // sockstat counted this half's HTTP traffic to the byte.
            assertTrue(h.sockstatEvents() > 0, h.toString());
            assertTrue(h.clientTx() > 0 && h.clientRx() > 0, h.toString());
            assertEquals(List.of(h.clientTx(), h.clientRx()), List.of(h.sockstatTx(), h.sockstatRx()), h.name());

            final Path access = h.dir().resolve("access.log");
            for (final String line : Files.readAllLines(access)) {
                assertTrue(ACCESS.matcher(line).matches(), h.name() + ": " + line);
            }
            for (final Path rolled : LogDirectory.rolled(access)) {
                assertTrue(rolled.getFileName().toString().endsWith(".log.gz"), rolled.toString());
            }
            if (h.failed() > 0) {
                final String errors = Files.readString(h.dir().resolve("errors.log"));
                assertTrue(errors.contains("java.io.IOException: backend timed out for /"), errors);
                assertTrue(errors.contains("Caused by: java.lang.IllegalStateException: pool exhausted"), errors);
            }
            assertTrue(text.contains("bin/spool-cat " + h.dir().resolve("access.blog") + " | head"), text);
        }
        assertTrue(text.contains("(all of them)"), text);
        assertTrue(!text.contains("MISSING"), text);
    }
}
