package dev.spool.engine.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free, garbage-free multi-producer queue of buffers with one consumer that takes
 * everything at once. Buffers are linked through their own {@code next} field, so an offer
 * allocates nothing (it runs on the caller's thread at every hand-off).
 *
 * <p>Producers push onto a stack with a CAS; the consumer swaps the whole stack out and
 * reverses it, which gives back the order of the pushes. There is no ABA hazard: nodes are
 * only ever pushed, and removed all together by the single consumer.
 */
public final class BufferQueue {
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(BufferQueue.class, "head", LogBuffer.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through HEAD
    private volatile LogBuffer head;

    /**
     * Adds a buffer; any thread. The CAS publishes the buffer's contents (release).
     *
     * @return whether the queue was empty before (else the consumer has a backlog)
     */
    public boolean offer(final LogBuffer buffer) {
        for (;;) {
            final LogBuffer h = (LogBuffer) HEAD.getVolatile(this);
            buffer.next = h;
            if (HEAD.compareAndSet(this, h, buffer)) {
                return h == null;
            }
        }
    }

    /**
     * Takes every queued buffer, oldest first, linked through {@code next}; the consumer only.
     *
     * @return the first buffer of the chain, or {@code null} when the queue is empty
     */
    public LogBuffer takeAll() {
        LogBuffer h = (LogBuffer) HEAD.getAndSet(this, null);
        LogBuffer reversed = null;
        while (h != null) {
            final LogBuffer n = h.next;
            h.next = reversed;
            reversed = h;
            h = n;
        }
        return reversed;
    }

    public boolean isEmpty() {
        return HEAD.getVolatile(this) == null;
    }

    /** Unlinks a buffer taken from a chain and returns the rest of the chain. */
    public static LogBuffer unlink(final LogBuffer buffer) {
        final LogBuffer n = buffer.next;
        buffer.next = null;
        return n;
    }
}
