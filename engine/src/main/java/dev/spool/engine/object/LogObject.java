package dev.spool.engine.object;

import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.event.LogEvent;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.format.LogFormat;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.ThreadScratch;

/**
 * One logical log: a format, filters, and the buffers its events go into. This class is what
 * users and adapters call; how buffers replace each other is {@link CurrentBuffer}'s business,
 * what is lost and why is the {@link LossLedger}'s, and the engine's threads do the rest.
 *
 * <h2>The caller's path</h2>
 * {@link #access} tests the filters, marshals the event into the thread's scratch record (user
 * code such as a message's {@code toString()} runs here, before any segment is held), and appends
 * the record: a checkout of a segment of the current buffer, a copy, a checkin from a
 * {@code finally}. No lock is taken, and nothing is thrown into the caller: an event that cannot
 * be kept is counted as lost, under the cause that says why.
 *
 * <p>Adapters that capture their framework's event themselves append a record of their own
 * layout ({@link #accessRecord}, rendered later by the object's renderer) or, where a layout must
 * run on the caller, the rendered bytes ({@link #accessRendered}).
 */
public final class LogObject {
    private final LogObjectConfig config;
    private final LogFormat format;
    private final LogFilter[] accept;
    private final LogFilter[] reject;
    /** Per record slot: the parameter names a wipe filter masks in that field, or null. */
    private final byte[][][] wipes;
    private final LogObjectStats stats;
    private final CurrentBuffer buffers;
    private final LossLedger losses;

    LogObject(final LogObjectConfig config, final LogFormat format, final LogFilter[] accept, final LogFilter[] reject,
              final byte[][][] wipes, final LogObjectStats stats, final CurrentBuffer buffers, final LossLedger losses) {
        this.config = config;
        this.format = format;
        this.accept = accept;
        this.reject = reject;
        this.wipes = wipes;
        this.stats = stats;
        this.buffers = buffers;
        this.losses = losses;
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
            losses.lost(LossCause.CAPTURE_FAILED, "a filter failed", e);
            return;
        }
        final RecordWriter record = ThreadScratch.WRITERS.acquire();
        try {
            format.marshal(event, record, wipes);
            buffers.append(LogEntryHeader.KIND_RECORD, 0, event.timestampNanos(), record.array(), 0, record.length(), null);
        } catch (final RuntimeException | StackOverflowError | LinkageError e) {
            losses.lost(LossCause.CAPTURE_FAILED, "capturing an event failed", e);
        } finally {
            ThreadScratch.WRITERS.release(record);
        }
    }

    /**
     * Appends bytes rendered on the caller's thread (for layouts that cannot render from a
     * record); they are written as they are.
     */
    public void accessRendered(final long timestampNanos, final byte[] bytes, final int offset, final int length) {
        try {
            buffers.append(LogEntryHeader.KIND_RENDERED, 0, timestampNanos, bytes, offset, length, null);
        } catch (final RuntimeException e) {
            losses.lost(LossCause.CAPTURE_FAILED, "appending a rendered entry failed", e);
        }
    }

    /**
     * For adapters: bytes the framework's layout or encoder rendered on the caller's thread because
     * the event could not be deferred to the preproc thread; written as they are, and counted in
     * {@link LogObjectStats#getEventsRenderedOnCaller}.
     */
    public void accessRenderedOnCaller(final long timestampNanos, final byte[] bytes, final int offset,
                                       final int length) {
        stats.renderedOnCaller();
        accessRendered(timestampNanos, bytes, offset, length);
    }

    /**
     * For adapters with a {@link dev.spool.engine.format.RecordRenderer}: appends a record in the
     * adapter's own layout, rendered later on the preproc thread by that renderer.
     *
     * @param renderer the renderer number the record is to be rendered with, carried in the entry
     *                 header (see {@code adapter.RendererSwitch}); 0 when the object has one renderer
     */
    public void accessRecord(final int renderer, final long timestampNanos, final byte[] record, final int offset,
                             final int length) {
        accessRecord(renderer, timestampNanos, record, offset, length, null);
    }

    /**
     * {@link #accessRecord(int, long, byte[], int, int)} with an object kept beside the record until
     * the renderer gets it (the event's throwable, which the framework's layout renders on the
     * preproc thread as the stock asynchronous setups render it on theirs). For an object with a
     * renderer only; {@code attachment} must not change after the call.
     */
    public void accessRecord(final int renderer, final long timestampNanos, final byte[] record, final int offset,
                             final int length, final Object attachment) {
        try {
            buffers.append(LogEntryHeader.KIND_RECORD, renderer, timestampNanos, record, offset, length, attachment);
        } catch (final RuntimeException e) {
            losses.lost(LossCause.CAPTURE_FAILED, "appending a record failed", e);
        }
    }

    /**
     * For adapters: an event could not be captured (its layout or a message argument threw). It
     * is counted as lost (CAPTURE_FAILED), reported once, and written into the log as a loss line.
     */
    public void captureFailed(final String what, final Throwable error) {
        losses.lost(LossCause.CAPTURE_FAILED, what, error);
    }
}
