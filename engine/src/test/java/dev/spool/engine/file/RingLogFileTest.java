package dev.spool.engine.file;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two-file ring: bounded, old lines first, appended to after a restart. */
class RingLogFileTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    private Log start(final long cap) {
        return Log.start(TestLogs.config(errors).object(LogObjectConfig.builder("ring").file(dir.resolve("sockstats"))
            .format("%<msg>").ringSize(cap).bufferSize(4096).build()).build());
    }

    private static void log(final Log log, final int from, final int to) {
        for (int i = from; i < to; i++) {
            log.access(new MutableLogEvent().timestampNanos(1L).message(String.format("line %05d %s", i, "x".repeat(18))));
        }
    }

    /** The ring's lines, older file first. */
    private List<String> lines() throws Exception {
        final Path[] p = RingLogFile.names(dir.resolve("sockstats"));
        final List<Path> files = new ArrayList<>();
        for (final Path f : p) {
            if (Files.exists(f)) {
                files.add(f);
            }
        }
        files.sort((a, b) -> {
            try {
                return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
            } catch (final Exception e) {
                throw new RuntimeException(e);
            }
        });
        final List<String> out = new ArrayList<>();
        for (final Path f : files) {
            out.addAll(Files.readAllLines(f));
        }
        return out;
    }

    private long size() throws Exception {
        long n = 0;
        for (final Path f : RingLogFile.names(dir.resolve("sockstats"))) {
            n += Files.exists(f) ? Files.size(f) : 0;
        }
        return n;
    }

    @Test
    void theRingKeepsTheNewestLinesInOrderWithinItsCap() throws Exception {
        final Log log = start(1000); // 30-byte lines: 16 per half
        log(log, 0, 500);
        log.stop();
        final List<String> lines = lines();
        assertTrue(size() <= 1000, size() + " bytes");
        assertTrue(lines.size() >= 16 && lines.size() <= 33, lines.size() + " lines");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(String.format("line %05d %s", 500 - lines.size() + i, "x".repeat(18)), lines.get(i),
                "the newest lines, oldest first");
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aRestartAppendsToTheFileWrittenLast() throws Exception {
        final Log first = start(1000);
        log(first, 0, 20); // 16 lines in log1, 4 in log2
        first.stop();
        Thread.sleep(20); // distinct modification times
        final Log second = start(1000);
        log(second, 20, 25);
        second.stop();
        final Path[] p = RingLogFile.names(dir.resolve("sockstats"));
        assertEquals(16, Files.readAllLines(p[0]).size());
        final List<String> current = Files.readAllLines(p[1]);
        assertEquals(9, current.size(), current.toString());
        assertEquals(String.format("line %05d %s", 16, "x".repeat(18)), current.get(0));
        assertEquals(String.format("line %05d %s", 24, "x".repeat(18)), current.get(8));
        assertEquals(List.of(), errors);
    }
}
