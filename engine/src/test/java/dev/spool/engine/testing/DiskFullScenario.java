package dev.spool.engine.testing;

import dev.spool.engine.object.LogObjectStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disk-full scenario both adapters are tested with: two threads log about 6 MB onto a small
 * disk, which fills; the disk is grown; 1,000 more events are logged and the framework stops.
 * Each adapter supplies how it logs; the checks are the same.
 */
public final class DiskFullScenario {
    /** Events the two threads log while the disk fills. */
    public static final int FILL_EVENTS = 30_000;
    /** Events logged once the disk has room again. */
    public static final int AFTER_EVENTS = 1000;
    private static final String PAD = "x".repeat(180);

    private DiskFullScenario() {
    }

    /** How an adapter's test logs one line of the fill ({@code "fill <thread> <i> <pad>"}) and of the rest ({@code "after <i>"}). */
    public interface Logging {
        void fill(int thread, int i, String pad);

        void after(int i);
    }

    /** Two threads log 2 x 15,000 lines of ~200 bytes; returns once the object has written or counted every one. */
    public static void fill(final Logging log, final LogObjectStats stats) throws InterruptedException {
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            final int id = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < FILL_EVENTS / 2; i++) {
                    log.fill(id, i, PAD);
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        Conditions.waitFor(() -> stats.getEventsWritten() + stats.getEventsLostWriteFailed() == FILL_EVENTS);
        assertTrue(stats.getEventsLostWriteFailed() > 0, "the disk filled up");
    }

    /** Logs the events that come after the disk got room again. */
    public static void after(final Logging log) {
        for (int i = 0; i < AFTER_EVENTS; i++) {
            log.after(i);
        }
    }

    /**
     * After the stop: whole lines only, every later event at the end in order, every event written
     * in the file and the rest counted; the failure reported when it broke and when it worked
     * again (a nearly full disk may take a small write between two failures, and then says so
     * again), each status line starting with {@code prefix}.
     */
    public static void check(final Path file, final LogObjectStats stats, final List<String> status, final String prefix)
        throws IOException {
        final List<String> lines = Files.readAllLines(file);
        for (final String line : lines.subList(0, lines.size() - AFTER_EVENTS)) {
            assertTrue(line.matches("fill [01] \\d+ x{180}"), "whole lines only: [" + line + "]");
        }
        for (int i = 0; i < AFTER_EVENTS; i++) {
            assertEquals("after " + i, lines.get(lines.size() - AFTER_EVENTS + i));
        }
        assertEquals(lines.size(), stats.getEventsWritten(), "every event counted as written is in the file");
        assertEquals(FILL_EVENTS + AFTER_EVENTS, stats.getEventsWritten() + stats.getEventsLostWriteFailed(),
            "the rest counted");
        final String broke = prefix + "cannot write log file " + file + ": IOException: No space left on device;"
            + " events are counted as lost until it works again, each later write tries again";
        final String works = prefix + "log file " + file + " works again after ";
        assertTrue(status.size() >= 2 && status.size() % 2 == 0, status.toString());
        for (int i = 0; i < status.size(); i += 2) {
            assertEquals(broke, status.get(i));
            assertTrue(status.get(i + 1).startsWith(works), status.toString());
        }
    }
}
