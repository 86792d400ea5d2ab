package dev.spool.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.spool.engine.buffer.EntryCursor;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.format.DescribedField;
import dev.spool.engine.format.LogFormat;
import dev.spool.engine.format.StackTraceRecord;
import dev.spool.engine.format.StoredField;
import dev.spool.engine.format.MessageTemplates;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.object.Descriptor;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.StringCache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders the entries of checked buffers: as text with the stored format (or one given on the
 * command line), or as JSON lines. Damage inside a buffer that passed its CRC (which only a bug
 * could cause) is reported the same way as damage between buffers.
 *
 * <p>Over 400 lines because text, JSON and {@code --layout} output share one walk over a checked
 * buffer's entries and the descriptor state it keeps.
 */
final class EntryPrinter {
    private final OutputStream out;
    private final String formatOverride;
    private final boolean json;
    private final long sinceNanos;
    private final long untilNanos;
    private final EventFilter filter;
    private final TextOutput text = new TextOutput();
    /** A formatted message, for JSON. */
    private final TextOutput message = new TextOutput();
    private final RecordView view = new RecordView();
    private final EntryCursor cursor = new EntryCursor();
    private final JsonGenerator generator;
    /** The few keys of stored throwables, decoded once. */
    private final StringCache keys = new StringCache(16);
    private byte[] cachedDescriptorBytes;
    /** Entries of kinds this reader does not know, by kind, for each file being read (by its problems' receiver). */
    private final Map<BinaryLogReader.Problems, Map<Integer, Long>> unknownKinds = new IdentityHashMap<>();
    /** Fields of types this reader does not know ({@code name (type)}), for each file being read. */
    private final Map<BinaryLogReader.Problems, Set<String>> unknownTypes = new IdentityHashMap<>();
    /** Events --layout failed on, and the first failure, for each file being read. */
    private final Map<BinaryLogReader.Problems, LayoutFailures> layoutFailures = new IdentityHashMap<>();
    private Descriptor descriptor;
    private LogFormat format;
    /** --layout's renderer, or null; and the records it reads, for the current descriptor. */
    private FrameworkLayout.Renderer layout;
    private StoredEvent event;

    EntryPrinter(final OutputStream out, final String formatOverride, final boolean json,
                 final long sinceNanos, final long untilNanos, final EventFilter filter) throws IOException {
        this.out = out;
        this.filter = filter;
        this.formatOverride = formatOverride;
        this.json = json;
        this.sinceNanos = sinceNanos;
        this.untilNanos = untilNanos;
        this.generator = json ? new JsonFactory().createGenerator(out).configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            : null;
        if (generator != null) {
            generator.setRootValueSeparator(null); // one object per line, each line starting with its "{"
        }
    }

    /** Renders records with a framework's layout ({@code --layout}) instead of a format; null: the format. */
    EntryPrinter layout(final FrameworkLayout.Renderer renderer) {
        this.layout = renderer;
        return this;
    }

    /**
     * Prints one buffer's entries.
     *
     * @throws IllegalArgumentException when the buffer's descriptor is unreadable or the format
     *     given on the command line does not fit this log (the message says which)
     */
    void print(final BinaryLogReader.Buffer b, final BinaryLogReader.Problems problems) throws IOException {
        prepare(b, problems);
        cursor.reset(b.data(), b.headerLength(), b.byteCount());
        while (cursor.next()) {
            printEntry(b, cursor, problems);
        }
        if (cursor.problem() != null) {
            problems.corrupt(b.fileOffset(), "buffer " + b.sequence() + ": " + cursor.problem());
        }
    }

    /**
     * Makes {@code b}'s descriptor the current one, for {@link #printEntry}; {@code problems} is
     * its file's, which hears of what this reader skips in it at {@link #endOfFile}.
     *
     * @throws IllegalArgumentException as {@link #print}
     */
    void prepare(final BinaryLogReader.Buffer b, final BinaryLogReader.Problems problems) {
        describe(b.descriptor());
        if (!descriptor.unknownTypes().isEmpty()) {
            unknownTypes.computeIfAbsent(problems, p -> new LinkedHashSet<>()).addAll(descriptor.unknownTypes());
        }
    }

