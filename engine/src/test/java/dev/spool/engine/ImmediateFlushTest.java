package dev.spool.engine;

import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.spool.engine.testing.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * immediateFlush: an event goes to the operating system without waiting for maxDelay (the
 * figures, about a millisecond, are measured by the benchmarks' DurabilityHarness, not here);
 * without it, an event waits in its buffer up to maxDelay.
 */
class ImmediateFlushTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    private Log start(final Path file, final boolean immediate) {
        return Log.start(TestLogs.config(errors)
            .object(TestLogs.text("app", file).format("%<msg>").maxDelay(Duration.ofSeconds(30))
                .immediateFlush(immediate).build()).build());
    }

    @Test
    void eachEventIsWrittenWithoutWaitingForMaxDelay() throws Exception {
        final Path file = dir.resolve("app.log");
        final Log log = start(file, true);
        try {
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 5; i++) { // one at a time, each after the engine's threads went to sleep
                Thread.sleep(200); // past the preproc thread's naps (13 x 4 ms)
                final long start = System.nanoTime();
                log.access(TestLogs.event("INFO", "event " + i));
                expected.add("event " + i);
                waitFor(() -> Files.exists(file) && TestFiles.lines(file).equals(expected));
                final long ms = (System.nanoTime() - start) / 1_000_000;
                // About a millisecond here; the bound is slack for a busy machine, and far below
                // both maxDelay (30 s) and the engine threads' longest sleep (1 s).
                assertTrue(ms < 300, "event " + i + " written after " + ms + " ms");
            }
            assertTrue(log.stats().object("app").getBuffersWritten() >= 5, "one write (at least) per event logged alone");
        } finally {
            log.stop();
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void withoutItAnEventWaitsInItsBufferUpToMaxDelay() throws Exception {
        final Path file = dir.resolve("app.log");
        final Log log = start(file, false);
        try {
            log.access(TestLogs.event("INFO", "waits"));
            Thread.sleep(300);
            assertFalse(Files.exists(file) && !TestFiles.lines(file).isEmpty(), "still in its buffer (maxDelay 30 s)");
        } finally {
            log.stop();
        }
        assertEquals(List.of("waits"), TestFiles.lines(file));
    }

    @Test
    void theSettingIsPartOfTheConfigAndItsCopies() {
        final LogObjectConfig c = LogObjectConfig.builder("a").file(dir.resolve("a.log")).immediateFlush(true).build();
        assertTrue(c.immediateFlush());
        assertTrue(c.withRenderer(null).immediateFlush());
        assertEquals("immediateFlush", c.settingsChangedBy(LogObjectConfig.builder("a").file(dir.resolve("a.log")).build()));
    }
}
