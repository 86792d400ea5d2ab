package dev.spool.engine.thread;

import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.WriteBatch;
import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.LogFile;
import dev.spool.engine.file.PartlyWrittenException;
import dev.spool.engine.object.CurrentBuffer;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.object.WhenFull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flush thread's side of one log object: puts processed buffers back into sequence order
 * (a buffer sealed later may be drained earlier), checks the file, writes, counts, and returns
 * each buffer to the pool.
 */
final class BufferWriter {
    private final LogObject object;
    private final LogFile file;
    private final CurrentBuffer buffers;
    private final ErrorListener errors;
    private final boolean holdWhenNoRoom;
    private final PriorityQueue<LogBuffer> waiting = new PriorityQueue<>(16, Comparator.comparingLong(LogBuffer::sequence));
    private long next;
    private volatile long writtenThrough;
    /** Set when stop gives up waiting: held buffers are then written or counted, never kept. */
    private volatile boolean abandoned;
    /** Set when the flush thread is being ended by force: what reaches the writer is counted, not written. */
    private volatile boolean discarding;
    /**
     * Until when (System.nanoTime) a buffer whose write failed is kept and tried again on the flush
     * timer instead of counted as lost: set while a stop, flush or removal waits for the writes.
     */
    private final AtomicLong retryUntilNanos = new AtomicLong(System.nanoTime());
    /** Units of the buffer at the head already in the file, from a write that failed part-way. */
    private int resumeUnit;

    BufferWriter(final LogObject object, final LogFile file, final CurrentBuffer buffers, final ErrorListener errors) {
        this.object = object;
        this.file = file;
        this.buffers = buffers;
        this.errors = errors;
        this.holdWhenNoRoom = object.config().whenFull() == WhenFull.BLOCK;
    }

    synchronized void accept(final LogBuffer b) {
        waiting.add(b);
        drain();
    }

    /**
     * Writes the waiting buffers that are next in sequence. A log object with whenFull=block whose
     * directory is over its space budget keeps them instead (its pool runs dry and callers wait),
     * and so does every object whose write failed while a stop, flush or removal waits for it; the
     * flush thread calls this again on its timer.
     *
     * @return whether buffers are held back
     */
    synchronized boolean drain() {
        while (!waiting.isEmpty() && waiting.peek().sequence() == next) {
            if (!file.hasRoom() && holdWhenNoRoom && !abandoned) {
                return true;
            }
            final LogBuffer ready = waiting.peek();
            boolean done = true;
            try {
                done = write(ready);
            } finally {
                if (done) {
                    resumeUnit = 0;
                    waiting.poll();
                    next++;
                    writtenThrough = next;
                    buffers.recycle(ready);
                }
            }
            if (!done) {
                return true;
            }
        }
        return false;
    }

    /** @return false when the write failed and the buffer is kept to be tried again */
    private boolean write(final LogBuffer b) {
        final WriteBatch p = b.output();
        if (!p.hasBytes()) {
            return true;
        }
        if (discarding) {
            object.stats().lost(LossCause.WRITE_FAILED, p.events());
            return true;
        }
        if (!file.hasRoom()) {
            object.stats().lost(LossCause.NO_SPACE, p.events());
            return true;
        }
        final long now = System.nanoTime();
        if (!file.ensureOpen(now)) {
            object.stats().writeError();
            return failed(p, now);
        }
        final ByteBuffer bytes = p.bytes();
        final int start = bytes.position();
        final int size = bytes.remaining();
        try {
            file.write(p.from(resumeUnit));
            object.stats().written(p.events(), size, System.nanoTime() - b.sealedAtNanos());
        } catch (final IOException e) {
            object.stats().writeError();
            if (e instanceof PartlyWrittenException) {
                resumeUnit += ((PartlyWrittenException) e).unitsWritten(); // a retry must not write them twice
            }
            bytes.position(start); // the file cut back what it wrote; a retry starts from the start
            return failed(p, System.nanoTime());
        } catch (final RuntimeException e) {
            // A LogFile from a custom factory that throws: count, report, go on.
            object.stats().writeError();
            object.stats().lost(LossCause.WRITE_FAILED, p.events());
            errors.onError("log object \"" + object.name() + "\": writing " + file.path() + " failed"
                + " unexpectedly; " + p.events() + " events counted as lost", e);
        }
        return true;
    }

    /**
     * A write that failed: kept for the next try while someone waits for the writes (a stop, a
     * flush, a removal: the disk may have room again a moment later), else counted as lost (the
     * next buffer is tried afresh, so the first write that can succeed does).
     */
    private boolean failed(final WriteBatch p, final long nowNanos) {
        if (!abandoned && nowNanos - retryUntilNanos.get() < 0) {
            return false;
        }
        object.stats().lost(LossCause.WRITE_FAILED, p.events());
        return true;
    }

    /**
     * Makes failed writes be kept and tried again (on the flush timer) until {@code deadlineNanos},
     * for a stop, flush or removal that waits until then; also has the file checked against its
     * path before the next write, so nothing is written into a file deleted a moment ago.
     */
    void retryUntil(final long deadlineNanos) {
        retryUntilNanos.accumulateAndGet(deadlineNanos, (a, b) -> b - a > 0 ? b : a);
        file.recheck();
    }

    /** Opens the file ahead of the first write (a failure is reported by the file and counted). */
    synchronized void open() {
        if (!file.ensureOpen(System.nanoTime())) {
            object.stats().writeError();
        }
    }

    /** Sequence numbers below this are written (or counted as lost). */
    long writtenThrough() {
        return writtenThrough;
    }

    /** The flush thread's periodic file work; a failure is counted like a write error. */
    synchronized void tick(final long nowMillis) {
        try {
            file.tick(nowMillis);
        } catch (final IOException e) {
            object.stats().writeError();
        }
    }

    void abandon() {
        abandoned = true;
    }

    /** For a flush thread stuck in a write that is about to be interrupted: count the rest, write nothing more. */
    void discard() {
        abandoned = true;
        discarding = true;
    }

    /** Closes the file; synchronized with drain and tick, which a removed object may still see once. */
    synchronized void close() {
        file.close();
    }

    void reopen() {
        file.reopen();
    }
}
