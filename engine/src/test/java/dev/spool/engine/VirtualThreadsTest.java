package dev.spool.engine;

import dev.spool.engine.file.LogFileFactory;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.testing.GatedFile;
import dev.spool.engine.testing.PerThreadOrder;
import dev.spool.engine.testing.TestFiles;
import dev.spool.engine.testing.VirtualThreads;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.spool.engine.testing.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callers on virtual threads (Java 21+; skipped on older JDKs, run on JDK 25 by .ci/run): every
 * event once and in its thread's order, and no carrier pinned while a caller waits for a buffer.
 * That they keep no scratch of their own is {@code ThreadScratchTest}'s.
 */
class VirtualThreadsTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twentyThousandVirtualThreadsLogEveryEventOnceInTheirOrderWithoutPinningACarrier() throws Exception {
        VirtualThreads.assumeAvailable();
        final Path file = dir.resolve("vt.log");
        // Small buffers and whenFull=block: callers wait for buffers, the case that could pin.
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("vt", file).format("%<msg>").bufferSize(16 * 1024).bufferCount(4)
                .whenFull(WhenFull.BLOCK).build()).build());
        final int threads = 20_000;
        final int events = 50;
        final Path jfr = dir.resolve("pinned.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            VirtualThreads.runAll(threads, id -> {
                for (int i = 0; i < events; i++) {
                    log.access(TestLogs.event("INFO", "t" + id + " " + i));
                }
            });
            log.stop();
            recording.stop();
            recording.dump(jfr);
        }
        PerThreadOrder.assertEveryEventOnceInOrder(file, threads, events);
        assertEquals(0, log.stats().getEventsLost());
        final List<String> pinned = new ArrayList<>();
        for (final RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            pinned.add(String.valueOf(e.getStackTrace()));
        }
        assertEquals(List.of(), pinned, "no carrier pinned");
        assertTrue(log.stats().object("vt").getCallerWaits() > 0, "callers did wait for buffers");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aVirtualCallerWaitingForAnothersSwapParksUntilItEndsInsteadOfPolling() throws Exception {
        VirtualThreads.assumeAvailable();
        final CountDownLatch release = new CountDownLatch(1);
        final Path file = dir.resolve("held.log");
        final Log log = Log.start(TestLogs.config(errors)
            .files((description, context) -> new GatedFile(LogFileFactory.DEFAULT.create(description, context), () -> {
                try {
                    release.await(); // the file takes no write until released
                } catch (final InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }))
            .object(TestLogs.text("held", file).format("%<msg>").bufferSize(1024).bufferCount(2)
                .whenFull(WhenFull.BLOCK).maxDelay(Duration.ofMillis(5)).build()).build());
        // The first caller fills both buffers (the file holds their writes) and then holds the
        // swap token, waiting for a free buffer.
        final Thread holder = VirtualThreads.start(() -> {
            for (int i = 0; i < 200; i++) {
                log.access(TestLogs.event("INFO", "a" + i));
            }
        });
        waitFor(() -> holder.getState() == Thread.State.TIMED_WAITING); // in the pool's (timed) wait
        final Thread waiter = VirtualThreads.start(() -> log.access(TestLogs.event("INFO", "b")));
        // Parked without a timeout: the swap's end wakes it, nothing polls.
        waitFor(() -> waiter.getState() == Thread.State.WAITING);
        Thread.sleep(300); // both wait at least this long
        release.countDown();
        holder.join(10_000);
        waiter.join(10_000);
        assertTrue(!holder.isAlive() && !waiter.isAlive(), "woken when the swap ended");
        // Both waits counted: the holder's for a free buffer and the waiter's for the swap, 300 ms or more each.
        final long waited = log.stats().object("held").getCallerWaitMicrosTotal();
        assertTrue(waited >= 2 * 300_000, waited + " us of caller waits");
        log.stop();
        final List<String> lines = TestFiles.lines(file);
        assertEquals(201, lines.size());
        assertTrue(lines.remove("b"), "the waiter's event is written");
        for (int i = 0; i < 200; i++) {
            assertEquals("a" + i, lines.get(i));
        }
    }
}
