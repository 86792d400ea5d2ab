package dev.spool.engine;

import dev.spool.engine.testing.SinkFile;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.LogFileFactory;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import static dev.spool.engine.testing.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Stop, the idle timer, files that fail and recover, JMX. */
class LifecycleTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    @Test
    void flushWritesWhatWasLoggedSoFarAndLeavesTheObjectOpen() throws Exception {
        final Path file = dir.resolve("flush.log");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("flush", file).format("%<msg>").maxDelay(Duration.ofSeconds(30)).build()).build());
        final LogObject o = log.object("flush");
        for (int i = 0; i < 3; i++) {
            log.access(new MutableLogEvent().timestampNanos(1L).message("before " + i));
        }
        assertTrue(log.flush(o));
        // maxDelay is 30 s, so only the flush can have written them.
        assertEquals(List.of("before 0", "before 1", "before 2"), Files.readAllLines(file));
        assertTrue(log.flush(o), "a flush with nothing new returns at once");
        log.access(new MutableLogEvent().timestampNanos(1L).message("after"));
        assertTrue(log.flush(o));
        assertEquals(List.of("before 0", "before 1", "before 2", "after"), Files.readAllLines(file));
        log.stop();
        assertEquals(List.of(), errors);
    }

    @Test
    void aStartThatFailsClosesTheFilesItHadMadeAndSaysWhy() {
        // The first object's file, made before the second's factory failed: it must be closed (a
        // file whose factory started something, such as a Kafka object's shipper, stops it then).
        final List<String> closed = new ArrayList<>();
        final LogFileFactory recording = (description, context) -> new SinkFile(description.file()) {
            @Override
            public void write(final ByteBuffer bytes) {
            }

            @Override
            public void close() {
                closed.add(description.file().getFileName().toString());
            }
        };
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Log.start(TestLogs.config(errors)
                .object(TestLogs.text("first", dir.resolve("first.log")).files(recording).build())
                .object(TestLogs.text("second", dir.resolve("second.log")).files((description, context) -> {
                    throw new IllegalStateException("second.log is taken");
                }).build()).build()));
        assertEquals("second.log is taken", refused.getMessage());
        assertEquals(List.of("first.log"), closed);
    }

    @Test
    void stopUnderLoadWritesEveryEventWhoseAccessReturnedBeforeIt() throws Exception {
        final Path file = dir.resolve("stop.log");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("stop", file).format("%<thread> %<msg>").bufferSize(4096).build()).build());
        final int threads = 4;
        final AtomicLongArray returned = new AtomicLongArray(threads); // events whose access returned, per thread
        final AtomicBoolean go = new AtomicBoolean(true);
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            workers[t] = new Thread(() -> {
                final MutableLogEvent e = new MutableLogEvent().level("INFO").threadName("t" + id);
                for (long i = 0; go.get(); i++) {
                    log.access(e.timestampNanos(TestLogs.nowNanos()).message(Long.toString(i)));
                    returned.set(id, i + 1);
                }
            });
            workers[t].start();
        }
        Thread.sleep(300);
        final long[] before = new long[threads];
        for (int t = 0; t < threads; t++) {
            before[t] = returned.get(t);
        }
        log.stop();
        go.set(false);
        for (final Thread w : workers) {
            w.join();
        }
        final long[] seen = new long[threads];
        for (final String line : TestFiles.lines(file)) {
            final int t = line.charAt(1) - '0';
            assertEquals(seen[t], Long.parseLong(line.substring(3)), "thread t" + t + " in order, no gaps");
            seen[t]++;
        }
        long logged = 0;
        long written = 0;
        for (int t = 0; t < threads; t++) {
            assertTrue(seen[t] >= before[t], "t" + t + ": " + seen[t] + " written, " + before[t] + " returned before stop");
            logged += returned.get(t);
            written += seen[t];
        }
        assertEquals(logged, written + log.lost(LossCause.STOPPED), "every event written or counted as after-stop");
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anIdleObjectWritesItsLastEventWithinMaxDelay() throws Exception {
        final Path file = dir.resolve("idle.log");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("idle", file).format("%<msg>").maxDelay(Duration.ofMillis(100)).build()).build());
        try {
            for (int round = 0; round < 3; round++) {
                final long start = System.nanoTime();
                log.access(TestLogs.event("INFO", "event " + round));
                while (TestFiles.lines(file).size() <= round) {
                    Thread.sleep(5);
                    if (System.nanoTime() - start > 5_000_000_000L) {
                        fail("event " + round + " not written within 5 s");
                    }
                }
                final long ms = (System.nanoTime() - start) / 1_000_000;
                // The bound the engine keeps is maxDelay; the slack is for a busy CI machine.
                assertTrue(ms < 100 + 900, "written after " + ms + " ms");
            }
        } finally {
            log.stop();
        }
    }

    @Test
    void anUnwritableDirectoryIsReportedCountedAndRecoveredFrom() throws Exception {
        final Path blocker = dir.resolve("logs");
        Files.writeString(blocker, "a file where the log directory should be");
        final Path file = blocker.resolve("app.log");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("app", file).format("%<msg>").maxDelay(Duration.ofMillis(5)).build()).build());
        try {
            log.access(TestLogs.event("INFO", "lost"));
            waitFor(() -> log.lost(LossCause.WRITE_FAILED) == 1);
            assertTrue(errors.get(0).startsWith("cannot open log file " + file + ": FileAlreadyExistsException"),
                errors.get(0));
            assertTrue(errors.get(0).endsWith("events are counted as lost until it works again, each later write tries"
                + " again"), errors.get(0));
            Files.delete(blocker);
            // At once: the next write tries again, however soon after the failure it comes.
            log.access(TestLogs.event("INFO", "kept"));
            waitFor(() -> Files.exists(file) && TestFiles.lines(file).equals(List.of("kept")));
            assertEquals("log file " + file + " works again after 1 failed attempts", errors.get(1));
            assertEquals(1, log.stats().object("app").getEventsWritten());
        } finally {
            log.stop();
        }
    }

    @Test
    void statsArePublishedInJmxUnderAStableName() throws Exception {
        final Log log = Log.start(TestLogs.config(errors).jmx(true).engineName("jmxtest")
            .object(TestLogs.text("access", dir.resolve("a.log")).build()).build());
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName object = new ObjectName("dev.spool:type=LogObject,engine=jmxtest,name=\"access\"");
        final ObjectName engine = new ObjectName("dev.spool:type=Engine,name=jmxtest");
        try {
            for (int i = 0; i < 10; i++) {
                log.access(TestLogs.event("INFO", "m" + i));
            }
        } finally {
            log.stop();
        }
        assertTrue(!server.isRegistered(object), "unregistered at stop");
        final Log again = Log.start(TestLogs.config(errors).jmx(true).engineName("jmxtest")
            .object(TestLogs.text("access", dir.resolve("b.log")).build()).build());
        try {
            for (int i = 0; i < 3; i++) {
                again.access(TestLogs.event("INFO", "m" + i));
            }
            waitFor(() -> again.stats().getEventsWritten() == 3);
            assertEquals(0L, server.getAttribute(object, "EventsLost"));
            assertEquals(dir.resolve("b.log").toString(), server.getAttribute(object, "File"));
            assertEquals(List.of("access"), List.of((String[]) server.getAttribute(engine, "LogObjects")));
        } finally {
            again.stop();
        }
        assertEquals(3, again.stats().getEventsWritten());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aNamedPipeWithoutReaderNeverBlocksAndDeliversOnceOneAttaches() throws Exception {
        final Path pipe = dir.resolve("events.pipe");
        final Log log = Log.start(TestLogs.config(errors)
            .object(LogObjectConfig.builder("pipe").file(pipe).mode(LogMode.PIPE).format("%<msg>")
                .maxDelay(Duration.ofMillis(5)).build()).build());
        try {
            log.access(TestLogs.event("INFO", "nobody listens"));
            waitFor(() -> log.lost(LossCause.WRITE_FAILED) == 1);
            assertTrue(errors.contains("named pipe " + pipe + " has no reader; events are counted as lost until it works"
                + " again, retrying every 100 ms"), errors.toString());
            final StringBuilder received = new StringBuilder();
            final Thread reader = new Thread(() -> {
                try (var in = Files.newInputStream(pipe)) {
                    final byte[] b = new byte[256];
                    int n;
                    while ((n = in.read(b)) > 0) {
                        synchronized (received) {
                            received.append(new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                } catch (final java.io.IOException e) {
                    // the test fails on the content check
                }
            });
            reader.setDaemon(true);
            reader.start();
            waitFor(() -> {
                log.access(TestLogs.event("INFO", "hello"));
                synchronized (received) {
                    return received.toString().contains("hello\n");
                }
            });
        } finally {
            log.stop();
        }
    }
}
