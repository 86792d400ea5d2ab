package dev.spool.engine.file;

import dev.spool.engine.testing.SinkFile;
import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.testing.SmallDisk;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.spool.engine.testing.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Files that are moved, deleted, truncated or run out of space under a running engine. */
class FileFaultsTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    private Log start(final Path file) {
        return Log.start(TestLogs.config(errors)
            .object(TestLogs.text("app", file).format("%<msg>").maxDelay(Duration.ofMillis(5)).build()).build());
    }

    private static void log(final Log log, final String prefix, final int from, final int to) {
        for (int i = from; i < to; i++) {
            log.access(TestLogs.event("INFO", prefix + i));
        }
    }

    private static List<String> expected(final String prefix, final int from, final int to) {
        final List<String> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(prefix + i);
        }
        return l;
    }

    @Test
    void aFileMovedAwayIsNoticedAndANewOneWrittenUnderItsName() throws Exception {
        final Path file = dir.resolve("app.log");
        final Log log = start(file);
        try {
            log(log, "a", 0, 100);
            waitFor(() -> TestFiles.lines(file).size() == 100);
            Files.move(file, dir.resolve("app.log.1"));
            Thread.sleep(300); // past the identity check interval
            log(log, "b", 0, 100);
            waitFor(() -> TestFiles.lines(file).size() == 100);
        } finally {
            log.stop();
        }
        assertEquals(expected("a", 0, 100), TestFiles.lines(dir.resolve("app.log.1")));
        assertEquals(expected("b", 0, 100), TestFiles.lines(file));
        assertTrue(errors.contains("log file " + file + " was moved or deleted; writing a new file under that name"),
            errors.toString());
        assertEquals(0, log.stats().getEventsLost());
    }

    @Test
    void aRemovedDirectoryIsMadeAgain() throws Exception {
        final Path sub = dir.resolve("sub");
        final Path file = sub.resolve("app.log");
        final Log log = start(file);
        try {
            log(log, "a", 0, 10);
            waitFor(() -> TestFiles.lines(file).size() == 10);
            Files.delete(file);
            Files.delete(sub);
            Thread.sleep(300);
            log(log, "b", 0, 10);
            waitFor(() -> TestFiles.lines(file).size() == 10);
        } finally {
            log.stop();
        }
        assertEquals(expected("b", 0, 10), TestFiles.lines(file));
    }

    @Test
    void afterACopyTruncateWritesGoOnAtTheNewEndWithNoHole() throws Exception {
        final Path file = dir.resolve("app.log");
        final Log log = start(file);
        try {
            log(log, "a", 0, 100);
            waitFor(() -> TestFiles.lines(file).size() == 100);
            Files.copy(file, dir.resolve("app.log.1"));
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(0);
            }
            log(log, "b", 0, 5);
            waitFor(() -> TestFiles.lines(file).size() == 5);
        } finally {
            log.stop();
        }
        assertEquals(expected("b", 0, 5), TestFiles.lines(file), "no NUL bytes where the old content was");
        assertEquals(expected("a", 0, 100), TestFiles.lines(dir.resolve("app.log.1")));
    }

    @Test
    void reopenStartsANewFileAtOnce() throws Exception {
        final Path file = dir.resolve("app.log");
        final Log log = start(file);
        try {
            log(log, "a", 0, 3);
            waitFor(() -> TestFiles.lines(file).size() == 3);
            Files.move(file, dir.resolve("moved.log"));
            log.reopen();
            log(log, "b", 0, 3);
            waitFor(() -> TestFiles.lines(file).size() == 3);
        } finally {
            log.stop();
        }
        assertEquals(expected("b", 0, 3), TestFiles.lines(file));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFullDiskIsReportedOnceCountedCutBackToWholeLinesAndRecoveredFrom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"), "256k")) {
            final Path mount = disk.path();
            final Path filler = mount.resolve("filler");
            Files.write(filler, new byte[200 * 1024]);
            final Path file = mount.resolve("app.log");
            final Log log = Log.start(TestLogs.config(errors)
                .object(TestLogs.text("app", file).format("%<msg>").bufferSize(8192).maxDelay(Duration.ofMillis(5))
                    .build()).build());
            final String pad = "x".repeat(90);
            try {
                int i = 0;
                while (log.lost(LossCause.WRITE_FAILED) < 500) {
                    log.access(TestLogs.event("INFO", "line " + (i++) + " " + pad));
                    if (i % 100 == 0) {
                        Thread.sleep(2);
                    }
                    if (i > 200_000) {
                        fail("the disk never filled");
                    }
                }
                final List<String> lines = TestFiles.lines(file);
                // Reported once per episode, not per buffer: a failure report is always followed by a
                // recovery before the next one (a nearly full disk may take a small write between two
                // failures, which ends the episode: every buffer now tries the file).
                for (int k = 0; k < errors.size(); k++) {
                    final boolean failure = errors.get(k).startsWith("cannot write log file " + file);
                    assertEquals(k % 2 == 0, failure, "reported once per episode: " + errors);
                }
                assertTrue(errors.get(0).contains("No space left on device"), errors.get(0));

                Files.delete(filler);
                final int before = lines.size();
                // At once: the next buffer tries the file again, however soon after the failure.
                log.access(TestLogs.event("INFO", "after the disk had room again"));
                waitFor(() -> TestFiles.lines(file).contains("after the disk had room again"));
                // Said by the flush thread just after that write: waited for, not raced.
                waitFor(() -> new ArrayList<>(errors).stream().anyMatch(e -> e.startsWith("log file " + file + " works again after")));
                assertTrue(TestFiles.lines(file).size() > before);
            } finally {
                log.stop();
            }
            // Whole lines only, read once nothing writes: a write the full disk cut short is cut back
            // to where it started (one read during the run may see it before that).
            for (final String line : TestFiles.lines(file)) {
                assertTrue(line.matches("line \\d+ x{90}|after the disk had room again"), "whole lines only: [" + line + "]");
            }
            assertEquals(log.stats().getEventsWritten(), TestFiles.lines(file).size(),
                "every event counted as written is on disk, whole; the rest are counted as lost");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileThatMayNotBeWrittenIsReportedWithItsCauseAndRecoveredFrom() throws Exception {
        // Root ignores permission bits; the immutable attribute stops root too, also on an open file.
        final Path file = dir.resolve("app.log");
        final Log log = start(file);
        boolean immutable = false;
        try {
            log(log, "a", 0, 10);
            waitFor(() -> TestFiles.lines(file).size() == 10);
            immutable = run("chattr", "+i", file.toString());
            Assumptions.assumeTrue(immutable, "skipped: chattr +i is not available on this file system");
            log(log, "b", 0, 10);
            waitFor(() -> log.lost(LossCause.WRITE_FAILED) == 10);
            assertEquals("cannot write log file " + file + ": IOException: Operation not permitted; events are counted as"
                + " lost until it works again, each later write tries again", errors.get(0));
            immutable = !run("chattr", "-i", file.toString());
            log(log, "c", 0, 10);
            waitFor(() -> TestFiles.lines(file).size() == 20);
        } finally {
            if (immutable) {
                run("chattr", "-i", file.toString());
            }
            log.stop();
        }
        final List<String> expected = expected("a", 0, 10);
        expected.addAll(expected("c", 0, 10));
        assertEquals(expected, TestFiles.lines(file));
        assertEquals(2, errors.size(), "one report when it broke, one when it worked again: " + errors);
        assertTrue(errors.get(1).startsWith("log file " + file + " works again after"), errors.get(1));
    }

    private Log startWaitingForStop(final Path file, final Duration stopTimeout) {
        // maxDelay far away: the events stay in their buffer until the stop (or flush) seals it.
        return Log.start(TestLogs.config(errors).stopTimeout(stopTimeout)
            .object(TestLogs.text("app", file).format("%<msg>").maxDelay(Duration.ofMinutes(1)).build()).build());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStopKeepsTryingAFullDiskAndWritesEverythingOnceThereIsRoom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("full-disk"), "256k")) {
            final Path filler = disk.fill();
            final Path file = disk.path().resolve("app.log");
            final Log log = startWaitingForStop(file, Duration.ofSeconds(20));
            log(log, "after", 0, 1000);
            final Thread stop = new Thread(log::stop);
            stop.start();
            Thread.sleep(400);
            assertTrue(stop.isAlive(), "the stop waits for the disk (up to its timeout)");
            assertEquals(0, log.stats().getEventsLost(), "nothing counted as lost while the stop still tries");
            Files.delete(filler);
            stop.join(20_000);
            assertEquals(expected("after", 0, 1000), TestFiles.lines(file));
            assertEquals(0, log.stats().getEventsLost());
            assertTrue(errors.get(0).startsWith("cannot write log file " + file + ": IOException: No space left on device;"),
                errors.toString());
            assertTrue(errors.get(1).startsWith("log file " + file + " works again after "), errors.toString());
            assertEquals(2, errors.size(), errors.toString());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFlushKeepsTryingAFullDiskAndWritesEverythingOnceThereIsRoom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("full-disk"), "256k")) {
            final Path filler = disk.fill();
            final Path file = disk.path().resolve("app.log");
            final Log log = startWaitingForStop(file, Duration.ofSeconds(20));
            try {
                log(log, "a", 0, 500);
                final boolean[] flushed = new boolean[1];
                final Thread flush = new Thread(() -> flushed[0] = log.flush(log.object("app")));
                flush.start();
                Thread.sleep(400);
                assertTrue(flush.isAlive(), "the flush waits for the disk (up to the stop timeout)");
                Files.delete(filler);
                flush.join(20_000);
                assertTrue(flushed[0]);
                assertEquals(expected("a", 0, 500), TestFiles.lines(file));
            } finally {
                log.stop();
            }
            assertEquals(0, log.stats().getEventsLost());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStopThatRunsOutOfTimeCountsAndSaysWhatItCouldNotWrite() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("full-disk"), "256k")) {
            disk.fill();
            final Path file = disk.path().resolve("app.log");
            final Log log = startWaitingForStop(file, Duration.ofMillis(500));
            log(log, "never", 0, 1000);
            log.stop();
            assertEquals(1000, log.lost(LossCause.WRITE_FAILED));
            assertEquals(List.of(
                "log object \"app\": stop gave up after 500 ms with buffers not yet written (file " + file + " stuck?)",
                "log object \"app\": 1000 events could not be written to " + file
                    + " by the end of the stop and are counted as lost"), errors.subList(1, errors.size()));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBufferThatRolledAndThenFoundTheDiskFullIsWrittenOnceWhenThereIsRoom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), "64k")) {
            final Path file = disk.path().resolve("app.log");
            final Log log = Log.start(TestLogs.config(errors).stopTimeout(Duration.ofSeconds(20))
                .object(TestLogs.text("app", file).format("%<msg>").bufferSize(16384).maxDelay(Duration.ofMinutes(1))
                    .rolling(dev.spool.engine.file.rolling.RollingConfig.builder()
                        .mode(dev.spool.engine.file.rolling.RollMode.SIZE).maxSize(2000)
                        .fileNamePattern(disk.path().resolve("app-%i.log").toString()))
                    .build()).build());
            final String pad = "x".repeat(90);
            for (int i = 0; i < 10; i++) {
                log.access(TestLogs.event("INFO", String.format("%03d%s", i, pad)));
            }
            log.flush(log.object("app")); // 940 bytes: the file has a page with room for ~11 more lines
            final Path filler = disk.fill();
            for (int i = 10; i < 40; i++) {
                log.access(TestLogs.event("INFO", String.format("%03d%s", i, pad)));
            }
            // The stop's write: lines into the old page up to 2000 bytes, a roll, then no page for
            // the new file. It is tried again from the first line not written.
            final Thread stop = new Thread(log::stop);
            stop.start();
            Thread.sleep(300);
            Files.delete(filler);
            stop.join(20_000);
            final List<String> all = new ArrayList<>();
            try (var files = Files.list(disk.path())) {
                for (final Path f : files.toList()) {
                    all.addAll(TestFiles.lines(f));
                }
            }
            java.util.Collections.sort(all);
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                expected.add(String.format("%03d%s", i, pad));
            }
            assertEquals(expected, all, "every line once, across the rolled files");
            assertTrue(errors.stream().anyMatch(e -> e.contains("No space left on device")), errors.toString());
        }
    }

    @Test
    void aWriteThatFailedAfterItsFirstUnitsIsTriedAgainFromWhereItStopped() throws Exception {
        // As a rolling file that rolled inside a buffer and then could not write the new file.
        final StringBuilder file = new StringBuilder();
        final int[] writes = {0};
        final Log log = Log.start(TestLogs.config(errors).stopTimeout(Duration.ofSeconds(10))
            .files((description, context) -> new SinkFile(description.file()) {
                @Override
                public void write(final java.nio.ByteBuffer bytes) {
                    throw new UnsupportedOperationException("written by units");
                }

                @Override
                public void write(final dev.spool.engine.buffer.WriteBatch batch) throws IOException {
                    final java.nio.ByteBuffer b = batch.bytes();
                    final int units = writes[0]++ == 0 ? 3 : batch.units(); // the first try: three units, then a failure
                    final byte[] part = new byte[batch.unitEnd(units - 1)];
                    b.duplicate().get(part);
                    file.append(new String(part, java.nio.charset.StandardCharsets.UTF_8));
                    if (units < batch.units()) {
                        throw new PartlyWrittenException(units, new IOException("No space left on device"));
                    }
                }
            })
            .object(TestLogs.text("app", dir.resolve("app.log")).format("%<msg>").maxDelay(Duration.ofMinutes(1)).build())
            .build());
        log(log, "e", 0, 10);
        log.stop(); // the stop's write fails after three events; it is tried again from the fourth
        assertEquals(String.join("\n", expected("e", 0, 10)) + "\n", file.toString());
        assertEquals(2, writes[0]);
        assertEquals(10, log.stats().getEventsWritten());
    }

    @Test
    void aDirectoryRemovedJustBeforeTheStopGetsTheLastEventsInANewFile() throws Exception {
        final Path sub = dir.resolve("sub");
        final Path file = sub.resolve("app.log");
        final Log log = startWaitingForStop(file, Duration.ofSeconds(10));
        log(log, "a", 0, 10);
        log.flush(log.object("app"));
        assertEquals(expected("a", 0, 10), TestFiles.lines(file));
        Files.delete(file);
        Files.delete(sub);
        log(log, "b", 0, 10);
        log.stop(); // at once: the periodic identity check (every 250 ms) has not run
        assertEquals(expected("b", 0, 10), TestFiles.lines(file));
        assertEquals(10 + 10, log.stats().getEventsWritten());
    }

    private static boolean run(final String... command) throws IOException, InterruptedException {
        return SmallDisk.run(command);
    }
}
