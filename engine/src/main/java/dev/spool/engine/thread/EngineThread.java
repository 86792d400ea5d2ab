package dev.spool.engine.thread;

import dev.spool.engine.ErrorListener;
import dev.spool.engine.buffer.BufferQueue;
import dev.spool.engine.buffer.LogBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread of the engine that consumes buffers from its own queue. Producers wake it only
 * when it is parked (one volatile read otherwise). Threads of this type are never made to wait on
 * a log object's buffers: a log call from an engine thread is dropped and counted instead.
 */
public abstract class EngineThread extends Thread {
    protected final BufferQueue queue = new BufferQueue();
    protected final ErrorListener errors;
    private volatile boolean parked;
    private volatile boolean shutdown;

    protected EngineThread(final String name, final ErrorListener errors) {
        super(name);
        this.errors = errors;
        setDaemon(true);
    }

    /** Queues a buffer for this thread; any thread. */
    public final void submit(final LogBuffer buffer) {
        queue.offer(buffer);
        // The offer's CAS and this volatile read are ordered, as are the consumer's write of
        // parked and its re-check of the queue: one of the two sides always sees the other.
        if (parked) {
            LockSupport.unpark(this);
        }
    }

    /** Wakes the thread so it looks at its timers now. */
    public final void wake() {
        LockSupport.unpark(this);
    }

    /** Asks the thread to end once its queue is empty, and waits for it (bounded). */
    public final void shutdown(final long timeoutMillis) {
        shutdown = true;
        LockSupport.unpark(this);
        try {
            join(timeoutMillis);
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
                    consume(chain);
                }
                final long next = timers(nowNanos);
                if (chain == null) {
                    if (stopping) {
                        return;
                    }
                    sleepUntil(next);
                }
            } catch (final Throwable t) { // an engine thread must never die
                errors.onError(getName() + ": unexpected failure; the thread goes on", t);
                if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                    LockSupport.parkNanos(10_000_000L);
                }
            }
        }
    }

    private void sleepUntil(final long deadlineNanos) {
        parked = true;
        if (queue.isEmpty() && !shutdown) {
            final long wait = deadlineNanos - System.nanoTime();
            LockSupport.parkNanos(this, Math.max(1_000L, Math.min(wait, 1_000_000_000L)));
        }
        parked = false;
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
