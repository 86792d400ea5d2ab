package dev.spool.engine.thread;

import dev.spool.engine.buffer.BufferQueue;
import dev.spool.engine.buffer.LogBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How an engine thread waits: napping while buffers keep coming (producers do not wake it),
 * sleeping once idle (the next producer wakes it). Its timers ask for 10 s, so a buffer that is
 * not taken within a nap or two means a lost wake-up.
 */
class EngineThreadTest {
    private static final long PROMPT_MILLIS = TimeUnit.NANOSECONDS.toMillis(EngineThread.NAP_NANOS) + 200;

    /** Hands every buffer it takes to the test, with the time it took it. */
    static final class Recorder extends EngineThread {
        final LinkedBlockingQueue<long[]> taken = new LinkedBlockingQueue<>();
        final List<LogBuffer> order = new ArrayList<>();

        Recorder() {
            super("engine-thread-test", (message, cause) -> { });
        }

        @Override
        protected void consume(final LogBuffer chain) {
            for (LogBuffer b = chain; b != null; ) {
                final LogBuffer next = BufferQueue.unlink(b);
                synchronized (order) {
                    order.add(b);
                }
                taken.add(new long[] {System.nanoTime()});
                b = next;
            }
        }

        @Override
        protected long timers(final long nowNanos) {
            return nowNanos + TimeUnit.SECONDS.toNanos(10);
        }
    }

    private final Recorder thread = new Recorder();

    @AfterEach
    void stop() {
        thread.shutdown(5_000);
    }

    private static LogBuffer buffer() {
        return new LogBuffer(4096, new byte[0], true, null);
    }

    private void assertTakenPromptly(final long submittedAt, final String what) throws InterruptedException {
        final long[] at = thread.taken.poll(10, TimeUnit.SECONDS);
        assertNotNull(at, what + ": never taken");
        final long millis = TimeUnit.NANOSECONDS.toMillis(at[0] - submittedAt);
        assertTrue(millis <= PROMPT_MILLIS, what + ": taken after " + millis + " ms");
    }

    @Test
    void aSleepingThreadIsWokenByTheNextBufferWhenEverItComes() throws Exception {
        thread.start();
        final Random random = new Random(11);
        final long sleepAfterMillis = TimeUnit.NANOSECONDS.toMillis(EngineThread.NAP_NANOS * EngineThread.NAPS_BEFORE_SLEEP);
        for (int i = 0; i < 40; i++) {
            // Around the moment the thread goes from napping to sleeping, and well after it.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt((int) sleepAfterMillis * 2 + 20)));
            final long now = System.nanoTime();
            thread.submit(buffer(), false); // as a caller hands a buffer on: no wake-up unless asleep
            assertTakenPromptly(now, "buffer " + i);
        }
    }

    @Test
    void buffersComingSteadilyAreTakenOnceInOrderAndWithinANap() throws Exception {
        thread.start();
        final List<LogBuffer> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            final LogBuffer b = buffer();
            sent.add(b);
            final long now = System.nanoTime();
            thread.submit(b, i % 7 == 0);
            assertTakenPromptly(now, "buffer " + i);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1 + i % 3));
        }
        synchronized (thread.order) {
            assertEquals(sent.size(), thread.order.size());
            for (int i = 0; i < sent.size(); i++) {
                assertSame(sent.get(i), thread.order.get(i), "buffer " + i);
            }
        }
    }

    @Test
    void manyProducersLoseNoBuffer() throws Exception {
        thread.start();
        final int producers = 4;
        final int each = 2_000;
        final Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            threads[p] = new Thread(() -> {
                final Random random = new Random();
                for (int i = 0; i < each; i++) {
                    if (i % 2 == 0) {
                        thread.submit(buffer());
                    } else {
                        thread.submit(buffer(), random.nextInt(10) == 0);
                    }
                    if (random.nextInt(50) == 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(8)));
                    }
                }
            });
            threads[p].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < producers * each; i++) {
            assertNotNull(thread.taken.poll(10, TimeUnit.SECONDS), "buffer " + i + " of " + producers * each);
        }
        assertEquals(0, thread.taken.size());
    }
}
