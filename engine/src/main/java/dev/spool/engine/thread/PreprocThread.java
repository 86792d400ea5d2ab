package dev.spool.engine.thread;

import dev.spool.engine.buffer.BufferOwner;
import dev.spool.engine.buffer.BufferQueue;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.event.ErrorListener;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Takes sealed buffers of its log objects, renders (text) or finishes (binary) them and passes
 * each to its object's flush thread; on its timer, seals the idle, half-full buffers of its log objects so
 * nothing waits longer than maxDelay.
 */
public final class PreprocThread extends EngineThread {
    private final CopyOnWriteArrayList<ObjectLane> lanes = new CopyOnWriteArrayList<>();

    public PreprocThread(final String name, final ErrorListener errors) {
        super(name, errors);
    }

    /** Makes this thread responsible for the object's idle timer. */
    void add(final ObjectLane lane) {
        lanes.add(lane);
        wake();
    }

    void remove(final ObjectLane lane) {
        lanes.remove(lane);
    }

    @Override
    protected void consume(final LogBuffer chain) {
        LogBuffer b = chain;
        while (b != null) {
            final LogBuffer next = BufferQueue.unlink(b);
            final BufferOwner owner = b.owner();
            try {
                owner.preprocess(b);
            } catch (final RuntimeException e) {
                errors.onError(getName() + ": preprocessing a buffer of log object \"" + owner.name()
                    + "\" failed; its entries are written as far as they were processed", e);
            }
            owner.handOn(b);
            b = next;
        }
    }

    @Override
    protected long timers(final long nowNanos) {
        long next = nowNanos + 1_000_000_000L;
        for (final ObjectLane o : lanes) {
            try {
                final long t = o.tick(nowNanos);
                if (t - next < 0) {
                    next = t;
                }
            } catch (final RuntimeException e) {
                errors.onError(getName() + ": timer of log object \"" + o.name() + "\" failed", e);
            }
        }
        return next;
    }
}
