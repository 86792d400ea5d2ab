package dev.spool.engine.thread;

import dev.spool.engine.buffer.BufferOwner;
import dev.spool.engine.buffer.BufferQueue;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.event.ErrorListener;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Takes sealed buffers of its log objects, renders (text) or finishes (binary) them and passes
 * each to its object's flush thread; on its timer, seals the idle, half-full buffers of its log objects so
 * nothing waits longer than maxDelay.
 *
 * <p>A buffer is handed on as soon as it is sealed, maybe with writers still inside; it is
 * processed once every segment is checked in ({@link LogBuffer#committed}). A writer is inside
 * for the few hundred nanoseconds of copying its entry, so the thread spins briefly; a writer
 * the OS has taken off its CPU (or a debugger stopped) would hold the thread for longer, so the
 * buffer is then set aside and looked at again every {@link #RETRY_NANOS}, and the other
 * buffers go on (the flush thread puts each object's buffers back into sequence order).
 */
public final class PreprocThread extends EngineThread {
    /** Looks at a buffer with a writer inside this many times before setting it aside. */
    static final int COMMIT_SPINS = 256;
    /** How often buffers set aside are looked at again. */
    static final long RETRY_NANOS = 50_000L;

    private final CopyOnWriteArrayList<ObjectLane> lanes = new CopyOnWriteArrayList<>();
    /** Buffers with a writer still inside, oldest first; this thread only. */
    private final ArrayDeque<LogBuffer> notCheckedIn = new ArrayDeque<>();

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
            if (checkedIn(b)) {
                process(b);
            } else {
                notCheckedIn.add(b);
            }
            b = next;
        }
    }

    /** Whether every writer of {@code b} has checked in, after a short spin. */
    private static boolean checkedIn(final LogBuffer b) {
        for (int i = 0; i < COMMIT_SPINS; i++) {
            if (b.committed()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return b.committed();
    }

    private void process(final LogBuffer b) {
        final BufferOwner owner = b.owner();
        try {
            owner.preprocess(b);
        } catch (final RuntimeException e) {
            errors.onError(getName() + ": preprocessing a buffer of log object \"" + owner.name()
                + "\" failed; its entries are written as far as they were processed", e);
        }
        owner.handOn(b);
    }

    /**
     * Processes the buffers set aside whose writers have all checked in since. A buffer of an object
     * that has left the engine is given up and reported: its flush thread is gone, and a writer
     * may still be inside, so it is neither written nor reused.
     */
    private void retrySetAside() {
        for (final Iterator<LogBuffer> i = notCheckedIn.iterator(); i.hasNext();) {
            final LogBuffer b = i.next();
            if (b.committed()) {
                i.remove();
                process(b);
            } else if (b.owner().detached()) {
                i.remove();
                errors.onError(getName() + ": buffer " + b.sequence() + " of log object \"" + b.owner().name()
                    + "\" still had a caller writing into it when the object was removed; it is not written", null);
            }
        }
    }

    @Override
    protected boolean holding() {
        return !notCheckedIn.isEmpty();
    }

    @Override
    protected long timers(final long nowNanos) {
        long next = nowNanos + 1_000_000_000L;
        if (!notCheckedIn.isEmpty()) {
            retrySetAside();
            if (!notCheckedIn.isEmpty()) {
                next = nowNanos + RETRY_NANOS;
            }
        }
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
