package dev.spool.engine.object;

import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.format.LogFormat;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The preproc thread's work on one log object's buffer: for text, render every entry into bytes
 * ready to write; for binary, fill in the header's counts, time range and CRCs. Entries that
 * fail to render are left out and counted; the rest of the buffer is still written.
 */
final class BufferPreprocessor {
    private final LogObject object;
    private final LogFormat format;
    private final boolean binary;
    private final RecordView view = new RecordView();
    private final CRC32C crc = new CRC32C();
    private final int slots;
    private boolean renderFailureReported;

    BufferPreprocessor(final LogObject object, final LogFormat format, final boolean binary) {
        this.object = object;
        this.format = format;
        this.binary = binary;
        this.slots = format.stored().size();
    }

    void process(final LogBuffer b) {
        Processed out = (Processed) b.attachment();
        if (out == null) {
            out = new Processed(binary ? null : new TextOutput(b.capacity() + b.capacity() / 2));
            b.attachment(out);
        }
        out.reset();
        final ByteBuffer d = b.data();
        final int end = b.offsetAcquire();
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        int entries = 0;
        int p = b.headerLength();
        while (p < end) {
            final int len = end - p >= LogEntryHeader.LENGTH ? LogEntryHeader.length(d, p) : -1;
            if (len < LogEntryHeader.LENGTH || (len & (LogEntryHeader.ALIGNMENT - 1)) != 0 || len > end - p) {
                // Cannot happen unless the engine itself is broken: say so and keep what came before.
                object.errors().onError("log object \"" + object.name() + "\": buffer " + b.sequence()
                    + " has a bad entry length " + len + " at offset " + p + "; the rest of the buffer is skipped", null);
                break;
            }
            final byte kind = LogEntryHeader.kind(d, p);
            final long ts = LogEntryHeader.timestamp(d, p);
            if (kind != LogEntryHeader.KIND_VOID) {
                entries++;
                low = Math.min(low, ts);
                high = Math.max(high, ts);
            }
            switch (kind) {
                case LogEntryHeader.KIND_RECORD:
                    out.records++;
                    if (!binary) {
                        render(d, p, ts, out.text);
                    }
                    break;
                case LogEntryHeader.KIND_RENDERED:
                    out.records++;
                    if (!binary) {
                        out.text.write(d, p + LogEntryHeader.LENGTH, LogEntryHeader.payloadLength(d, p));
                    }
                    break;
                case LogEntryHeader.KIND_LOSS:
                    loss(d, p, out.text);
                    break;
                default:
                    break; // void: its loss was counted on the caller's thread
            }
            p += len;
        }
        if (binary) {
            if (entries == 0) {
                low = 0;
                high = 0;
            }
            LogBufferHeader.finish(d, end, entries, b.sequence(), low, high, crc);
            out.byteCount = end;
        }
        out.entries = entries;
    }

    private void render(final ByteBuffer d, final int p, final long ts, final TextOutput text) {
        final int mark = text.length();
        try {
            final String problem = view.wrap(d, p + LogEntryHeader.LENGTH, LogEntryHeader.payloadLength(d, p), ts, slots);
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            format.render(view, text);
            text.write('\n');
        } catch (final RuntimeException e) {
            text.truncate(mark);
            object.stats().lost(LossCause.RENDER_FAILED, 1);
            if (!renderFailureReported) {
                renderFailureReported = true;
                object.errors().onError("log object \"" + object.name() + "\": rendering an event failed; such "
                    + "events are counted as lost (reported once)", e);
            }
        }
    }

    private void loss(final ByteBuffer d, final int p, final TextOutput text) {
        final long count = d.getLong(p + LogEntryHeader.LENGTH);
        final int causeIndex = d.getShort(p + LogEntryHeader.LENGTH + 8);
        final LossCause cause = causeIndex >= 0 && causeIndex < LossCause.values().length
            ? LossCause.values()[causeIndex] : LossCause.NO_BUFFER;
        object.reportLoss(cause, count);
        if (!binary) {
            text.write(lossLine(count, cause).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The line a text log gets where events were lost. */
    static String lossLine(final long count, final LossCause cause) {
        return "spool: " + count + " events lost here (" + LogObject.describe(cause) + ")\n";
    }

    /** What the preproc thread made of a buffer, for the flush thread. */
    static final class Processed {
        final TextOutput text;
        int entries;
        int records;
        int byteCount;

        Processed(final TextOutput text) {
            this.text = text;
        }

        void reset() {
            entries = 0;
            records = 0;
            byteCount = 0;
            if (text != null) {
                text.reset();
            }
        }
    }
}
