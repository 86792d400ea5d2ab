package dev.spool.engine.thread;

import dev.spool.engine.ErrorListener;
import dev.spool.engine.buffer.BufferQueue;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.object.LogObject;

/** Writes processed buffers to their log objects' files, in order, and recycles them. */
public final class FlushThread extends EngineThread {
    public FlushThread(final String name, final ErrorListener errors) {
        super(name, errors);
    }

    @Override
    protected void consume(final LogBuffer chain) {
        LogBuffer b = chain;
        while (b != null) {
            final LogBuffer next = BufferQueue.unlink(b);
            final LogObject owner = (LogObject) b.owner();
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
        return nowNanos + 1_000_000_000L;
    }
}
