package dev.spool.engine.thread;

import dev.spool.engine.buffer.EntryCursor;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.buffer.WriteBatch;
import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.format.CompactEncoder;
import dev.spool.engine.format.FieldType;
import dev.spool.engine.format.LogFormat;
import dev.spool.engine.format.RecordRenderer;
import dev.spool.engine.format.StoredField;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.object.LossLedger;
import dev.spool.engine.record.RecordView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The preproc thread's work on one log object's buffer: for text, render every entry into bytes
 * ready to write; for binary, encode the buffer in format 2 (FORMAT.md), counts, time range and
 * CRCs filled in. Entries that fail to render are left out and counted; the rest of the buffer is
 * still written.
 */
final class BufferPreprocessor {
    private final LogObject object;
    private final LossLedger losses;
    private final ErrorListener errors;
    private final LogFormat format;
    private final boolean binary;
    /** Each pooled buffer's reusable output; dedicated buffers get one of their own, once. */
    private final Map<LogBuffer, Processed> outputs = new IdentityHashMap<>();
    private final RecordView view = new RecordView();
    private final CRC32C crc = new CRC32C();
    private final EntryCursor cursor = new EntryCursor();
    private final int slots;
    /** The adapter's renderer for its records, or null: records are rendered with the format. */
    private final RecordRenderer renderer;
    /** Binary logs: the encoder and the stored fields' types; null for text. */
    private final CompactEncoder encoder;
    private final FieldType[] types;
    private boolean renderFailureReported;
    /** Records of the buffer being processed whose rendering failed since the last line written, and the last one's time. */
    private int failed;
    private long failedAt;

    BufferPreprocessor(final LogObject object, final LossLedger losses, final ErrorListener errors) {
        this.object = object;
        this.losses = losses;
        this.errors = errors;
        this.format = object.format();
        this.binary = object.config().mode() == LogMode.BINARY;
        this.renderer = object.config().renderer();
        this.slots = format.stored().size();
        this.encoder = binary ? new CompactEncoder() : null;
        this.types = binary ? format.stored().stream().map(StoredField::type).toArray(FieldType[]::new) : null;
    }

    void process(final LogBuffer b) {
        Processed out = b.isDedicated() ? null : outputs.get(b);
        if (out == null) {
            out = new Processed(binary ? null : new TextOutput(b.capacity() + b.capacity() / 2));
            if (!b.isDedicated()) {
                outputs.put(b, out);
            }
        }
        out.reset();
        b.output(out);
        final ByteBuffer d = b.data();
        final int end = b.offsetAcquire();
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        int entries = 0;
        final EntryCursor entry = cursor.reset(d, b.headerLength(), end);
        while (entry.next()) {
            final byte kind = entry.kind();
            final long ts = entry.timestamp();
            // Taken for every entry, so nothing an entry kept outlives this pass over the buffer.
            final Object attachment = b.takeAttachment(entry.offset());
            if (kind != LogEntryHeader.KIND_VOID) {
                entries++;
                low = Math.min(low, ts);
                high = Math.max(high, ts);
            }
            switch (kind) {
                case LogEntryHeader.KIND_RECORD:
                    out.records++;
                    if (!binary) {
                        final int mark = out.text.length();
                        if (!render(d, entry, attachment, out.text)) {
                            failed++;
                            failedAt = ts;
                        } else {
                            if (failed > 0) {
                                failedBefore(out, mark);
                            }
                            out.unit(ts);
                        }
                    }
                    break;
                case LogEntryHeader.KIND_RENDERED:
                    out.records++;
                    if (!binary) {
                        writeFailed(out);
                        out.text.write(d, entry.payloadOffset(), entry.payloadLength());
                        out.unit(ts);
                    }
                    break;
                case LogEntryHeader.KIND_LOSS:
                    writeFailed(out);
                    loss(d, entry.payloadOffset(), out.text);
                    if (!binary) {
                        out.unit(ts);
                    }
                    break;
                default:
                    break; // void: its loss was counted on the caller's thread
            }
        }
        writeFailed(out);
        if (entry.problem() != null) {
            // Cannot happen unless the engine itself is broken: say so and keep what came before.
            errors.onError("log object \"" + object.name() + "\": buffer " + b.sequence() + ": "
                + entry.problem() + "; the rest of the buffer is skipped", null);
        }
        if (binary) {
            if (entries == 0) {
                low = 0;
                high = 0;
            }
            encode(b, out, end, entries, low, high);
        }
        out.entries = entries;
    }

    /** Encodes the buffer's first {@code end} bytes in format 2 for {@code out}; format 1 as it is if that fails. */
    private void encode(final LogBuffer b, final Processed out, final int end, final int entries, final long low,
                        final long high) {
        final ByteBuffer d = b.data();
        try {
            encoder.output(out.encoded);
            out.byteCount = encoder.encode(d, end, b.sequence(), low, high, types);
            out.encoded = encoder.output();
            out.binary(out.encoded, low);
        } catch (final RuntimeException e) {
            // Cannot happen unless the engine itself is broken; every reader reads format 1 too.
            errors.onError("log object \"" + object.name() + "\": buffer " + b.sequence()
                + " could not be encoded; written in format 1", e);
            LogBufferHeader.finish(d, end, entries, b.sequence(), low, high, crc);
            out.byteCount = end;
            out.binary(d, low);
        }
    }

