package dev.spool.engine.buffer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BufferQueueTest {
    @Test
    void takeAllReturnsBuffersInTheOrderTheyWereOffered() {
        final BufferQueue q = new BufferQueue();
        final List<LogBuffer> offered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final LogBuffer b = new LogBuffer(1024, new byte[0], false, null);
            offered.add(b);
            q.offer(b);
        }
        final List<LogBuffer> taken = new ArrayList<>();
        LogBuffer chain = q.takeAll();
        while (chain != null) {
            final LogBuffer next = BufferQueue.unlink(chain);
            taken.add(chain);
            chain = next;
        }
        assertEquals(offered, taken);
        assertNull(q.takeAll());
    }

    @Test
    void poolMakesBuffersLazilyUpToItsCountAndHandsBackReleasedOnes() {
        final int[] made = {0};
        final BufferPool pool = new BufferPool(2, () -> {
            made[0]++;
            return new LogBuffer(1024, new byte[0], false, null);
        });
        final LogBuffer a = pool.tryAcquire();
        final LogBuffer b = pool.tryAcquire();
        assertNull(pool.tryAcquire());
        assertEquals(2, made[0]);
        pool.release(a);
        assertEquals(a, pool.tryAcquire());
        pool.release(b);
        pool.close();
        assertEquals(b, pool.acquire());
        assertNull(pool.acquire(), "a closed, empty pool does not wait");
    }
}
