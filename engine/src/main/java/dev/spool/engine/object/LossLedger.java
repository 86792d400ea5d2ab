package dev.spool.engine.object;

import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.event.ErrorListener;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * The loss ledger of one log object: every event it could not keep is counted in its stats under
 * the cause that says what happened, and, for the causes that happen while the log goes on, also
 * written into the log itself as a {@link LogEntryHeader#KIND_LOSS} entry (see {@link LossEntry})
 * at the start of the next buffer, so the operator reading the file sees where events are
 * missing and why. The preproc thread reports each loss entry it meets once to the error listener.
 *
 * <p>Counting is lock-free and allocation-free on the caller; only the first loss of a kind
 * since the last loss entry says a word (so a flood of drops is one message, not one per event).
 */
public final class LossLedger {
    private final String name;
    private final String file;
    private final LogObjectStats stats;
    private final ErrorListener errors;
    /** Per cause ordinal: events lost since the last loss entry was written. */
    private final AtomicLongArray pending = new AtomicLongArray(LossCause.ALL.length);
    /**
     * Bit {@code i} set: {@code pending[i]} may be above 0. Set by the caller that raises a count
     * from 0 (after raising it), cleared by the writer before it takes the counts, so a count is
     * never left behind without its bit: an activation with nothing pending costs one read.
     */
    private final AtomicInteger pendingCauses = new AtomicInteger();
    /** The swap-token holder's scratch for a loss payload; never shared (one token holder). */
    private final byte[] payload = new byte[LossEntry.LENGTH];

    /** A caller's wait for a free buffer longer than this is said, once. */
    private final long waitWarningNanos;
    private final AtomicBoolean waitSaid = new AtomicBoolean();

    LossLedger(final String name, final String file, final LogObjectStats stats, final ErrorListener errors,
               final Duration waitWarning) {
        this.name = name;
        this.file = file;
        this.stats = stats;
        this.errors = errors;
        this.waitWarningNanos = waitWarning.toNanos();
    }

    /**
     * Counts a caller's wait of {@code nanos} for a free buffer (whenFull=block); the first one
     * longer than the object's waitWarning is said, naming the object and its file.
     */
    void waited(final long nanos) {
        stats.waited(nanos);
        if (nanos > waitWarningNanos && !waitSaid.get() && waitSaid.compareAndSet(false, true)) {
            errors.onError("log object \"" + name + "\": a caller waited " + nanos / 1_000_000 + " ms for a free"
                + " buffer (whenFull=block): " + file + " is not written as fast as events come (said once; every"
                + " wait is counted in the object's stats)", null);
        }
    }

    /** The gauge of buffers in use, for the object's stats. */
    void buffersInUse(final IntSupplier gauge) {
        stats.buffersInUse(gauge);
    }

    /** Counts one event lost on a caller's thread; {@code what} and {@code error} say why, or are null. */
    void lost(final LossCause cause, final String what, final Throwable error) {
        stats.lost(cause, 1);
        switch (cause) {
            case NO_BUFFER, CAPTURE_FAILED, ENGINE_THREAD -> {
                if (pending.getAndIncrement(cause.ordinal()) == 0) {
                    markPending(cause.ordinal());
                    if (what != null) {
                        errors.onError("log object \"" + name + "\": " + what + "; the event is counted as lost", error);
                    }
                }
            }
            case STOPPED -> {
                if (stats.lost(LossCause.STOPPED) == 1) {
                    errors.onError("log object \"" + name + "\" is stopped; events logged from now on are counted"
                        + " as lost", null);
                }
            }
            case ABANDONED -> {
                if (stats.lost(LossCause.ABANDONED) == 1) {
                    errors.onError("log object \"" + name + "\": a caller waiting for a buffer was let go when the"
                        + " engine gave up on the file; its event is counted as lost", null);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Writes the losses counted since the last loss entry into {@code next}, a buffer just
     * activated and not yet published. Only the holder of the object's swap token calls this.
     */
    void writePending(final LogBuffer next) {
        if (pendingCauses.get() == 0) {
            return;
        }
        int causes = pendingCauses.getAndSet(0);
        while (causes != 0) {
            final int i = Integer.numberOfTrailingZeros(causes);
            causes &= causes - 1;
            final long lost = pending.getAndSet(i, 0);
            if (lost == 0) {
                continue;
            }
            final int entryLength = LogEntryHeader.entryLength(LossEntry.LENGTH);
            final int at = next.checkout(entryLength);
            if (at < 0) { // cannot happen in an empty buffer; keep the count for the next one
                pending.addAndGet(i, lost);
                markPending(i);
                continue;
            }
            LossEntry.put(payload, lost, LossCause.ALL[i].code());
            next.putEntry(at, entryLength, LogEntryHeader.KIND_LOSS, 0, System.currentTimeMillis() * 1_000_000L,
                payload, 0, payload.length);
            next.checkin(at, entryLength);
        }
    }

    private void markPending(final int ordinal) {
        int m;
        do {
            m = pendingCauses.get();
        } while (!pendingCauses.compareAndSet(m, m | 1 << ordinal));
    }

    /** The preproc thread met a loss entry: one message for the operator. */
    public void report(final int code, final long count) {
        final LossCause cause = LossCause.ofCode(code);
        errors.onError("log object \"" + name + "\" (" + file + "): " + count + " events lost ("
            + cause.description() + ")", null);
    }

    /** Events lost on callers but not yet written into the log as a loss entry. */
    public long notYetWritten() {
        long n = 0;
        for (int i = 0; i < pending.length(); i++) {
            n += pending.get(i);
        }
        return n;
    }
}