    /** Prints the entry {@code at} stands on, in {@code b}, which {@link #prepare} was last given. */
    void printEntry(final BinaryLogReader.Buffer b, final EntryCursor at, final BinaryLogReader.Problems problems)
        throws IOException {
        final ByteBuffer d = b.data();
        final int slots = descriptor.fields().size();
        final long ts = at.timestamp();
        if (at.kind() == LogEntryHeader.KIND_VOID || ts < sinceNanos || ts >= untilNanos) {
            return;
        }
        switch (at.kind()) {
            case LogEntryHeader.KIND_RECORD:
                final String problem = view.wrap(d, at.payloadOffset(), at.payloadLength(), ts, slots);
                if (problem != null) {
                    problems.corrupt(b.fileOffset() + at.offset(), "bad record: " + problem);
                    return;
                }
                if (!filter.none()) {
                    if (filter.needsText()) {
                        text.reset();
                        format.render(view, text);
                    }
                    if (!filter.accepts(view, filter.needsText()
                        ? new String(text.array(), 0, text.length(), StandardCharsets.UTF_8) : null)) {
                        return;
                    }
                }
                if (json) {
                    recordJson(ts);
                } else if (layout != null) {
                    out.write(layoutOf(problems).getBytes(StandardCharsets.UTF_8));
                } else {
                    text.reset();
                    format.render(view, text);
                    text.write('\n');
                    out.write(text.array(), 0, text.length());
                }
                break;
            case LogEntryHeader.KIND_RENDERED:
                final byte[] bytes = new byte[at.payloadLength()];
                d.get(at.payloadOffset(), bytes);
                if (!filter.none() && !filter.acceptsRendered(new String(bytes, StandardCharsets.UTF_8))) {
                    return;
                }
                if (json) {
                    start(ts);
                    generator.writeStringField("text", new String(bytes, StandardCharsets.UTF_8));
                    end();
                } else {
                    out.write(bytes);
                }
                break;
            case LogEntryHeader.KIND_LOSS:
                final long count = LossEntry.count(d, at.payloadOffset());
                final int cause = LossEntry.cause(d, at.payloadOffset());
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
                // A kind of a newer minor version (FORMAT.md): its length is known, so it is skipped.
                unknownKinds.computeIfAbsent(problems, p -> new TreeMap<>()).merge((int) at.kind(), 1L, Long::sum);
        }
    }

