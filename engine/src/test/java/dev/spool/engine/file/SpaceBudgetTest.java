package dev.spool.engine.file;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.spool.engine.testing.Conditions.waitFor;
import static dev.spool.engine.testing.TestFiles.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-directory space budgets: old rolled files go first, then whenFull decides. */
class SpaceBudgetTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    private Log start(final long maxBytes, final int minCount, final WhenFull whenFull) {
        return Log.start(TestLogs.config(errors).spaceBudget(dir, maxBytes, 0)
            .object(LogObjectConfig.builder("app").file(dir.resolve("app.log")).format("%<msg>").bufferSize(1024)
                .bufferCount(2).whenFull(whenFull).maxDelay(Duration.ofMillis(5))
                .rolling(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000).minCount(minCount)
                    .fileNamePattern(dir.resolve("app-%i.log").toString()))
                .build()).build());
    }

    private long usage() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** 100-byte lines: ten make a 1000-byte file, which rolls at the next line. */
    private static void logLines(final Log log, final int from, final int to) throws InterruptedException {
        for (int i = from; i < to; i++) {
            log.access(TestLogs.event("INFO", String.format("%04d", i) + "-".repeat(95)));
            if (i % 10 == 9) {
                Thread.sleep(10);
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theOldestRolledFilesAreDeletedToKeepTheDirectoryWithinItsBudget() throws Exception {
        final Log log = start(4500, 0, WhenFull.BLOCK);
        try {
            logLines(log, 0, 100);
            waitFor(() -> {
                try {
                    return usage() <= 4500;
                } catch (final Exception e) {
                    return false;
                }
            });
        } finally {
            log.stop();
        }
        // 1000 bytes active + three 1000-byte rolled files fit 4500; a fourth would not.
        assertEquals(new TreeSet<>(List.of("app-7.log", "app-8.log", "app-9.log", "app.log")), names(dir),
            "the newest rolled files are kept");
        assertEquals(0, log.stats().getEventsLost());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void minCountIsKeptAndThenDropCountsWhatDoesNotFit() throws Exception {
        final Log log = start(2500, 3, WhenFull.DROP);
        try {
            logLines(log, 0, 40); // three rolled files (3000 bytes) must stay: over budget
            waitFor(() -> errors.stream().anyMatch(e -> e.startsWith("log directory " + dir
                + " is over its space budget")));
            logLines(log, 40, 60);
            waitFor(() -> log.lost(LossCause.NO_SPACE) > 0);
            for (final String n : List.of("app-1.log", "app-2.log", "app-3.log")) {
                assertTrue(Files.exists(dir.resolve(n)), n + " kept for minCount");
            }
            for (final String n : names(dir)) { // an operator makes room
                if (n.startsWith("app-")) {
                    Files.delete(dir.resolve(n));
                }
            }
            waitFor(() -> errors.contains("log directory " + dir + " is within its space budget again;"
                + " writing resumes"));
            final long lost = log.lost(LossCause.NO_SPACE);
            logLines(log, 60, 61);
            // app.log may not be there yet: a roll moved it and the next write makes it again.
            waitFor(() -> Files.exists(dir.resolve("app.log"))
                && TestFiles.lines(dir.resolve("app.log")).stream().anyMatch(l -> l.startsWith("0060")));
            assertEquals(lost, log.lost(LossCause.NO_SPACE));
        } finally {
            log.stop();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void blockHoldsEveryEventUntilThereIsRoomAndLosesNothing() throws Exception {
        final Path filler = dir.resolve("someone-else.dat");
        Files.write(filler, new byte[10_000]);
        final Log log = start(5000, 0, WhenFull.BLOCK);
        final Thread writer = new Thread(() -> {
            try {
                logLines(log, 0, 50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            waitFor(() -> errors.stream().anyMatch(e -> e.startsWith("log directory " + dir
                + " is over its space budget")));
            writer.start();
            writer.join(1500);
            assertTrue(writer.isAlive(), "the caller waits while the directory has no room");
            assertEquals(0, TestFiles.lines(dir.resolve("app.log")).size());
            Files.delete(filler);
            writer.join(20_000);
            assertTrue(!writer.isAlive(), "the caller goes on once there is room");
        } finally {
            log.stop();
        }
        final List<String> all = new java.util.ArrayList<>();
        for (final String n : names(dir)) {
            if (n.startsWith("app-")) {
                all.addAll(TestFiles.lines(dir.resolve(n)));
            }
        }
        all.addAll(TestFiles.lines(dir.resolve("app.log")));
        assertEquals(50, all.size());
        assertEquals(0, log.stats().getEventsLost());
    }
}
