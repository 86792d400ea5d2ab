package dev.spool.engine.object;

import dev.spool.engine.buffer.BufferOwner;
import dev.spool.engine.buffer.BufferPool;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.NeverWaits;
import dev.spool.engine.record.ThreadScratch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The current-buffer protocol of one log object: which buffer writers check out from, how the
 * next one replaces it, and who hands each one on.
 *
 * <h2>The swap token</h2>
 * {@code current} holds the buffer writers use, or one of two markers: {@link #SWAPPING} while
 * one thread installs the next buffer, {@link #CLOSED} once the object is closed. When a checkout
 * fails, the buffer is sealed; the thread that moves {@code current} from the sealed buffer to
 * {@code SWAPPING} (one CAS, so one thread) holds the token: it takes the next buffer from the
 * pool, gives it the next sequence number, writes the pending loss entries into it and publishes
 * it. The others wait for the new buffer (spin, yield, park) instead of taking buffers they would
 * have to give back.
 *
 * <h2>Invariants kept here</h2>
 * <ol>
 *   <li>Sequence numbers are given out only by the token holder, in install order, so they are
 *       dense; the flush side puts buffers back in that order, which keeps every thread's events
 *       in the order it logged them.</li>
 *   <li>Whoever takes a buffer out of {@code current} seals it, and hands it on if that seal was
 *       the one that sealed it; a writer whose checkout found no room sealed it and hands it on
 *       (LogBuffer invariant 3). Writers may still be inside: the preproc thread waits for
 *       their checkins. The reference can come back to the same buffer object after it was
 *       recycled (ABA), so a thread that saw it sealed must not assume it still is: it seals again.</li>
 *   <li>An entry larger than a buffer gets a dedicated buffer of its own, installed in sequence
 *       by the token holder; it is never cut or dropped (LogBuffer invariant 5).</li>
 *   <li>An engine thread ({@link NeverWaits}) that may free this object's buffers never waits for
 *       the pool and gives up on a swap after a short spin and yield: the swap may be waiting for
 *       a buffer only it can free. Its event is counted under {@link LossCause#ENGINE_THREAD}. A
 *       flush thread of another object frees none of them and waits as a caller does.</li>
 *   <li>Once {@link #close} returns, no writer gets a segment of a new buffer: {@code current} is
 *       {@code CLOSED}, or becomes it when the swap under way ends, and every later event is
 *       counted under {@link LossCause#STOPPED}.</li>
 * </ol>
 * Checked by {@code CurrentBufferLincheckTest} (interleavings) besides the stress tests.
 *
 * <p>Over 400 lines because every step of the protocol carries the reason it is safe; the code
 * itself is about half of it.
 */
public final class CurrentBuffer {
    /** Stands in {@code current} while one thread installs the next buffer. */
    private static final LogBuffer SWAPPING = new LogBuffer(4096, new byte[0], true, null);
    /** Stands in {@code current} once the object is closed: events are counted as lost. */
    private static final LogBuffer CLOSED = new LogBuffer(4096, new byte[0], true, null);
    private static final VarHandle CURRENT;
    private static final VarHandle WAITERS;
    /** Spins before a platform thread waiting for a swap yields. */
    private static final int SPIN_WAITS = 64;
    /**
     * With immediateFlush: how long after it was opened a buffer with entries is sealed. Events
     * logged within this span share one write; the rest of the millisecond the setting promises
     * is for the preproc thread to wake, render and hand on, and the flush thread to write.
     */
    public static final long IMMEDIATE_SEAL_NANOS = 200_000L;
    /** Spins and yields an engine thread may spend waiting for a swap: the spin and yield phases of {@link #idle}. */
    private static final int ENGINE_THREAD_SWAP_WAITS = 96;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(CurrentBuffer.class, "current", LogBuffer.class);
            WAITERS = MethodHandles.lookup().findVarHandle(CurrentBuffer.class, "waiters", Waiter.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BufferPool pool;
    private final LossLedger losses;
    private final WhenFull whenFull;
    private final byte[] descriptor;
    private final int bufferSize;
    private final int maxEntryLength;
    private final long idleSealNanos;
    /** immediateFlush: the first entry of a buffer wakes the preproc thread, which seals it soon. */
    private final boolean immediate;
    /** Whether entries may keep an object beside them (records of an adapter's renderer). */
    private final boolean attachments;

    @SuppressWarnings("unused") // accessed through CURRENT
    private volatile LogBuffer current;
    /** Threads parked waiting for the swap under way (see {@link #idle}); accessed through WAITERS. */
    @SuppressWarnings("unused")
    private volatile Waiter waiters;
    /** Next sequence number; changed only by the holder of the swap token. */
    private long nextSequence;
    private volatile boolean closing;
    private volatile HandOff handOff;
    /** Wakes the preproc thread (immediateFlush); set by {@link #start}. */
    private volatile Runnable wake;
    /** The engine side that processes this object's buffers; set by {@link #start}, before any buffer exists. */
    private volatile BufferOwner owner;
    /** When {@link #tick} looks again; the preproc thread only. */
    private long nextTickNanos;

    /** Where sealed buffers go (writers may still be inside): the engine's preproc thread for this object. */
    @FunctionalInterface
    public interface HandOff {
        /**
         * @param urgent the object is running low on buffers: wake the thread now rather than
         *               let it find the buffer at the end of its nap
         */
        void handOff(LogBuffer buffer, boolean urgent);
    }

    /**
     * @param bufferSize  bytes per buffer, header included
     * @param bufferCount buffers in the pool
     * @param maxDelay    longest an entry waits in a buffer that is not full (see {@link #tick})
     * @param descriptor  the object's self-description, in every buffer's header
     */
    CurrentBuffer(final WhenFull whenFull, final int bufferSize, final int bufferCount, final Duration maxDelay,
                  final byte[] descriptor, final LossLedger losses) {
        this(whenFull, bufferSize, bufferCount, maxDelay, false, descriptor, losses, false);
    }

    /**
     * @param attachments whether entries may keep an object beside them ({@link LogBuffer#attach}):
     *                    a record's throwable, kept as the object until the preproc thread renders it
     * @param immediate   immediateFlush: each event goes to the OS within about a millisecond
     */
    CurrentBuffer(final WhenFull whenFull, final int bufferSize, final int bufferCount, final Duration maxDelay,
                  final boolean immediate, final byte[] descriptor, final LossLedger losses, final boolean attachments) {
        this.attachments = attachments;
        this.immediate = immediate;
        this.losses = losses;
        this.whenFull = whenFull;
        this.descriptor = descriptor;
        this.bufferSize = bufferSize;
        this.maxEntryLength = bufferSize - LogBufferHeader.headerLength(descriptor.length);
        this.idleSealNanos = Math.max(500_000L, maxDelay.toNanos() / 2);
        this.pool = new BufferPool(bufferCount, () -> new LogBuffer(bufferSize, descriptor, false, owner, attachments));
        losses.buffersInUse(pool::inUse);
    }

    /**
     * Connects the object to the engine side that processes its buffers, and opens it for events.
     *
     * @param wake wakes the thread that runs {@link #tick}, for immediateFlush
     */
    public void start(final BufferOwner owner, final HandOff target, final Runnable wake) {
        this.owner = owner;
        this.handOff = target;
        this.wake = wake;
        this.nextTickNanos = System.nanoTime() + idleSealNanos;
    }

    /**
     * Appends one entry, in the current buffer or, if it does not fit any buffer, in a dedicated
     * one. An entry that cannot be kept is counted in the ledger under its true cause.
     */
    void append(final byte kind, final int renderer, final long timestamp, final byte[] payload, final int offset,
                final int length, final Object attachment) {
        final int entryLength = attachments
            ? Math.max(LogBuffer.ATTACHMENT_GRAIN, LogEntryHeader.entryLength(length)) : LogEntryHeader.entryLength(length);
        final boolean dedicated = entryLength > maxEntryLength;
        int waits = 0;
        long parkedSince = 0;
        for (;;) {
            final LogBuffer b = (LogBuffer) CURRENT.getAcquire(this);
            if (b == SWAPPING) {
                if (parkedSince == 0 && parks(waits) && !neverWaits()) {
                    parkedSince = System.nanoTime(); // from here on it parks: a wait worth counting
                }
                if (!awaitSwap(waits++)) {
                    losses.lost(LossCause.ENGINE_THREAD, null, null);
                    return;
                }
                continue;
            }
            if (parkedSince != 0) { // the swap it waited for is over: one wait (a later one counts apart)
                losses.waited(System.nanoTime() - parkedSince);
                parkedSince = 0;
            }
            if (b == CLOSED) {
                losses.lost(LossCause.STOPPED, null, null);
                return;
            }
            if (dedicated) {
                if (CURRENT.compareAndSet(this, b, SWAPPING)) {
                    appendDedicated(b, kind, renderer, timestamp, payload, offset, length, entryLength, attachment);
                    return;
                }
                continue;
            }
            if (b != null) {
                final int at = b.checkout(entryLength);
                if (at >= 0) {
                    final boolean wakes;
                    try {
                        b.putEntry(at, entryLength, kind, renderer, timestamp, payload, offset, length);
                        if (attachments) {
                            b.attach(at, attachment); // null too: clears what an earlier use left
                        }
                    } finally {
                        // Asked before the checkin, while the buffer cannot be processed and reused.
                        wakes = immediate && b.firstWake();
                        b.checkin(at, entryLength);
                    }
                    if (wakes) {
                        wake.run();
                    }
                    return;
                }
                if (at == LogBuffer.SEALED_HAND_OFF) {
                    handOff(b);
                }
            }
            final LossCause failed = replace(b);
            if (failed != null) {
                losses.lost(failed, null, null);
                return;
            }
        }
    }

    /**
     * Replaces {@code expected} (a sealed buffer, or null) as the current buffer, if this thread
     * wins the swap token.
     *
     * @return {@code null} when a buffer is installed (by this thread or another); else why this
     *     thread, holding the token, got no buffer: the event is lost for that cause
     */
    private LossCause replace(final LogBuffer expected) {
        if (!CURRENT.compareAndSet(this, expected, SWAPPING)) {
            return null; // another thread is installing (or has installed) the next buffer
        }
        LogBuffer next = null;
        final boolean waits = mayWait();
        try {
            // Usually `expected` is sealed already; but it may have been written, recycled and
            // installed again since this thread saw it sealed (ABA on current), and then it is
            // live: sealing it here keeps it from being dropped unsealed, leaving a gap in the sequence.
            if (expected != null && expected.seal()) {
                handOff(expected);
            }
            next = acquire(waits);
            if (next != null) {
                activate(next);
            }
        } finally {
            releaseToken(next);
        }
        return next != null ? null : noBuffer(waits);
    }

    /** The token holder seals {@code old} (if any), writes the entry into a buffer of its own, installs the next one. */
    private void appendDedicated(final LogBuffer old, final byte kind, final int renderer, final long timestamp,
                                 final byte[] payload, final int offset, final int length, final int entryLength,
                                 final Object attachment) {
        LogBuffer next = null;
        try {
            if (old != null && old.seal()) {
                handOff(old);
            }
            final LogBuffer big = new LogBuffer(entryLength + (bufferSize - maxEntryLength), descriptor, true, owner,
                attachments);
            big.activate(nextSequence++, System.nanoTime());
            final int at = big.checkout(entryLength);
            try {
                big.putEntry(at, entryLength, kind, renderer, timestamp, payload, offset, length);
                if (attachments) {
                    big.attach(at, attachment);
                }
            } finally {
                big.checkin(at, entryLength);
                if (big.seal()) {
                    handOff(big);
                }
            }
            next = acquire(mayWait());
            if (next != null) {
                activate(next);
            }
        } finally {
            releaseToken(next);
        }
    }

    /** The next buffer from the pool, waiting for one if {@code mayWait}; a wait is counted. */
    private LogBuffer acquire(final boolean mayWait) {
        final LogBuffer free = pool.tryAcquire();
        if (free != null || !mayWait) {
            return free;
        }
        final long since = System.nanoTime();
        try {
            return pool.acquire();
        } finally {
            losses.waited(System.nanoTime() - since);
        }
    }

    private boolean mayWait() {
        return whenFull == WhenFull.BLOCK && !closing && !neverWaits();
    }

    /** Whether the calling thread is an engine thread that may free this object's buffers (invariant 4). */
    private boolean neverWaits() {
        final Thread t = Thread.currentThread();
        return t instanceof NeverWaits && !((NeverWaits) t).mayWaitFor(owner);
    }

    /** Why a token holder that took no buffer lost its event. */
    private LossCause noBuffer(final boolean waited) {
        if (waited) {
            return LossCause.ABANDONED; // only a closed pool ends a wait empty-handed
        }
        if (closing) {
            return LossCause.STOPPED;
        }
        return whenFull == WhenFull.DROP ? LossCause.NO_BUFFER : LossCause.ENGINE_THREAD;
    }

    /** Gives a buffer its sequence number and writes pending loss counts into it. Token held. */
    private void activate(final LogBuffer next) {
        next.activate(nextSequence++, System.nanoTime());
        losses.writePending(next);
    }

    /**
     * One more wait for another thread's swap.
     *
     * @return {@code false} when the calling thread must not wait any longer: an engine thread
     *     gives up after a short spin and yield, because the swap may be waiting for a buffer that
     *     only this very thread (the flush thread) can free
     */
    private boolean awaitSwap(final int waits) {
        if (waits >= ENGINE_THREAD_SWAP_WAITS && neverWaits()) {
            return false;
        }
        idle(waits);
        return true;
    }

    /**
     * Waits for another thread's swap. A platform thread spins briefly (a swap usually takes well
     * under a microsecond), then yields, then parks; a virtual thread parks at once, since spinning
     * or yielding would only keep its carrier busy, and with thousands of virtual callers that CPU
     * is what the preproc and flush threads need to free the buffers the swap waits for. A parked
     * thread is on the {@link #waiters} stack, and the token holder wakes them all when the swap
     * ends ({@link #releaseToken}); a platform thread's park is also timed (1 ms), a safety net.
     */
    private void idle(final int waits) {
        if (!parks(waits)) {
            if (waits < SPIN_WAITS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
            return;
        }
        final Thread me = Thread.currentThread();
        final Waiter w = new Waiter(me);
        Waiter head;
        do {
            head = (Waiter) WAITERS.getVolatile(this);
            w.next = head;
        } while (!WAITERS.compareAndSet(this, head, w));
        // Pushed (a volatile write) before this volatile read of current; the token holder stores
        // current before it reads the stack: one of the two sees the other, so no wake is lost.
        if (CURRENT.getVolatile(this) != SWAPPING) {
            return; // over already; a wake-up that still comes only ends a later park early
        }
        if (ThreadScratch.isVirtual(me)) {
            LockSupport.park(this);
        } else {
            LockSupport.parkNanos(this, 1_000_000L);
        }
    }

    /** Whether the calling thread's {@code waits}-th wait for a swap parks ({@link #idle}): a wait the stats count. */
    private static boolean parks(final int waits) {
        return waits >= ENGINE_THREAD_SWAP_WAITS || ThreadScratch.isVirtual(Thread.currentThread());
    }

    /** A thread parked waiting for a swap to end; a stack of them, woken all at once. */
    private static final class Waiter {
        final Thread thread;
        Waiter next;

        Waiter(final Thread thread) {
            this.thread = thread;
        }
    }

    /** Wakes every thread that parked waiting for the swap that just ended. */
    private void wakeWaiters() {
        if (WAITERS.getVolatile(this) == null) {
            return;
        }
        for (Waiter w = (Waiter) WAITERS.getAndSet(this, null); w != null; w = w.next) {
            LockSupport.unpark(w.thread);
        }
    }

    private void handOff(final LogBuffer b) {
        b.sealedAtNanos(System.nanoTime());
        handOff.handOff(b, pool.runningLow());
    }

    /**
     * Seals the current buffer when it holds entries and has been open for half of maxDelay, so
     * an idle object's last event is written within maxDelay; with immediateFlush, when it has
     * been open for {@link #IMMEDIATE_SEAL_NANOS} (the first entry's writer wakes the thread).
     * Preproc thread only.
     *
     * @return when to call again (System.nanoTime based)
     */
    public long tick(final long nowNanos) {
        // With immediateFlush a caller's wake-up comes before the timer is due, and must be acted on.
        if (!immediate && nowNanos - nextTickNanos < 0) {
            return nextTickNanos;
        }
        final long idle = nowNanos + idleSealNanos;
        nextTickNanos = idle;
        final LogBuffer b = (LogBuffer) CURRENT.getAcquire(this);
        if (b == null || b == SWAPPING || b == CLOSED || !b.hasEntries()) {
            return idle;
        }
        final long sealAt = b.activatedAtNanos() + (immediate ? IMMEDIATE_SEAL_NANOS : idleSealNanos);
        if (nowNanos - sealAt < 0) {
            return immediate ? sealAt : idle;
        }
        swapOut(b);
        return idle;
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
                releaseToken(next);
            }
        }
    }

    /**
     * Seals the current buffer now if it holds entries, so that everything logged so far gets
     * written, and returns the sequence number the writer must reach for that. The object stays open.
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

    /**
     * Takes the object out of service: no new event is accepted, and the current buffer is sealed
     * and handed on (by this thread, or, when a swap is under way, by the token holder as it lets
     * go of the token). Never waits for the token: its holder may be a
     * caller waiting for a buffer that only the end of a stop's wait can give up on.
     */
    public void close() {
        closing = true;
        closeCurrent();
    }

    /** Moves current to CLOSED, sealing and handing on what it held; leaves a swap under way to its token holder. */
    private void closeCurrent() {
        for (;;) {
            final LogBuffer b = (LogBuffer) CURRENT.getVolatile(this);
            if (b == CLOSED || b == SWAPPING) {
                return;
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
     * Ends a swap: publishes the next buffer (or CLOSED, or null when there was none). The store
     * and the read of {@code closing} after it are volatile, as are close's write of
     * {@code closing} and its read of current: so either close sees the new buffer and closes it,
     * or this thread sees {@code closing} and closes it itself; a buffer is never left open
     * after close.
     */
    private void releaseToken(final LogBuffer next) {
        CURRENT.setVolatile(this, next != null ? next : closing ? CLOSED : null);
        wakeWaiters();
        if (next != null && closing) {
            closeCurrent();
        }
    }

    /**
     * Whether the object is closed and no swap is under way: then {@link #sequencesIssued} is
     * final and every buffer it counts has been handed on.
     */
    public boolean isClosed() {
        return CURRENT.getAcquire(this) == CLOSED;
    }

    /** Sequence numbers issued so far; final once {@link #isClosed}. */
    public long sequencesIssued() {
        CURRENT.getAcquire(this); // pairs with the token holder's store of current
        return nextSequence;
    }

    /** Flush thread: a written buffer goes back to the pool, zeroed (a dedicated one is let go). */
    public void recycle(final LogBuffer b) {
        if (!b.isDedicated()) {
            b.clearEntries();
            pool.release(b);
        }
    }

    /** When stop gives up waiting: a caller blocked waiting for a buffer is woken and its event counted. */
    public void abandonWaiters() {
        pool.close();
    }
}