    /**
     * Says what the file of {@code problems} held that this reader skipped on purpose (entry kinds
     * and field types of a newer minor version), once each, and forgets it.
     */
    void endOfFile(final BinaryLogReader.Problems problems) {
        final Map<Integer, Long> kinds = unknownKinds.remove(problems);
        if (kinds != null) {
            for (final Map.Entry<Integer, Long> e : kinds.entrySet()) {
                problems.note("skipped " + e.getValue() + " entries of kind " + e.getKey() + ", which this reader does"
                    + " not know (a newer minor version of the format)");
            }
        }
        final Set<String> types = unknownTypes.remove(problems);
        if (types != null) {
            problems.note("fields of a type this reader does not know (a newer minor version of the format), shown"
                + " as ?: " + String.join(", ", types));
        }
        final LayoutFailures failures = layoutFailures.remove(problems);
        if (failures != null) {
            problems.failed("--layout failed on " + failures.count + (failures.count == 1 ? " event" : " events")
                + ", each shown in its place; the first: " + failures.first);
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
        final String unfit = filter.describe(stored);
        if (unfit != null) {
            throw new EventFilter.DoesNotFit(unfit + " (stored: " + String.join(", ",
                stored.stream().map(StoredField::label).toList()) + ")");
        }
        descriptor = next;
        cachedDescriptorBytes = bytes;
        event = layout == null ? null : new StoredEvent(stored);
    }

    /** The record in the view laid out by --layout; a layout that fails shows the failure in its place. */
    private String layoutOf(final BinaryLogReader.Problems problems) {
        try {
            return layout.render(event.of(view));
        } catch (final RuntimeException e) {
            final LayoutFailures failures = layoutFailures.computeIfAbsent(problems, p -> new LayoutFailures(e.toString()));
            failures.count++;
            return "spool-cat: --layout failed on this event: " + e + "\n";
        }
    }

    private static final class LayoutFailures {
        final String first;
        long count;

        LayoutFailures(final String first) {
            this.first = first;
        }
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
                case THROWABLE:
                    writeThrowable(i);
                    break;
                case MESSAGE:
                    generator.writeString(MessageTemplates.string(view, i, message));
                    break;
                case UNKNOWN:
                    generator.writeNull();
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

    /**
     * A stored throwable as a tree of objects: {@code class}, {@code message}, {@code text},
     * {@code frames}, {@code more}, {@code suppressed} (an array), {@code cause}; a throwable met
     * again is {@code {"circular": text}}. The pairs come in the JDK's print order (see
     * {@link StackTraceRecord}): a node's suppressed ones are the next nodes one deeper, its cause
     * the next node as deep, so one stack of open objects places each.
     */
    private void writeThrowable(final int slot) throws IOException {
        final ByteBuffer b = view.buffer();
        final ArrayDeque<int[]> open = new ArrayDeque<>(); // {depth, frames open, suppressed open}
        for (final PairCursor c = view.pairs(slot); c.next(); ) {
            final int node = StackTraceRecord.nodeKind(c);
            final String value = c.valueLength() < 0 ? null : RecordView.string(b, c.valueOffset(), c.valueLength());
            if (node < 0) {
                final String key = c.key(keys);
                final int[] top = open.peek();
                if (top == null) {
                    continue;
                }
                if ("at".equals(key)) {
                    if (top[1] == 0) {
                        generator.writeArrayFieldStart("frames");
                        top[1] = 1;
                    }
                    generator.writeString(value);
                    continue;
                }
                closeArrays(top);
                if ("more".equals(key)) {
                    generator.writeNumberField("more", value == null ? 0 : Long.parseLong(value));
                } else {
                    generator.writeStringField(key, value);
                }
                continue;
            }
            final int kind = node & ~StackTraceRecord.CIRCULAR_BIT;
            final int depth = value == null ? 0 : Integer.parseInt(value);
            if (kind != StackTraceRecord.THROWABLE_NODE) {
                final int parentDepth = kind == StackTraceRecord.SUPPRESSED_NODE ? depth - 1 : depth;
                while (open.size() > 1 && open.peek()[0] > parentDepth) {
                    closeNode(open.pop());
                }
                final int[] parent = open.peek();
                if (parent == null) {
                    continue;
                }
                if (parent[1] != 0) {
                    generator.writeEndArray();
                    parent[1] = 0;
                }
                if (kind == StackTraceRecord.SUPPRESSED_NODE) {
                    if (parent[2] == 0) {
                        generator.writeArrayFieldStart("suppressed");
                        parent[2] = 1;
                    }
                } else {
                    if (parent[2] != 0) {
                        generator.writeEndArray();
                        parent[2] = 0;
                    }
                    generator.writeFieldName("cause");
                }
            }
            generator.writeStartObject();
            if ((node & StackTraceRecord.CIRCULAR_BIT) != 0) {
                generator.writeFieldName("circular");
                generator.writeString(c.next() && c.valueLength() >= 0
                    ? RecordView.string(b, c.valueOffset(), c.valueLength()) : null);
                generator.writeEndObject();
            } else {
                open.push(new int[] {depth, 0, 0});
            }
        }
        while (!open.isEmpty()) {
            closeNode(open.pop());
        }
    }

    private void closeArrays(final int[] node) throws IOException {
        if (node[1] != 0) {
            generator.writeEndArray();
            node[1] = 0;
        }
        if (node[2] != 0) {
            generator.writeEndArray();
            node[2] = 0;
        }
    }

    private void closeNode(final int[] node) throws IOException {
        closeArrays(node);
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
