package dev.spool.engine;

import dev.spool.engine.file.LogFile;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.testing.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every event a log object cannot keep is counted under the cause that says what happened. */
class LossCausesTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    @Test
    @Timeout(30)
    void aCallerWaitingForABufferWhenStopGivesUpOnAStuckFileIsCountedAsAbandoned() throws Exception {
        final CountDownLatch unstick = new CountDownLatch(1);
        final Log log = Log.start(TestLogs.config(errors).stopTimeout(Duration.ofMillis(300))
            .files((file, context) -> new StuckFile(file.file(), unstick))
            .object(TestLogs.text("stuck", dir.resolve("stuck.log")).format("%<msg>").bufferSize(4096).bufferCount(2)
                .whenFull(WhenFull.BLOCK).maxDelay(Duration.ofMillis(5)).build())
            .build());
        // Two buffers: the first is stuck in the file's write, the second fills, and the caller
        // then waits for a third that never comes.
        final Thread caller = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                log.access(TestLogs.event("INFO", "event " + i + " " + "x".repeat(60)));
            }
        });
        caller.setDaemon(true);
        caller.start();
        Conditions.waitFor(() -> caller.getState() == Thread.State.WAITING
            || caller.getState() == Thread.State.TIMED_WAITING);
        // The stuck write holds the flush side until the file comes back; it comes back once the
        // caller is let go (stop waits for the file before it closes it).
        final Thread releaser = new Thread(() -> {
            try {
                caller.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unstick.countDown();
        });
        releaser.setDaemon(true);
        releaser.start();
        final Thread stopper = new Thread(log::stop);
        stopper.setDaemon(true);
        stopper.start();
        stopper.join(10_000);
        assertFalse(stopper.isAlive(), "stop must return while a caller holds the swap token waiting for a buffer");
        caller.join(10_000);
        assertEquals(Thread.State.TERMINATED, caller.getState());
        final long abandoned = log.lost(LossCause.ABANDONED);
        assertEquals(1, abandoned, "the one waiting event");
        assertEquals(0, log.lost(LossCause.NO_BUFFER), "whenFull=block never counts a drop-policy drop");
        assertTrue(errors.contains("log object \"stuck\": a caller waiting for a buffer was let go when the engine"
            + " gave up on the file; its event is counted as lost"), errors.toString());
    }

    @Test
    void lossCodesAreStableAndAnUnknownCodeIsNeverShownAsAnotherCause() {
        final StringBuilder codes = new StringBuilder();
        for (final LossCause c : LossCause.values()) {
            codes.append(c).append('=').append(c.code()).append(' ');
        }
        assertEquals("NO_BUFFER=0 CAPTURE_FAILED=1 RENDER_FAILED=2 WRITE_FAILED=3 NO_SPACE=4 STOPPED=5"
            + " ENGINE_THREAD=6 ABANDONED=7 UNKNOWN=-1 ", codes.toString());
        assertEquals(LossCause.ENGINE_THREAD, LossCause.ofCode(6));
        assertEquals(LossCause.UNKNOWN, LossCause.ofCode(99));
        assertEquals(LossCause.UNKNOWN, LossCause.ofCode(-1));
        assertEquals("spool: 3 events lost here (a cause this version does not know, code 99)\n",
            LossCause.lossLine(3, 99));
        assertEquals("spool: 1 event lost here (logged from an engine thread while no buffer was free)\n",
            LossCause.lossLine(1, 6));
        assertEquals("spool: 2 events lost here (no free buffer, whenFull=drop)\n", LossCause.lossLine(2, 0));
    }

    /** A file whose writes hang until released, like a pipe whose reader stopped reading. */
    private static final class StuckFile implements LogFile {
        private final Path path;
        private final CountDownLatch unstick;

        StuckFile(final Path path, final CountDownLatch unstick) {
            this.path = path;
            this.unstick = unstick;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public boolean ensureOpen(final long nowNanos) {
            return true;
        }

        @Override
        public void write(final ByteBuffer bytes) {
            try {
                unstick.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
        }
    }
}
