package dev.spool.engine;

import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectStats;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.testing.Conditions;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Under whenFull=block, callers that wait for a free buffer are counted and timed, and a long wait is said once. */
class CallerWaitsTest {
    @TempDir
    Path dir;

    @Test
    void waitsAreCountedTimedAndTheFirstLongOneIsSaid() throws Exception {
        final List<String> errors = TestLogs.errors();
        // Two small buffers and a renderer that takes 20 ms a record: the caller soon waits for a buffer.
        final Log log = Log.start(TestLogs.config(errors).object(TestLogs.text("slow", dir.resolve("slow.log"))
            .bufferSize(4096).bufferCount(2).waitWarning(Duration.ofMillis(30))
            .renderer((id, record, offset, length, nanos, attachment, out) -> {
                try {
                    Thread.sleep(20);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.writeUtf8("x\n");
            }).build()).build());
        final LogObject slow = log.object("slow");
        final LogObjectStats stats = slow.stats();
        final byte[] record = new byte[1500];
        final RecordWriter w = new RecordWriter();
        w.putString(new String(record, java.nio.charset.StandardCharsets.ISO_8859_1).replace('\0', 'r'));
        int inUseSeen = 0;
        try {
            for (int i = 0; i < 20; i++) {
                slow.accessRecord(0, 1_000L, w.array(), 0, w.length());
                inUseSeen = Math.max(inUseSeen, stats.getBuffersInUse());
            }
        } finally {
            log.stop();
        }
        assertEquals(20, TestFiles.lines(dir.resolve("slow.log")).size(), "every event written");
        assertEquals(2, inUseSeen, "both buffers in use while the caller waited");
        assertTrue(stats.getCallerWaits() > 0, "waits counted");
        assertTrue(stats.getCallerWaitMicrosMax() >= 30_000, "the longest wait: " + stats.getCallerWaitMicrosMax());
        assertTrue(stats.getCallerWaitMicrosTotal() >= stats.getCallerWaitMicrosMax());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).matches("log object \"slow\": a caller waited [0-9]+ ms for a free buffer \\(whenFull=block\\): "
            + java.util.regex.Pattern.quote(dir.resolve("slow.log").toString()) + " is not written as fast as events come"
            + " \\(said once; every wait is counted in the object's stats\\)"), errors.get(0));
    }

    /**
     * One wait each: the caller that holds the swap and waits for the pool, and a second caller
     * that waits for that swap. The renderer holds the first record until both are parked.
     */
    @Test
    void theSwapHolderAndACallerWaitingForTheSwapEachCountOneWait() throws Exception {
        final List<String> errors = TestLogs.errors();
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final Log log = Log.start(TestLogs.config(errors).object(TestLogs.text("held", dir.resolve("held.log"))
            .bufferSize(4096).bufferCount(2)
            .renderer((id, record, offset, length, nanos, attachment, out) -> {
                try {
                    release.await();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.writeUtf8("x\n");
            }).build()).build());
        final LogObject held = log.object("held");
        final RecordWriter w = new RecordWriter();
        w.putString("r".repeat(1500)); // two to a buffer
        final Runnable one = () -> held.accessRecord(0, 1_000L, w.array(), 0, w.length());
        try {
            final Thread holder = new Thread(() -> {
                for (int i = 0; i < 5; i++) { // the fifth finds both buffers taken: it waits for the pool
                    one.run();
                }
            });
            holder.start();
            awaitParked(holder);
            final Thread second = new Thread(one); // finds the swap under way: it waits for it
            second.start();
            awaitParked(second);
            assertEquals(0, held.stats().getCallerWaits(), "not counted before a wait ends");
            release.countDown();
            holder.join(10_000);
            second.join(10_000);
        } finally {
            release.countDown();
            log.stop();
        }
        assertEquals(6, TestFiles.lines(dir.resolve("held.log")).size());
        assertEquals(2, held.stats().getCallerWaits());
    }

    private static void awaitParked(final Thread t) throws InterruptedException {
        Conditions.waitFor(() -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
        Thread.sleep(50); // past the spin and yield phases into its parks
    }
}
