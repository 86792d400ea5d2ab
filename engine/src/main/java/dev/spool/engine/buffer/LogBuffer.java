package dev.spool.engine.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One buffer of a log object: writers check out non-overlapping segments of it without a lock,
 * fill them and check them in; once sealed it is handed on, and it is processed once every
 * segment has been checked in.
 *
 * <h2>The state word</h2>
 * Checkout and seal are one atomic operation each on a single {@code long}:
 * <pre>
 *   63 62                            32 31                             0
 *  +--+--------------------------------+--------------------------------+
 *  |S |           generation           |     offset (next free byte)    |
 *  +--+--------------------------------+--------------------------------+
 * </pre>
 * <ul>
 *   <li>{@code offset}: where the next segment starts; segments are handed out in increasing,
 *       disjoint ranges below the capacity (invariant 1).</li>
 *   <li>{@code generation}: bumped on every {@link #activate}, so a writer that read the state of
 *       an earlier use of this buffer can never win a CAS on the current one (invariant 8).</li>
 *   <li>{@code S}: sealed. A sealed buffer gives out no more segments (invariant 2); the one
 *       thread whose atomic operation set the bit hands it on (invariant 3).</li>
 * </ul>
 * A buffer rests sealed while it is in the pool or in flight, so only {@link #activate} opens it.
 *
 * <h2>Checkin: the entry's length, stored last</h2>
 * A writer checks its segment in by storing the entry's length into the entry's first four bytes
 * with release semantics ({@link #checkin}); until then they read 0, since every buffer is zeroed
 * before it is used again ({@link #clearEntries}). The checkin is a plain store to a cache line
 * the writer already owns, not a read-modify-write of the state word: each event costs one
 * atomic operation on the shared word (its checkout), not two. So the buffer can be handed on
 * while writers are still inside: whoever seals it hands it on, and the consumer calls
 * {@link #committed} and processes the buffer only once it answers {@code true}, every
 * segment below the final offset checked in (invariant 3: nothing is read before its checkin).
 *
 * <h2>Memory ordering</h2>
 * Entry bytes (and attachments) are written with plain stores before the checkin's release
 * store (a release fence, then the store); {@link #committed} reads each length with acquire
 * semantics (the load, then an acquire fence), so everything a writer
 * wrote before its checkin happens-before the consumer's reads after {@code committed()}
 * answered {@code true} (invariant 4). The final offset is read with acquire semantics after the
 * seal, which the hand-off (a queue with release/acquire edges) orders before the consumer.
 */
public final class LogBuffer {
    /** {@link #checkout} result: the buffer was sealed already (another thread hands it on); move to the next buffer. */
    public static final int SEALED = -1;
    /** {@link #checkout} result: the buffer had no room and this call sealed it: hand it on, then move to the next. */
    public static final int SEALED_HAND_OFF = -2;
    /** Bytes per attachment slot: the least length of an entry in a buffer with attachments. */
    public static final int ATTACHMENT_GRAIN = 32;

    static final long OFFSET_MASK = 0xFFFF_FFFFL;
    static final int GENERATION_SHIFT = 32;
    static final long GENERATION_MASK = 0x7FFF_FFFFL << GENERATION_SHIFT;
    static final long SEALED_BIT = 1L << 63;

    private static final VarHandle STATE;
    /** What {@link #clearEntries} copies over a used buffer. */
    private static final byte[] ZEROS = new byte[4096];

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(LogBuffer.class, "state", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The one field many threads write at once. No padding yet: fields declared around it in
    // this class would not be guaranteed to stay around it (HotSpot may reorder fields), and
    // padding goes in with the benchmark that shows it pays (superclass padding, as JCTools does).
    private volatile long state;

    private final ByteBuffer data;
    private final int capacity;
    private final int headerLength;
    private final boolean dedicated;
    private final BufferOwner owner;

    /** Set by {@link #activate}, read by the engine threads after the hand-off. */
    private long sequence;
    /** How far {@link #committed} found every segment checked in; the consumer's, reset by activate. */
    private int committedTo;
    private long activatedAtNanos;
    /** See {@link #firstWake}. */
    private boolean woken;
    /** Set when the buffer is handed on; read by the flush thread for the latency figure. */
    private long sealedAtNanos;
    /** Link used by {@link BufferQueue}; only touched by the queue. */
    LogBuffer next;
    /** What the preproc step made of the buffer, for the flush step; reused with the buffer. */
    private WriteBatch output;
    /**
     * Objects kept beside entries (a record's throwable, in text mode), by entry offset / 32, or
     * null when the buffer keeps none. Written by the entry's writer before its checkin, read and
     * cleared by the preproc thread once {@link #committed}: the checkin publishes them with the bytes.
     */
    private final Object[] attachments;

    /**
     * @param capacity     total bytes, header included
     * @param descriptor   the log object's self-describing descriptor, written once into the header
     * @param dedicated    {@code true} for a one-off buffer sized for one oversized entry
     * @param owner        the engine side of the log object the buffer belongs to (null in tests)
     */
    public LogBuffer(final int capacity, final byte[] descriptor, final boolean dedicated, final BufferOwner owner) {
        this(capacity, descriptor, dedicated, owner, false);
    }

    /**
     * @param attachments whether entries may keep an object beside them ({@link #attach}); every
     *                    entry is then at least {@link #ATTACHMENT_GRAIN} bytes long
     */
    public LogBuffer(final int capacity, final byte[] descriptor, final boolean dedicated, final BufferOwner owner,
                     final boolean attachments) {
        this.headerLength = LogBufferHeader.headerLength(descriptor.length);
        if (capacity < headerLength + LogEntryHeader.LENGTH) {
            throw new IllegalArgumentException("buffer capacity " + capacity
                + " cannot hold its " + headerLength + "-byte header and one entry");
        }
        this.capacity = capacity;
        this.dedicated = dedicated;
        this.owner = owner;
        // A dedicated buffer holds one entry, right after the header: one slot reaches it.
        this.attachments = !attachments ? null
            : new Object[(dedicated ? headerLength : capacity) / ATTACHMENT_GRAIN + 1];
        this.data = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
        LogBufferHeader.writeStatic(data, descriptor);
        this.state = SEALED_BIT | headerLength;
    }

    /**
     * Opens the buffer for writers under a new generation. Called only by the thread that is
     * about to publish the buffer as its log object's current one, while no writer can see it.
     */
    public void activate(final long sequence, final long nowNanos) {
        this.sequence = sequence;
        this.activatedAtNanos = nowNanos;
        this.woken = false;
        this.committedTo = headerLength;
        final long s = (long) STATE.getVolatile(this);
        final long generation = ((s & GENERATION_MASK) + (1L << GENERATION_SHIFT)) & GENERATION_MASK;
        STATE.setRelease(this, generation | headerLength);
    }

    /**
     * Reserves {@code length} bytes (a whole, aligned entry) for the calling writer, who must
     * {@link #checkin} it.
     *
     * @return the segment's offset, or {@link #SEALED} when the buffer is sealed already, or
     *     {@link #SEALED_HAND_OFF} when it has no room and this very call sealed it, so the caller
     *     must hand it on
     */
    public int checkout(final int length) {
        for (;;) {
            final long s = (long) STATE.getVolatile(this);
            if ((s & SEALED_BIT) != 0) {
                return SEALED;
            }
            final int offset = (int) (s & OFFSET_MASK);
            if (length > capacity - offset) {
                if (STATE.compareAndSet(this, s, s | SEALED_BIT)) {
                    return SEALED_HAND_OFF;
                }
                continue;
            }
            if (STATE.compareAndSet(this, s, s + length)) {
                return offset;
            }
        }
    }

    /**
     * Returns the segment checked out at {@code at}: stores its entry length (the same
     * {@code entryLength} given to checkout) with release semantics, which publishes every byte
     * written into it before. Always called, from a {@code finally} (invariant 9); the buffer may
     * already be handed on, and is processed only after this store.
     */
    public void checkin(final int at, final int entryLength) {
        // A release fence and a plain (aligned, so atomic) store: a release store, without a byte
        // buffer view VarHandle, which the Lincheck tests' model checker cannot follow.
        VarHandle.releaseFence();
        data.putInt(at + LogEntryHeader.LENGTH_OFFSET, entryLength);
    }

    /**
     * Seals the buffer so it takes no new writer.
     *
     * @return {@code true} when this call sealed it: the caller must hand it on; {@code false} when
     *     it was sealed already
     */
    public boolean seal() {
        final long previous = (long) STATE.getAndBitwiseOr(this, SEALED_BIT);
        return (previous & SEALED_BIT) == 0;
    }

    /**
     * For the consumer of a sealed, handed-on buffer: whether every segment checked out of it has
     * been checked in, so all of it may be read. Walks the entries by their lengths from where
     * the last call stopped; a length still 0 is a writer inside. A length no checkin stores (not
     * a whole entry within the buffer: only an engine bug could write one) ends the walk with
     * {@code true}, so the consumer goes on and reports the entry rather than waiting forever.
     */
    public boolean committed() {
        final int end = offsetAcquire();
        int p = committedTo;
        while (p < end) {
            final int length = data.getInt(p + LogEntryHeader.LENGTH_OFFSET);
            VarHandle.acquireFence(); // with the plain load: a load-acquire, as checkin's store is a release
            if (length == 0) {
                committedTo = p;
                return false;
            }
            if (length < LogEntryHeader.LENGTH || (length & (LogEntryHeader.ALIGNMENT - 1)) != 0 || length > end - p) {
                committedTo = end;
                return true;
            }
            p += length;
        }
        committedTo = p;
        return true;
    }

    /**
     * Zeroes the entries of a buffer that has been written, before it goes back to the pool, so
     * the next use's checkins are the only lengths {@link #committed} finds. Only once nothing
     * reads or writes the buffer any more (after {@link #committed} answered {@code true}).
     */
    public void clearEntries() {
        final int end = offsetAcquire();
        for (int p = headerLength; p < end; p += ZEROS.length) {
            data.put(p, ZEROS, 0, Math.min(ZEROS.length, end - p));
        }
    }

    /**
     * Writes one entry but its length into a checked-out segment; {@link #checkin} stores the
     * length. The entry is marked void until its payload is whole, so a failure part-way leaves an
     * entry every reader skips (invariant 9).
     */
    public void putEntry(final int at, final int entryLength, final byte kind, final int renderer,
                         final long timestampNanos, final byte[] payload, final int payloadOffset,
                         final int payloadLength) {
        data.putInt(at + LogEntryHeader.KIND_OFFSET, 0); // kind VOID, flags 0, reserved 0
        data.putLong(at + LogEntryHeader.TIMESTAMP_OFFSET, timestampNanos);
        data.putInt(at + LogEntryHeader.PAYLOAD_LENGTH_OFFSET, payloadLength);
        data.putInt(at + LogEntryHeader.RENDERER_OFFSET, renderer);
        data.put(at + LogEntryHeader.LENGTH, payload, payloadOffset, payloadLength);
        for (int i = at + LogEntryHeader.LENGTH + payloadLength; i < at + entryLength; i++) {
            data.put(i, (byte) 0);
        }
        data.put(at + LogEntryHeader.KIND_OFFSET, kind);
    }

    /** Bytes used (header included), read with acquire semantics. Final once sealed. */
    public int offsetAcquire() {
        return (int) (((long) STATE.getAcquire(this)) & OFFSET_MASK);
    }

    /** {@code true} when at least one segment was checked out since {@link #activate}. */
    public boolean hasEntries() {
        return offsetAcquire() > headerLength;
    }

    public boolean isSealed() {
        return (((long) STATE.getVolatile(this)) & SEALED_BIT) != 0;
    }

    /** The raw state word; for tests. */
    long stateVolatile() {
        return (long) STATE.getVolatile(this);
    }

    public ByteBuffer data() {
        return data;
    }

    public int capacity() {
        return capacity;
    }

    public int headerLength() {
        return headerLength;
    }

    /** Largest entry that fits an empty buffer of this size. */
    public int maxEntryLength() {
        return capacity - headerLength;
    }

    public boolean isDedicated() {
        return dedicated;
    }

    /** Whether entries of this buffer may keep an object beside them. */
    public boolean hasAttachments() {
        return attachments != null;
    }

    /**
     * Keeps {@code attachment} (or clears the slot, for null) beside the entry checked out at
     * {@code at}; by its writer, before the checkin. Entries are at least {@link #ATTACHMENT_GRAIN}
     * bytes long in such a buffer, so no two share a slot.
     */
    public void attach(final int at, final Object attachment) {
        attachments[at / ATTACHMENT_GRAIN] = attachment;
    }

    /** The object kept beside the entry at {@code at}, or null; the slot is cleared. Preproc thread. */
    public Object takeAttachment(final int at) {
        if (attachments == null) {
            return null;
        }
        final int i = at / ATTACHMENT_GRAIN;
        final Object a = attachments[i];
        attachments[i] = null;
        return a;
    }

    public BufferOwner owner() {
        return owner;
    }

    public long sequence() {
        return sequence;
    }

    /**
     * For immediateFlush: whether the calling writer is the first since {@link #activate} to ask,
     * and so wakes the thread that seals the buffer. A plain field: two writers racing may both
     * wake it, which is harmless; the reset in activate is published by the state word's release.
     */
    public boolean firstWake() {
        if (woken) {
            return false;
        }
        woken = true;
        return true;
    }

    public long activatedAtNanos() {
        return activatedAtNanos;
    }

    public long sealedAtNanos() {
        return sealedAtNanos;
    }

    public void sealedAtNanos(final long nanos) {
        this.sealedAtNanos = nanos;
    }

    /** The preproc step's output for this buffer; read by the flush step after the hand-off. */
    public WriteBatch output() {
        return output;
    }

    public void output(final WriteBatch output) {
        this.output = output;
    }
}
