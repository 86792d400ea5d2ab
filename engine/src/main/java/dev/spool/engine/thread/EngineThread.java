package dev.spool.engine.thread;

import dev.spool.engine.buffer.BufferQueue;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.NeverWaits;
import dev.spool.engine.event.ErrorListener;

import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread of the engine that consumes buffers from its own queue. Threads of this type are
 * never made to wait on a log object's buffers: a log call from an engine thread is dropped and
 * counted instead.
 *
 * <p>How it waits. Waking a parked thread is a system call (and, on a virtual machine, often an
 * interrupt to another virtual CPU): 10 to 20 microseconds that a caller handing on a full buffer
 * would pay, once per buffer, which is what the caller latency's 99.9th percentile showed. So
 * while buffers keep coming the thread <em>naps</em>: it parks for at most {@link #NAP_NANOS} and
 * looks at its queue again, and producers do not wake it. Only after {@link #NAPS_BEFORE_SLEEP}
 * naps found nothing does it <em>sleep</em> until its next timer, with {@code parked} set so that
 * the next producer wakes it (one volatile read otherwise). A log object that is running low on
 * buffers (half or more in use) wakes it too, so a burst after a quiet spell does not wait out a
 * nap; so does another engine thread that finds buffers already queued. A buffer waits at most
 * one nap more, and an engine that has nothing to do sleeps.
 */
public abstract class EngineThread extends Thread implements NeverWaits {
    protected final BufferQueue queue = new BufferQueue();
    protected final ErrorListener errors;
    /** Longest a nap lasts; a handed-on buffer waits at most this long for the thread. */
    static final long NAP_NANOS = 4_000_000L;
    /** Naps in a row with nothing to do before the thread sleeps (and producers wake it again). */
    static final int NAPS_BEFORE_SLEEP = 13;

    private volatile boolean parked;
    private volatile boolean shutdown;
    /** Naps in a row that found the queue empty; this thread only. */
    private int emptyNaps;

    protected EngineThread(final String name, final ErrorListener errors) {
        super(name);
        this.errors = errors;
        setDaemon(true);
    }

    /**
     * Queues a buffer from another engine thread, which can afford a wake-up: a napping thread is
     * also woken when buffers pile up in its queue.
     */
    public final void submit(final LogBuffer buffer) {
        final boolean first = queue.offer(buffer);
        wakeIf(!first);
    }

    /**
     * Queues a buffer a log object handed on, usually from a caller's thread: a napping thread is
     * woken only when {@code urgent} (the object is running low on buffers, as in a burst after a
     * quiet spell), so that callers do not pay a wake-up per buffer nor run out of buffers.
     */
    public final void submit(final LogBuffer buffer, final boolean urgent) {
        queue.offer(buffer);
        wakeIf(urgent);
    }

    private void wakeIf(final boolean evenIfNapping) {
        // The offer's CAS and this volatile read are ordered, as are the consumer's write of
        // parked and its re-check of the queue: one of the two sides always sees the other.
        if (parked || evenIfNapping) {
            LockSupport.unpark(this);
        }
    }

    /** Wakes the thread so it looks at its timers now. */
    public final void wake() {
        LockSupport.unpark(this);
    }

    /**
     * Asks the thread to end once its queue is empty, and waits for it (bounded).
     *
     * @return whether it has ended
     */
    public final boolean shutdown(final long timeoutMillis) {
        shutdown = true;
        LockSupport.unpark(this);
        join(this, timeoutMillis);
        return !isAlive();
    }

    /**
     * For a thread that did not end on {@link #shutdown}: interrupts it (a thread stuck in a write
     * to a file channel gets the channel closed under it) and waits for it again (bounded).
     *
     * @return whether it has ended
     */
    public final boolean interruptAndWait(final long timeoutMillis) {
        interrupt();
        join(this, timeoutMillis);
        return !isAlive();
    }

    private static void join(final Thread t, final long timeoutMillis) {
        try {
            t.join(timeoutMillis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final void run() {
        while (true) {
            final boolean stopping = shutdown;
            try {
                final LogBuffer chain = queue.takeAll();
                final long nowNanos = System.nanoTime();
                if (chain != null) {
                    emptyNaps = 0;
                    consume(chain);
                }
                final long next = timers(nowNanos);
                // A timer may have queued work for this very thread (the preproc thread sealing
                // an idle buffer): take it now, not after a nap.
                if (chain == null && queue.isEmpty()) {
                    if (stopping && !holding()) {
                        return;
                    }
                    rest(next);
                }
            } catch (final Throwable t) { // an engine thread must never die
                errors.onError(getName() + ": unexpected failure; the thread goes on", t);
                if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                    LockSupport.parkNanos(10_000_000L);
                }
            }
        }
    }

    /** Naps while buffers have been coming lately, else sleeps until {@code deadlineNanos}. */
    private void rest(final long deadlineNanos) {
        if (emptyNaps < NAPS_BEFORE_SLEEP) {
            emptyNaps++;
            final long wait = deadlineNanos - System.nanoTime();
            LockSupport.parkNanos(this, Math.max(1_000L, Math.min(wait, NAP_NANOS)));
            return;
        }
        sleepUntil(deadlineNanos);
    }

    private void sleepUntil(final long deadlineNanos) {
        parked = true;
        if (queue.isEmpty() && !shutdown) {
            final long wait = deadlineNanos - System.nanoTime();
            LockSupport.parkNanos(this, Math.max(1_000L, Math.min(wait, 1_000_000_000L)));
        }
        parked = false;
    }

    /**
     * Whether the thread holds buffers it has yet to finish (its timers take them up again); a
     * stopping thread ends only once it holds none.
     */
    protected boolean holding() {
        return false;
    }

    /** Handles a chain of buffers, oldest first (see {@link BufferQueue#takeAll}). */
    protected abstract void consume(LogBuffer chain);

    /**
     * Runs the thread's periodic work.
     *
     * @return when it wants to run next (System.nanoTime based)
     */
    protected abstract long timers(long nowNanos);
}
