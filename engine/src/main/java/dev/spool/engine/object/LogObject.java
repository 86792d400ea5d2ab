package dev.spool.engine.object;

import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.event.LogEvent;
import dev.spool.engine.buffer.BufferPool;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.file.LogFile;
import dev.spool.engine.format.FieldRegistry;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.format.LogFormat;
import dev.spool.engine.format.StoredField;
import dev.spool.engine.record.RecordScratch;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.thread.EngineThread;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One logical log: a format, filters, a bounded pool of buffers and a file.
 *
 * <h2>The caller's path</h2>
 * {@link #access} tests the filters, marshals the event into the thread's scratch record (user
 * code such as a message's {@code toString()} runs here, before any segment is held), checks out
 * a segment of the current buffer, copies the record in and checks the segment in from a
 * {@code finally}. No lock is taken.
 *
 * <h2>Swapping buffers</h2>
 * When a checkout fails, the buffer is sealed. The thread that moves the {@code current} reference
 * from the sealed buffer to the {@link #SWAPPING} token (one CAS, so one thread) takes the next
 * buffer from the pool, gives it the next sequence number and publishes it; the others wait for
 * the new buffer with a short spin, then yield, then park, instead of taking buffers they would
 * have to give back. Sequence numbers are given out in install order only while the token is
 * held, so they are dense; the writer side puts buffers back in that order before writing, which
 * keeps every thread's events in the order it logged them.
 *
 * <p>The rule that keeps the sequence dense: whoever takes a buffer out of {@code current} seals
 * it, and hands it on if the seal found no writer inside. The reference can come back to the same
 * buffer object after it was recycled (ABA), so a thread that saw it sealed must not assume it
 * still is.
 */
public final class LogObject {
    /** Stands in {@code current} while one thread installs the next buffer. */
    private static final LogBuffer SWAPPING = new LogBuffer(4096, new byte[0], true, null);
    /** Stands in {@code current} once the object is closed: events are counted as lost. */
    private static final LogBuffer CLOSED = new LogBuffer(4096, new byte[0], true, null);
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(LogObject.class, "current", LogBuffer.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LogObjectConfig config;
    private final LogFormat format;
    private final LogFilter[] accept;
    private final LogFilter[] reject;
    private final byte[][][] wipes;
    private final byte[] descriptor;
    private final BufferPool pool;
    private final LogObjectStats stats;
    private final ErrorListener errors;
    private final BufferPreprocessor preprocessor;
    private final BufferWriter writer;
    private final long idleSealNanos;
    private final AtomicLongArray lostSinceReport = new AtomicLongArray(LossCause.values().length);
    private final byte[] lossPayload = new byte[12];
    private final int maxEntryLength;

    @SuppressWarnings("unused") // accessed through CURRENT
    private volatile LogBuffer current;
    /** Next sequence number; changed only by the holder of the swap token. */
    private long nextSequence;
    private volatile boolean closing;
    private volatile HandOff handOff;
    private long nextTickNanos;

    /** Where sealed, drained buffers go: the engine's preproc thread for this object. */
    @FunctionalInterface
    public interface HandOff {
        /**
         * @param urgent the object is running low on buffers: wake the thread now rather than
         *               let it find the buffer at the end of its nap
         */
        void handOff(LogBuffer buffer, boolean urgent);
    }

    /** Builds the object from a configuration already validated by {@link LogConfig}. */
    public LogObject(final LogObjectConfig config, final FieldRegistry fields, final LogFile file,
                     final ErrorListener errors) {
        this.config = config;
        this.errors = errors;
        this.format = LogFormat.compile(config.format(), fields);
        final List<LogFilter> acc = new ArrayList<>();
        final List<LogFilter> rej = new ArrayList<>();
        this.wipes = new byte[format.stored().size()][][];
        for (final LogFilter f : config.filters()) {
            final LogFilter bound = f.bind(fields);
            switch (bound.action()) {
                case ACCEPT: acc.add(bound); break;
                case REJECT: rej.add(bound); break;
                default:
                    final int slot = format.stored().indexOf(new StoredField(bound.fieldName(), bound.key(),
                        fields.lookup(bound.fieldName()).type(bound.key())));
                    wipes[slot] = bound.parameterBytes();
            }
        }
        this.accept = acc.toArray(new LogFilter[0]);
        this.reject = rej.toArray(new LogFilter[0]);
        this.descriptor = Descriptor.of(config, format);
        this.stats = new LogObjectStats(config.file().toString());
        this.pool = new BufferPool(config.bufferCount(),
            () -> new LogBuffer(config.bufferSize(), descriptor, false, this));
        this.maxEntryLength = config.bufferSize() - dev.spool.engine.buffer.LogBufferHeader.headerLength(descriptor.length);
        this.preprocessor = new BufferPreprocessor(this, format, config.mode() == LogMode.BINARY, config.renderer());
        this.writer = new BufferWriter(this, file, pool);
        this.idleSealNanos = Math.max(500_000L, config.maxDelay().toNanos() / 2);
        this.current = null;
    }

    /** Connects the object to its preproc thread and opens it for events. */
    public void start(final HandOff target) {
        this.handOff = target;
        this.nextTickNanos = System.nanoTime() + idleSealNanos;
    }

    public String name() {
        return config.name();
    }

    public LogObjectConfig config() {
        return config;
    }

    public LogFormat format() {
        return format;
    }

    public LogObjectStats stats() {
        return stats;
    }

    ErrorListener errors() {
        return errors;
    }

    /**
     * Offers one event: kept if the filters accept it. Never throws into the caller; an event that
     * cannot be kept is counted as lost.
     */
    public void access(final LogEvent event) {
        try {
            for (final LogFilter f : reject) {
                if (f.matches(event)) {
                    stats.rejected();
                    return;
                }
            }
            for (final LogFilter f : accept) {
                if (!f.matches(event)) {
                    stats.rejected();
                    return;
                }
            }
        } catch (final RuntimeException | StackOverflowError e) {
            lostOnCaller(LossCause.CAPTURE_FAILED, "a filter failed", e);
            return;
        }
        final RecordScratch scratch = RecordScratch.get();
        final RecordWriter record = scratch.acquire();
        try {
            format.marshal(event, record, wipes);
            append(LogEntryHeader.KIND_RECORD, event.timestampNanos(), record.array(), 0, record.length());
        } catch (final RuntimeException | StackOverflowError | LinkageError e) {
            lostOnCaller(LossCause.CAPTURE_FAILED, "capturing an event failed", e);
        } finally {
            scratch.release();
        }
    }

    /**
     * Appends bytes rendered on the caller's thread (for layouts that cannot render from a
     * record); they are written as they are.
     */
    public void accessRendered(final long timestampNanos, final byte[] bytes, final int offset, final int length) {
        try {
            append(LogEntryHeader.KIND_RENDERED, timestampNanos, bytes, offset, length);
        } catch (final RuntimeException e) {
            lostOnCaller(LossCause.CAPTURE_FAILED, "appending a rendered entry failed", e);
        }
    }

    /**
     * For adapters with a {@link dev.spool.engine.format.RecordRenderer}: appends a record in the
     * adapter's own layout, rendered later on the preproc thread by that renderer.
     */
    public void accessRecord(final long timestampNanos, final byte[] record, final int offset, final int length) {
        try {
            append(LogEntryHeader.KIND_RECORD, timestampNanos, record, offset, length);
        } catch (final RuntimeException e) {
            lostOnCaller(LossCause.CAPTURE_FAILED, "appending a record failed", e);
        }
    }

    /**
     * For adapters: an event could not be captured (its layout or a message argument threw). It
     * is counted as lost (CAPTURE_FAILED), reported once, and written into the log as a loss line.
     */
    public void captureFailed(final String what, final Throwable error) {
        lostOnCaller(LossCause.CAPTURE_FAILED, what, error);
    }

    private void append(final byte kind, final long timestamp, final byte[] payload, final int offset, final int length) {
        final int entryLength = LogEntryHeader.entryLength(length);
        if (entryLength > maxEntryLength) {
            appendDedicated(kind, timestamp, payload, offset, length, entryLength);
            return;
        }
        int waits = 0;
        for (;;) {
            final LogBuffer b = (LogBuffer) CURRENT.getAcquire(this);
            if (b == SWAPPING) {
                if (!awaitSwap(waits++)) {
                    lostOnCaller(LossCause.NO_BUFFER, null, null);
                    return;
                }
                continue;
            }
            if (b == CLOSED) {
                lostOnCaller(LossCause.STOPPED, null, null);
                return;
            }
            if (b == null) {
                if (!replace(null)) {
                    lostOnCaller(closing ? LossCause.STOPPED : LossCause.NO_BUFFER, null, null);
                    return;
                }
                continue;
            }
            final int at = b.checkout(entryLength);
            if (at >= 0) {
                try {
                    b.putEntry(at, entryLength, kind, timestamp, payload, offset, length);
                } finally {
                    if (b.checkin()) {
                        handOff(b);
                    }
                }
                return;
            }
            if (at == LogBuffer.SEALED_HAND_OFF) {
                handOff(b);
            }
            if (!replace(b)) {
                lostOnCaller(closing ? LossCause.STOPPED : LossCause.NO_BUFFER, null, null);
                return;
            }
        }
    }

    /**
     * Replaces {@code expected} (a sealed buffer, or null) as the current buffer, if this thread
     * wins the swap token.
     *
     * @return {@code false} only when this thread held the token and got no buffer (drop policy,
     *     an engine thread, or closing): the event must be counted as lost
     */
    private boolean replace(final LogBuffer expected) {
        if (!CURRENT.compareAndSet(this, expected, SWAPPING)) {
            return true; // another thread is installing (or has installed) the next buffer
        }
        LogBuffer next = null;
        try {
            // Whoever takes a buffer out of current seals it. Usually it is sealed already; but
            // `expected` may have been written, recycled and installed again since this thread
            // saw it sealed (ABA on current), and then it is live: sealing it here is what keeps
            // it from being dropped unsealed, never handed on, leaving a gap in the sequence.
            if (expected != null && expected.seal()) {
                handOff(expected);
            }
            next = mayWait() ? pool.acquire() : pool.tryAcquire();
            if (next != null) {
                activate(next);
            }
        } finally {
            CURRENT.setRelease(this, next != null ? next : closing ? CLOSED : null);
        }
        return next != null;
    }

    private boolean mayWait() {
        return config.whenFull() == WhenFull.BLOCK && !closing && !(Thread.currentThread() instanceof EngineThread);
    }

    /** Gives a buffer its sequence number and writes pending loss counts into it. Token held. */
    private void activate(final LogBuffer next) {
        next.activate(nextSequence++, System.nanoTime());
        for (final LossCause cause : LossCause.ALL) {
            final long lost = lostSinceReport.get(cause.ordinal()) == 0 ? 0 : lostSinceReport.getAndSet(cause.ordinal(), 0);
            if (lost == 0) {
                continue;
            }
            final int entryLength = LogEntryHeader.entryLength(lossPayload.length);
            final int at = next.checkout(entryLength);
            if (at < 0) {
                lostSinceReport.addAndGet(cause.ordinal(), lost); // cannot happen in an empty buffer
                return;
            }
            // Only the swap token's holder gets here, so lossPayload is never shared.
            for (int i = 0; i < 8; i++) {
                lossPayload[i] = (byte) (lost >>> (8 * i));
            }
            final int c = cause.ordinal();
            lossPayload[8] = (byte) c;
            lossPayload[9] = (byte) (c >>> 8);
            lossPayload[10] = 0;
            lossPayload[11] = 0;
            next.putEntry(at, entryLength, LogEntryHeader.KIND_LOSS, System.currentTimeMillis() * 1_000_000L,
                lossPayload, 0, lossPayload.length);
            next.checkin();
        }
    }

    /** An entry larger than a buffer gets a buffer of its own, in sequence; it is never cut. */
    private void appendDedicated(final byte kind, final long timestamp, final byte[] payload, final int offset,
                                 final int length, final int entryLength) {
        int waits = 0;
        LogBuffer old;
        for (;;) {
            old = (LogBuffer) CURRENT.getAcquire(this);
            if (old == SWAPPING) {
                if (!awaitSwap(waits++)) {
                    lostOnCaller(LossCause.NO_BUFFER, null, null);
                    return;
                }
                continue;
            }
            if (old == CLOSED) {
                lostOnCaller(LossCause.STOPPED, null, null);
                return;
            }
            if (CURRENT.compareAndSet(this, old, SWAPPING)) {
                break;
            }
        }
        LogBuffer next = null;
        try {
            if (old != null && old.seal()) {
                handOff(old);
            }
            final LogBuffer big = new LogBuffer(entryLength + (config.bufferSize() - maxEntryLength), descriptor, true, this);
            big.activate(nextSequence++, System.nanoTime());
            final int at = big.checkout(entryLength);
            try {
                big.putEntry(at, entryLength, kind, timestamp, payload, offset, length);
            } finally {
                big.checkin();
                if (big.seal()) {
                    handOff(big);
                }
            }
            next = mayWait() ? pool.acquire() : pool.tryAcquire();
            if (next != null) {
                activate(next);
            }
        } finally {
            CURRENT.setRelease(this, next != null ? next : closing ? CLOSED : null);
        }
    }

    /**
     * One more wait for another thread's swap.
     *
     * @return {@code false} when the calling thread must not wait any longer: an engine thread
     *     gives up after a short spin and yield, because the swap may be waiting for a buffer that
     *     only this very thread (the flush thread) can free
     */
    private static boolean awaitSwap(final int waits) {
        if (waits >= ENGINE_THREAD_SWAP_WAITS && Thread.currentThread() instanceof EngineThread) {
            return false;
        }
        idle(waits);
        return true;
    }

    /** Spins and yields an engine thread may spend waiting for a swap: the spin and yield phases of idle. */
    private static final int ENGINE_THREAD_SWAP_WAITS = 96;

    /**
     * Waits for another thread's swap: spin briefly (it usually takes well under a microsecond),
     * then yield, then park, so waiting threads leave the CPU to the one doing the work.
     */
    private static void idle(final int waits) {
        if (waits < 64) {
            Thread.onSpinWait();
        } else if (waits < 96) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(1_000_000L, 1000L << Math.min(10, waits - 96)));
        }
    }

    private void handOff(final LogBuffer b) {
        b.sealedAtNanos(System.nanoTime());
        handOff.handOff(b, pool.runningLow());
    }

    private void lostOnCaller(final LossCause cause, final String what, final Throwable error) {
        stats.lost(cause, 1);
        if (cause == LossCause.NO_BUFFER || cause == LossCause.CAPTURE_FAILED) {
            if (lostSinceReport.getAndIncrement(cause.ordinal()) == 0 && what != null) {
                errors.onError("log object \"" + name() + "\": " + what + "; the event is counted as lost", error);
            }
        } else if (cause == LossCause.STOPPED && stats.lost(LossCause.STOPPED) == 1) {
            errors.onError("log object \"" + name() + "\" is stopped; events logged from now on are counted as lost", null);
        }
    }

    /**
     * Seals the current buffer when it holds entries and has been open for half of maxDelay, so
     * an idle object's last event is written within maxDelay. Preproc thread only.
     *
     * @return when to call again (System.nanoTime based)
     */
    public long tick(final long nowNanos) {
        if (nowNanos - nextTickNanos < 0) {
            return nextTickNanos;
        }
        nextTickNanos = nowNanos + idleSealNanos;
        final LogBuffer b = (LogBuffer) CURRENT.getAcquire(this);
        if (b == null || b == SWAPPING || b == CLOSED || !b.hasEntries()
            || nowNanos - b.activatedAtNanos() < idleSealNanos) {
            return nextTickNanos;
        }
        swapOut(b);
        return nextTickNanos;
    }

    /**
     * Takes {@code b} out of current if it still is current: seals it, hands it on, and installs
     * a free buffer if there is one without waiting (else the next writer installs one).
     */
    private void swapOut(final LogBuffer b) {
        if (CURRENT.compareAndSet(this, b, SWAPPING)) {
            LogBuffer next = null;
            try {
                if (b.seal()) {
                    handOff(b);
                }
                next = pool.tryAcquire(); // an engine thread never waits on its own buffers
                if (next != null) {
                    activate(next);
                }
            } finally {
                CURRENT.setRelease(this, next != null ? next : closing ? CLOSED : null);
            }
        }
    }

    /**
     * Seals the current buffer now if it holds entries, so that everything logged so far gets
     * written, and returns the sequence number the writer must reach for that
     * ({@link #writtenUpTo}). The object stays open.
     */
    public long flushTarget() {
        for (int waits = 0; ; waits++) {
            final LogBuffer b = (LogBuffer) CURRENT.getAcquire(this);
            if (b == SWAPPING) {
                idle(waits);
                continue;
            }
            if (b == null || b == CLOSED) {
                return sequencesIssued();
            }
            final long sequence = b.sequence();
            if (!b.hasEntries()) {
                return sequence; // everything before the current, empty buffer
            }
            swapOut(b); // sealed here, or by whoever swapped it out first
            return sequence + 1;
        }
    }

    /** Whether every buffer below sequence {@code target} has been written (or counted as lost). */
    public boolean writtenUpTo(final long target) {
        return writer.writtenThrough() >= target;
    }

    /**
     * Takes the object out of service: no new event is accepted, and the current buffer is sealed
     * and handed on (by this thread, or by its last writer).
     */
    public void close() {
        closing = true;
        int waits = 0;
        for (;;) {
            final LogBuffer b = (LogBuffer) CURRENT.getAcquire(this);
            if (b == CLOSED) {
                return;
            }
            if (b == SWAPPING) {
                idle(waits++);
                continue;
            }
            if (CURRENT.compareAndSet(this, b, CLOSED)) {
                if (b != null && b.seal()) {
                    handOff(b);
                }
                return;
            }
        }
    }

    /**
     * Closes and reopens the file before the next write (for rotation tools that move the file
     * away; a moved or deleted file is also noticed by itself within a quarter second).
     */
    public void reopen() {
        writer.reopen();
    }

    /**
     * Used when stop gives up waiting: wakes a caller blocked waiting for a buffer, and makes the
     * writer stop holding buffers for space (they are written or counted as lost).
     */
    public void abandonWaiters() {
        pool.close();
        writer.abandon();
    }

    /**
     * Flush thread, on its timer: writes buffers held back while the directory had no room, and
     * lets the file do its periodic work (clock rolls of empty files).
     */
    public void flushTimer(final long nowMillis) {
        writer.drain();
        writer.tick(nowMillis);
    }

    /** Whether every buffer that was ever installed has been written (or counted as lost). */
    public boolean drained() {
        return writer.writtenThrough() >= sequencesIssued();
    }

    /** Sequence numbers issued so far; read after {@link #close} it is final. */
    long sequencesIssued() {
        CURRENT.getAcquire(this); // pairs with the token holder's setRelease of current
        return nextSequence;
    }

    /** Preproc thread: renders or finishes a handed-off buffer. */
    public void preprocess(final LogBuffer b) {
        preprocessor.process(b);
    }

    /** Flush thread: writes buffers in sequence order, recycles them. */
    public void write(final LogBuffer b) {
        writer.accept(b);
    }

    /** Flush thread: counts what stop could not wait for, closes the file. */
    public void closeFile() {
        writer.close();
    }

    /** Flush thread, before stop waits: whether the writer holds buffers it cannot write yet. */
    public int buffersWaitingForOrder() {
        return writer.waiting();
    }

    void reportLoss(final LossCause cause, final long count) {
        errors.onError("log object \"" + name() + "\" (" + config.file() + "): " + count + " events lost ("
            + cause.description() + ")", null);
    }

    /** Events lost on callers but not yet written into the log as a loss entry. */
    public long lostNotYetReported() {
        long n = 0;
        for (int i = 0; i < lostSinceReport.length(); i++) {
            n += lostSinceReport.get(i);
        }
        return n;
    }
}
