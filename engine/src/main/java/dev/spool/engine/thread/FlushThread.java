package dev.spool.engine.thread;

import dev.spool.engine.buffer.BufferOwner;
import dev.spool.engine.buffer.BufferQueue;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.event.ErrorListener;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Writes processed buffers to their log objects' files, in order, and recycles them; on its timer
 * (every 50 ms) retries writes held back while a log directory was over its space budget and lets
 * files roll by the clock.
 */
public final class FlushThread extends EngineThread {
    private static final long RETRY_NANOS = 50_000_000L;
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
        for (final ObjectLane o : lanes) {
            try {
                o.flushTimer(nowMillis);
            } catch (final RuntimeException e) {
                errors.onError(getName() + ": timer work of log object \"" + o.name() + "\" failed", e);
            }
        }
        return nowNanos + RETRY_NANOS;
    }
}
