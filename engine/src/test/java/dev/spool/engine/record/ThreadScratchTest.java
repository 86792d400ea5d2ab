package dev.spool.engine.record;

import dev.spool.engine.testing.VirtualThreads;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reusable objects: one per platform thread and nesting level; a shared, bounded pool for virtual threads. */
class ThreadScratchTest {
    @Test
    void aPlatformThreadGetsItsOwnObjectBackAndANewOneWhenItNests() {
        final ThreadScratch<StringBuilder> scratch = new ThreadScratch<>(2, StringBuilder::new, b -> b.setLength(0));
        final StringBuilder outer = scratch.acquire();
        outer.append("kept");
        final StringBuilder inner = scratch.acquire();
        assertNotSame(outer, inner, "a nested use gets the next level's object");
        final StringBuilder beyond = scratch.acquire();
        assertNotSame(inner, beyond);
        scratch.release(beyond);
        scratch.release(inner);
        assertEquals("kept", outer.toString(), "the outer object is not touched by the nested uses");
        scratch.release(outer);
        final StringBuilder again = scratch.acquire();
        assertSame(outer, again, "the same object on the next call");
        assertEquals("", again.toString(), "prepared (reset) when handed out");
        scratch.release(again);
    }

    @Test
    void tenThousandLivingVirtualThreadsShareABoundedPoolInsteadOfKeepingAnObjectEach() throws Exception {
        VirtualThreads.assumeAvailable();
        final ThreadScratch<Object> scratch = new ThreadScratch<>(4, Object::new);
        final Set<Object> handedOut = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger done = new AtomicInteger();
        final List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            threads.add(VirtualThreads.start(() -> {
                final Object o = scratch.acquire();
                scratch.release(o);
                // Noted after the release: the synchronized set may block, and on JDK 24+ a virtual
                // thread blocked on a monitor leaves its carrier, so noting it while holding the
                // object would let thousands hold one at once and measure the test, not the pool.
                handedOut.add(o);
                done.incrementAndGet();
                try {
                    release.await(); // alive, as a request handler waiting on I/O would be
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        while (done.get() < threads.size()) {
            Thread.sleep(5);
        }
        release.countDown();
        for (final Thread t : threads) {
            t.join();
        }
        // A thread-local would have made one per thread (10,000); the pool holds at most
        // 4 x processors (16 or more) and makes a new one only when all are in use at once.
        assertTrue(handedOut.size() <= Math.max(16, 4 * Runtime.getRuntime().availableProcessors()) + 2 * Runtime
            .getRuntime().availableProcessors(), handedOut.size() + " objects for 10,000 virtual threads");
    }
}
