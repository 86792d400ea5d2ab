package dev.spool.engine.buffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The bounded set of buffers of one log object: at most {@code count} exist, created on first
 * need. Buffers come back from the flush thread once written.
 *
 * <p>Taking a buffer is lock-free; a taker that must wait (the {@code block} policy with every
 * buffer in flight) parks and is woken by the next {@link #release}. Only one thread takes at a
 * time per log object (the one that holds the object's swap token), so there is at most one
 * waiter; the timed park is a safety net, not the wake-up path.
 */
public final class BufferPool {
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final AtomicReferenceArray<LogBuffer> free;
    private final AtomicInteger created = new AtomicInteger();
    /** Buffers free or not made yet; an engine thread is woken early when this runs low. */
    private final AtomicInteger available;
    private final int count;
    private final Supplier<LogBuffer> factory;
    private volatile Thread waiter;
    private volatile boolean closed;

    public BufferPool(final int count, final Supplier<LogBuffer> factory) {
        if (count < 1) {
            throw new IllegalArgumentException("buffer count must be at least 1: " + count);
        }
        this.count = count;
        this.factory = factory;
        this.free = new AtomicReferenceArray<>(count);
        this.available = new AtomicInteger(count);
    }

    /** A free buffer, a newly made one while fewer than {@code count} exist, or {@code null}. */
    public LogBuffer tryAcquire() {
        for (int i = 0; i < count; i++) {
            if (free.getAcquire(i) != null) {
                final LogBuffer b = free.getAndSet(i, null);
                if (b != null) {
                    available.decrementAndGet();
                    return b;
                }
            }
        }
        for (;;) {
            final int c = created.get();
            if (c >= count) {
                return null;
            }
            if (created.compareAndSet(c, c + 1)) {
                available.decrementAndGet();
                return factory.get();
            }
        }
    }

    /**
     * Waits for a buffer.
     *
     * @return a buffer, or {@code null} if the pool was closed while waiting
     */
    public LogBuffer acquire() {
        LogBuffer b = tryAcquire();
        if (b != null) {
            return b;
        }
        final Thread me = Thread.currentThread();
        waiter = me;
        try {
            for (;;) {
                // Re-check after publishing ourselves as the waiter: a release that happened in
                // between either left a buffer we now see or will unpark us.
                b = tryAcquire();
                if (b != null || closed) {
                    return b;
                }
                LockSupport.parkNanos(this, MAX_PARK_NANOS);
            }
        } finally {
            waiter = null;
        }
    }

    /** Gives a written buffer back; wakes a waiting taker. The flush thread only. */
    public void release(final LogBuffer buffer) {
        for (int i = 0; i < count; i++) {
            if (free.getAcquire(i) == null && free.compareAndSet(i, null, buffer)) {
                available.incrementAndGet();
                final Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
                return;
            }
        }
        // At most count buffers exist, so a free slot is always there: this is a bug, say so.
        throw new IllegalStateException("buffer pool over-released");
    }

    /** Wakes and releases a waiting taker for good; later {@link #acquire} calls do not wait. */
    public void close() {
        closed = true;
        final Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    public int count() {
        return count;
    }

    /** Buffers taken and not yet given back. */
    public int inUse() {
        return count - available.get();
    }

    /** Whether half of the buffers or more are in use (taken and not yet given back). */
    public boolean runningLow() {
        return available.get() <= count / 2;
    }

    /** Buffers made so far; for stats and tests. */
    public int created() {
        return created.get();
    }
}
