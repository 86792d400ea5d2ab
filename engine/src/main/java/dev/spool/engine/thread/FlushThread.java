package dev.spool.engine.thread;

import dev.spool.engine.buffer.BufferOwner;
import dev.spool.engine.buffer.BufferQueue;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.event.ErrorListener;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Writes a log object's processed buffers to its file, in order, and recycles them; on its timer
 * retries writes held back (every 50 ms while it holds any: a log directory over its space budget,
 * a failed write a stop waits for) and lets files roll by the clock (every 250 ms otherwise).
 */
public final class FlushThread extends EngineThread {
    private static final long RETRY_NANOS = 50_000_000L;
    private static final long IDLE_NANOS = 250_000_000L;
    private final CopyOnWriteArrayList<ObjectLane> lanes = new CopyOnWriteArrayList<>();

    /** Makes this thread retry the object's held writes on its timer. */
    void add(final ObjectLane lane) {
        lanes.add(lane);
    }

    void remove(final ObjectLane lane) {
        lanes.remove(lane);
    }

    public FlushThread(final String name, final ErrorListener errors) {
        super(name, errors);
    }

    /** A flush thread frees the buffers of its own objects only: it may wait for any other object's. */
    @Override
    public boolean mayWaitFor(final BufferOwner owner) {
        return !lanes.contains(owner);
    }

    @Override
    protected void consume(final LogBuffer chain) {
        LogBuffer b = chain;
        while (b != null) {
            final LogBuffer next = BufferQueue.unlink(b);
            final BufferOwner owner = b.owner();
            try {
                owner.write(b);
            } catch (final RuntimeException e) {
                errors.onError(getName() + ": writing a buffer of log object \"" + owner.name() + "\" failed", e);
            }
            b = next;
        }
    }

    @Override
    protected long timers(final long nowNanos) {
        final long nowMillis = System.currentTimeMillis();
        long next = nowNanos + IDLE_NANOS;
        for (final ObjectLane o : lanes) {
            try {
                if (o.flushTimer(nowMillis)) {
                    next = nowNanos + RETRY_NANOS;
                }
            } catch (final RuntimeException e) {
                errors.onError(getName() + ": timer work of log object \"" + o.name() + "\" failed", e);
            }
        }
        return next;
    }
}
