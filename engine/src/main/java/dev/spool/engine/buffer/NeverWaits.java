package dev.spool.engine.buffer;

/**
 * Marks a thread that must never wait for a log object's buffers or swap token: the engine's own
 * threads, which are what frees buffers. A log call from such a thread that finds no free buffer
 * is dropped and counted instead of waiting (see {@code object.CurrentBuffer}), unless
 * {@link #mayWaitFor} says the thread frees none of that object's buffers.
 */
public interface NeverWaits {
    /**
     * Whether this thread may wait for the buffers of {@code owner} all the same, because it takes
     * no part in freeing them. A flush thread frees only the buffers of the objects it writes, so
     * it may wait for another object's (an async wrapper calling the appenders behind it on its
     * flush thread, a sifting appender of Spool appenders among them); a preproc thread serves
     * many objects and never waits.
     */
    default boolean mayWaitFor(final BufferOwner owner) {
        return false;
    }
}
