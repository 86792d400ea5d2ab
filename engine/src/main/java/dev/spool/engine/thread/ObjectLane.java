package dev.spool.engine.thread;

import dev.spool.engine.buffer.BufferOwner;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.LogFile;
import dev.spool.engine.object.CurrentBuffer;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LossLedger;
import dev.spool.engine.object.ObjectParts;

/**
 * One log object's place on the engine's threads: the owner of its buffers, with the step each
 * thread runs on them (the preproc thread's {@link BufferPreprocessor}, the flush thread's
 * {@link BufferWriter}), its timers, and what stop and flush wait for.
 *
 * <p>Each object has a flush thread of its own, so a sink that stops taking writes (a pipe whose
 * reader stopped reading, a hung mount) holds only its own object: the others keep being written,
 * and its callers meet its {@code whenFull} policy once its buffers are all in flight. The preproc
 * threads are shared; they only render, and never wait for a sink.
 *
 * <p>Made by the engine when the object is added; the object itself knows nothing of threads.
 */
public final class ObjectLane implements BufferOwner {
    private final LogObject object;
    private final CurrentBuffer buffers;
    private final LossLedger losses;
    private final BufferPreprocessor preprocessor;
    private final BufferWriter writer;
    private final PreprocThread preproc;
    private final FlushThread flush;
    private final ErrorListener errors;
    /** immediateFlush: the flush thread is woken for every buffer rather than finding it after a nap. */
    private final boolean immediate;
    /** Set by {@link #detach}: see {@link BufferOwner#detached}. */
    private volatile boolean detached;

    /** Connects the object's buffers to the two threads; events may be offered once this returns. */
    public ObjectLane(final ObjectParts parts, final LogFile file, final PreprocThread preproc,
                      final FlushThread flush, final ErrorListener errors) {
        this.object = parts.object();
        this.buffers = parts.buffers();
        this.losses = parts.losses();
        this.preprocessor = new BufferPreprocessor(object, parts.losses(), errors);
        this.writer = new BufferWriter(object, file, buffers, errors);
        this.preproc = preproc;
        this.flush = flush;
        this.errors = errors;
        this.immediate = object.config().immediateFlush();
        buffers.start(this, preproc::submit, preproc::wake);
        preproc.add(this);
        flush.add(this);
    }

    /**
     * Starts the object's flush thread; once, before buffers reach it. With
     * {@code createFileAtStart} the file is opened first, on this thread, while no other touches it.
     */
    public void startWriting() {
        if (object.config().createFileAtStart() && object.config().mode() != LogMode.PIPE
            && object.config().mode() != LogMode.CONSOLE) {
            writer.open();
        }
        flush.start();
    }

    public LogObject object() {
        return object;
    }

    @Override
    public String name() {
        return object.name();
    }

    @Override
    public void preprocess(final LogBuffer buffer) {
        preprocessor.process(buffer);
    }

    @Override
    public void handOn(final LogBuffer buffer) {
        if (immediate) {
            flush.submit(buffer, true);
        } else {
            flush.submit(buffer);
        }
    }

    @Override
    public void write(final LogBuffer buffer) {
        writer.accept(buffer);
    }

    @Override
    public boolean detached() {
        return detached;
    }

    /** Preproc thread's timer: seals an idle, half-full buffer (see {@link CurrentBuffer#tick}). */
    long tick(final long nowNanos) {
        return buffers.tick(nowNanos);
    }

    /**
     * Flush thread's timer: writes buffers held back, lets the file roll by the clock.
     *
     * @return whether buffers are still held back (the timer then comes again soon)
     */
    boolean flushTimer(final long nowMillis) {
        final boolean held = writer.drain();
        writer.tick(nowMillis);
        return held;
    }

    /**
     * Seals what the object holds so far and wakes the preproc thread.
     *
     * @return the sequence number {@link #writtenUpTo} must reach for everything logged so far
     */
    public long flushTarget() {
        final long target = buffers.flushTarget();
        preproc.wake();
        return target;
    }

    /** Takes the object out of service: later events are counted as lost; what it holds is handed on. */
    public void close() {
        buffers.close();
        preproc.wake();
    }

    /** Whether every buffer below sequence {@code target} has been written (or counted as lost). */
    public boolean writtenUpTo(final long target) {
        return writer.writtenThrough() >= target;
    }

    /**
     * After {@link #close}: whether the close has settled (a swap that was under way has ended) and
     * every buffer ever installed has been written (or counted as lost).
     */
    public boolean drained() {
        return buffers.isClosed() && writtenUpTo(buffers.sequencesIssued());
    }

    /**
     * For a stop, flush or removal waiting until {@code deadlineNanos}: a write that fails until
     * then is kept and tried again (the disk may have room a moment later) rather than counted as
     * lost, and the file is checked against its path before the next write.
     */
    public void retryFailedWritesUntil(final long deadlineNanos) {
        writer.retryUntil(deadlineNanos);
        flush.wake();
    }

    /**
     * Used when a wait gives up: wakes a caller blocked waiting for a buffer, and makes the
     * writer stop holding buffers for space (they are written or counted as lost).
     */
    public void abandonWaiters() {
        buffers.abandonWaiters();
        writer.abandon();
    }

    /**
     * Closes and reopens the file before the next write (for rotation tools that move the file
     * away; a moved or deleted file is also noticed by itself within a quarter second).
     */
    public void reopen() {
        writer.reopen();
    }

    /** Events lost on callers after the object's last buffer, so never written into the log as a loss entry. */
    public long lostNotYetWritten() {
        return losses.notYetWritten();
    }

    /**
     * For an engine whose start failed before its threads began: leaves the preproc thread and
     * closes the file, which stops whatever the file's factory started with it.
     */
    public void abandonUnstarted() {
        preproc.remove(this);
        writer.close();
    }

    /**
     * Leaves the threads, ends the flush thread and closes the file; after {@link #close} and the
     * wait for {@link #drained}. A flush thread stuck in a write (a sink that stopped taking
     * bytes) is interrupted, which closes the file under it, and what it still holds is counted as
     * lost, not written; one that even so does not end is left behind (a daemon thread) with its
     * file, and reported.
     */
    public void detach() {
        detached = true;
        preproc.remove(this);
        // The thread's last round of timer work still sees this lane: held buffers are written or counted.
        if (!flush.shutdown(1000)) {
            writer.discard();
            if (!flush.interruptAndWait(1000)) {
                errors.onError("log object \"" + object.name() + "\": its flush thread is stuck in a write to "
                    + object.config().file() + " and does not end; it is left behind, with the buffers it holds", null);
                return;
            }
        }
        flush.remove(this);
        writer.close();
    }
}
