package dev.spool.engine.buffer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    private static BufferPool pool(final int count) {
        return new BufferPool(count, () -> new LogBuffer(4096, new byte[0], false, null));
    }

    @Test
    void runsLowWhenHalfTheBuffersOrMoreAreInUse() {
        final BufferPool pool = pool(8);
        final List<LogBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            assertEquals(i >= 4, pool.runningLow(), i + " in use");
            taken.add(pool.tryAcquire());
        }
        assertTrue(pool.runningLow());
        assertNull(pool.tryAcquire());
        for (int i = 0; i < 8; i++) {
            pool.release(taken.get(i));
            assertEquals(8 - (i + 1) >= 4, pool.runningLow(), (8 - (i + 1)) + " in use");
        }
        assertEquals(8, pool.created());
    }

    @Test
    void reusedBuffersCountAsTheyCycle() {
        final BufferPool pool = pool(4);
        for (int round = 0; round < 1000; round++) {
            final LogBuffer a = pool.tryAcquire();
            assertNotNull(a);
            assertFalse(pool.runningLow(), "1 of 4 in use");
            final LogBuffer b = pool.tryAcquire();
            assertTrue(pool.runningLow(), "2 of 4 in use");
            pool.release(a);
            pool.release(b);
        }
        assertEquals(2, pool.created());
    }
}
