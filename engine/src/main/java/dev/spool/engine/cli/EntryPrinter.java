package dev.spool.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.spool.engine.buffer.EntryCursor;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.format.DescribedField;
import dev.spool.engine.format.LogFormat;
import dev.spool.engine.format.StoredField;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.object.Descriptor;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.record.RecordView;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Renders the entries of checked buffers: as text with the stored format (or one given on the
 * command line), or as JSON lines. Damage inside a buffer that passed its CRC (which only a bug
 * could cause) is reported the same way as damage between buffers.
 */
final class EntryPrinter {
    private final OutputStream out;
    private final String formatOverride;
    private final boolean json;
    private final long sinceNanos;
    private final long untilNanos;
    private final TextOutput text = new TextOutput();
    private final RecordView view = new RecordView();
    private final EntryCursor cursor = new EntryCursor();
    private final JsonGenerator generator;
    private byte[] cachedDescriptorBytes;
    private Descriptor descriptor;
    private LogFormat format;

    EntryPrinter(final OutputStream out, final String formatOverride, final boolean json,
                 final long sinceNanos, final long untilNanos) throws IOException {
        this.out = out;
        this.formatOverride = formatOverride;
        this.json = json;
        this.sinceNanos = sinceNanos;
        this.untilNanos = untilNanos;
        this.generator = json ? new JsonFactory().createGenerator(out).configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            : null;
    }

    /**
     * Prints one buffer's entries.
     *
     * @throws IllegalArgumentException when the buffer's descriptor is unreadable or the format
     *     given on the command line does not fit this log (the message says which)
     */
    void print(final BinaryLogReader.Buffer b, final BinaryLogReader.Problems problems) throws IOException {
        describe(b.descriptor());
        final ByteBuffer d = b.data();
        final int slots = descriptor.fields().size();
        cursor.reset(d, b.headerLength(), b.byteCount());
        while (cursor.next()) {
            final long ts = cursor.timestamp();
            if (cursor.kind() == LogEntryHeader.KIND_VOID || ts < sinceNanos || ts >= untilNanos) {
                continue;
            }
            switch (cursor.kind()) {
                case LogEntryHeader.KIND_RECORD:
                    final String problem = view.wrap(d, cursor.payloadOffset(), cursor.payloadLength(), ts, slots);
                    if (problem != null) {
                        problems.corrupt(b.fileOffset() + cursor.offset(), "bad record: " + problem);
                        continue;
                    }
                    if (json) {
                        recordJson(ts);
                    } else {
                        text.reset();
                        format.render(view, text);
                        text.write('\n');
                        out.write(text.array(), 0, text.length());
                    }
                    break;
                case LogEntryHeader.KIND_RENDERED:
                    final byte[] bytes = new byte[cursor.payloadLength()];
                    d.get(cursor.payloadOffset(), bytes);
                    if (json) {
                        start(ts);
                        generator.writeStringField("text", new String(bytes, StandardCharsets.UTF_8));
                        end();
                    } else {
                        out.write(bytes);
                    }
                    break;
                case LogEntryHeader.KIND_LOSS:
                    final long count = LossEntry.count(d, cursor.payloadOffset());
                    final int cause = LossEntry.cause(d, cursor.payloadOffset());
                    if (json) {
                        start(ts);
                        generator.writeNumberField("lost", count);
                        generator.writeStringField("cause", LossCause.describe(cause));
                        end();
                    } else {
                        out.write(LossCause.lossLine(count, cause).getBytes(StandardCharsets.UTF_8));
                    }
                    break;
                default:
                    problems.corrupt(b.fileOffset() + cursor.offset(), "entry of unknown kind " + cursor.kind());
            }
        }
        if (cursor.problem() != null) {
            problems.corrupt(b.fileOffset(), "buffer " + b.sequence() + ": " + cursor.problem());
        }
    }

    private void describe(final byte[] bytes) {
        if (Arrays.equals(bytes, cachedDescriptorBytes)) {
            return;
        }
        final Descriptor next = Descriptor.parse(bytes);
        final List<StoredField> stored = next.fields();
        final String template = formatOverride != null ? formatOverride : next.format();
        format = LogFormat.compile(template, DescribedField.registryFor(stored), stored);
        descriptor = next;
        cachedDescriptorBytes = bytes;
    }

    private void recordJson(final long ts) throws IOException {
        start(ts);
        final List<StoredField> fields = descriptor.fields();
        for (int i = 0; i < fields.size(); i++) {
            final StoredField f = fields.get(i);
            generator.writeFieldName(f.label());
            if (view.isNull(i)) {
                generator.writeNull();
                continue;
            }
            switch (f.type()) {
                case LONG:
                    generator.writeNumber(view.getLong(i));
                    break;
                case MAP:
                    writeMap(i);
                    break;
                default:
                    generator.writeString(view.getString(i));
            }
        }
        end();
    }

    private void writeMap(final int slot) throws IOException {
        final ByteBuffer b = view.buffer();
        final int end = view.offset(slot) + view.length(slot);
        int p = view.offset(slot);
        final int pairs = b.getInt(p);
        p += 4;
        generator.writeStartObject();
        for (int k = 0; k < pairs && end - p >= 4; k++) {
            final int kl = b.getInt(p);
            final String key = kl < 0 ? "null" : RecordView.string(b, p + 4, Math.min(kl, end - p - 4));
            p += 4 + Math.max(kl, 0);
            if (end - p < 4) {
                break;
            }
            final int vl = b.getInt(p);
            generator.writeFieldName(key);
            if (vl < 0) {
                generator.writeNull();
            } else {
                generator.writeString(RecordView.string(b, p + 4, Math.min(vl, end - p - 4)));
            }
            p += 4 + Math.max(vl, 0);
        }
        generator.writeEndObject();
    }

    private void start(final long ts) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("time", Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L),
            Math.floorMod(ts, 1_000_000_000L)).toString());
        generator.writeStringField("log", descriptor.log());
    }

    private void end() throws IOException {
        generator.writeEndObject();
        generator.flush();
        out.write('\n');
    }

}