    /**
     * Writes the loss line of the events whose rendering failed since the last line, where they
     * would have been, as one unit (text logs only).
     */
    private void writeFailed(final Processed out) {
        if (failed > 0 && !binary) {
            out.text.write(LossCause.lossLine(failed, LossCause.RENDER_FAILED.code()).getBytes(StandardCharsets.UTF_8));
            out.unit(failedAt);
            failed = 0;
        }
    }

    /** Puts the loss line of earlier failed events before the line just rendered from {@code mark} (a rare path). */
    private void failedBefore(final Processed out, final int mark) {
        final byte[] line = Arrays.copyOfRange(out.text.array(), mark, out.text.length());
        out.text.truncate(mark);
        writeFailed(out);
        out.text.write(line);
    }

    /** Renders one record as a line; {@code false} (and nothing written) when rendering failed. */
    private boolean render(final ByteBuffer d, final EntryCursor entry, final Object attachment,
                           final TextOutput text) {
        final int mark = text.length();
        try {
            if (renderer != null) {
                renderer.render(entry.renderer(), d, entry.payloadOffset(), entry.payloadLength(), entry.timestamp(),
                    attachment, text);
                return true;
            }
            final String problem = view.wrap(d, entry.payloadOffset(), entry.payloadLength(), entry.timestamp(), slots);
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            format.render(view, text);
            text.write('\n');
            return true;
        } catch (final RuntimeException e) {
            text.truncate(mark);
            object.stats().lost(LossCause.RENDER_FAILED, 1);
            if (!renderFailureReported) {
                renderFailureReported = true;
                errors.onError("log object \"" + object.name() + "\": rendering an event failed; such "
                    + "events are counted as lost and written as a loss line (reported once)", e);
            }
            return false;
        }
    }

    private void loss(final ByteBuffer d, final int payload, final TextOutput text) {
        final long count = LossEntry.count(d, payload);
        final int cause = LossEntry.cause(d, payload);
        losses.report(cause, count);
        if (!binary) {
            text.write(LossCause.lossLine(count, cause).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * What the preproc thread made of a buffer, for the flush thread: the bytes to write and
     * where each event ends in them (a text log), or the whole buffer as one unit (a binary log).
     */
    static final class Processed implements WriteBatch {
        final TextOutput text;
        int entries;
        int records;
        int byteCount;
        private int units;
        private int[] unitEnds = new int[64];
        private long[] unitTimestamps = new long[64];
        /** The buffer encoded (binary logs), kept from buffer to buffer. */
        byte[] encoded = new byte[0];
        /** What {@link #binaryView} views: the encoded array or the buffer itself. */
        private Object binary;
        private ByteBuffer binaryView;

        Processed(final TextOutput text) {
            this.text = text;
        }

        void reset() {
            entries = 0;
            records = 0;
            byteCount = 0;
            units = 0;
            if (text != null) {
                text.reset();
            }
        }

        /** Marks the end of a unit at the current end of the text. */
        void unit(final long timestamp) {
            if (units == unitEnds.length) {
                unitEnds = Arrays.copyOf(unitEnds, 2 * units);
                unitTimestamps = Arrays.copyOf(unitTimestamps, 2 * units);
            }
            unitEnds[units] = text.length();
            unitTimestamps[units] = timestamp;
            units++;
        }

        /** A binary buffer encoded into {@code data}: one unit, its first {@link #byteCount} bytes. */
        void binary(final byte[] data, final long lowTimestamp) {
            if (data != binary) {
                binary = data;
                binaryView = ByteBuffer.wrap(data);
            }
            oneUnit(lowTimestamp);
        }

        /** A binary buffer written as it is (format 1): one unit, the first {@link #byteCount} bytes of {@code data}. */
        void binary(final ByteBuffer data, final long lowTimestamp) {
            if (data != binary) {
                binary = data;
                binaryView = data.duplicate();
            }
            oneUnit(lowTimestamp);
        }

        private void oneUnit(final long lowTimestamp) {
            units = 1;
            unitEnds[0] = byteCount;
            unitTimestamps[0] = lowTimestamp;
        }

        @Override
        public int events() {
            return records;
        }

        @Override
        public boolean hasBytes() {
            return text != null ? text.length() > 0 : entries > 0;
        }

        @Override
        public ByteBuffer bytes() {
            if (text != null) {
                return text.asByteBuffer();
            }
            return binaryView.limit(byteCount).position(0);
        }

        @Override
        public int units() {
            return units;
        }

        @Override
        public int unitEnd(final int i) {
            return unitEnds[i];
        }

        @Override
        public long unitTimestamp(final int i) {
            return unitTimestamps[i];
        }
    }
}
