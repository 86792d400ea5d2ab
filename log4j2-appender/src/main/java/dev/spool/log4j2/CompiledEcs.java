package dev.spool.log4j2;

import dev.spool.engine.format.FixedDateRenderer;
import dev.spool.engine.format.JsonEscapes;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.spi.MutableThreadContextStack;
import org.apache.logging.log4j.util.SortedArrayStringMap;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JsonTemplateLayout's ECS document ({@code EcsLayout.json}) written straight from a
 * {@link Log4jRecord}'s bytes: the time from a per-second template, level, message, thread and
 * logger copied with JSON's escapes applied byte by byte, no event rebuilt, nothing allocated.
 * Context values are written as the template's flattened {@code labels} (one field each, the value
 * as text), the context stack as {@code tags}. An event with a throwable is the layout's to write
 * (the adapter does not hand it here) and so is a context value with a null key.
 *
 * <p>{@link #compile} takes a layout only after sample events (every level, quotes, backslashes,
 * control characters, non-ASCII and four-byte characters, an empty message, both ends of a second)
 * came out of it byte for byte as this writes them; any other template, option or version of the
 * layout that writes otherwise is left to the layout. Used by one preproc thread at a time.
 */
final class CompiledEcs {
    private static final byte[] START = ascii("{\"@timestamp\":\"");
    private static final byte[] VERSION_LEVEL = ascii("\",\"ecs.version\":\"1.2.0\",\"log.level\":\"");
    private static final byte[] MESSAGE = ascii("\",\"message\":\"");
    private static final byte[] THREAD = ascii("\",\"process.thread.name\":\"");
    private static final byte[] LOGGER = ascii("\",\"log.logger\":\"");
    /** Before a context value's key (the logger's or the previous value's string closed), between key and value. */
    private static final byte[] ENTRY = ascii("\",\"");
    private static final byte[] KEY_VALUE = ascii("\":\"");
    private static final byte[] NULL_VALUE = ascii("null");
    /** The context stack's items, as {@code "tags":["outer","inner"]}. */
    private static final byte[] TAGS = ascii("\",\"tags\":[\"");
    private static final byte[] ITEM = ascii("\",\"");
    private static final byte[] TAGS_END = ascii("\"]");
    private final byte[] end;
    /**
     * The longest text, in UTF-8 bytes, written here: the layout cuts strings longer than its
     * {@code maxStringLength} chars, and a text of at most that many bytes has at most that many
     * chars. An event with a longer text is the layout's to write.
     */
    private final int maxBytes;
    /** A message formatted from a record's template and arguments (one preproc thread renders at a time). */
    private final TextOutput message = new TextOutput(256);
    private final FixedDateRenderer time = FixedDateRenderer.of("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", ZoneOffset.UTC);

    private CompiledEcs(final byte[] end, final int maxBytes) {
        this.end = end;
        this.maxBytes = maxBytes;
    }

    /** The compiled form of {@code layout} when it writes the ECS document as this does; else null. */
    static CompiledEcs compile(final Layout<? extends Serializable> layout) {
        if (layout == null || !layout.getClass().getName().equals(
            "org.apache.logging.log4j.layout.template.json.JsonTemplateLayout")) {
            return null;
        }
        try {
            // The document's end and the event delimiter, as the layout writes them.
            final List<LogEvent> samples = samples();
            final String first = new String(layout.toByteArray(samples.get(0)), StandardCharsets.UTF_8);
            final int close = first.lastIndexOf('}');
            if (close < 0) {
                return null;
            }
            final CompiledEcs compiled = new CompiledEcs(first.substring(close).getBytes(StandardCharsets.UTF_8),
                longestUncut(layout));
            return compiled.time != null && compiled.writesAsTheLayoutDoes(layout, samples) ? compiled : null;
        } catch (final RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes the record's document: the fixed fields, the context values as fields of their own
     * ({@code labels} flattened, each value as text, a null one as {@code "null"}), the context
     * stack as {@code tags}.
     */
    boolean render(final RecordView view, final long timestampNanos, final TextOutput out) {
        final boolean deferred = !view.isNull(Log4jRecord.ARGUMENTS);
        if (deferred) {
            message.reset();
            Log4jArguments.format(view, Log4jRecord.MESSAGE, Log4jRecord.ARGUMENTS, message);
        }
        if (!whole(view) || deferred && message.length() > maxBytes) {
            return false;
        }
        out.write(START);
        time.render(timestampNanos, out);
        out.write(VERSION_LEVEL);
        escaped(view, Log4jRecord.LEVEL, out);
        out.write(MESSAGE);
        if (deferred) {
            escaped(message.asByteBuffer(), 0, message.length(), out);
        } else {
            escaped(view, Log4jRecord.MESSAGE, out);
        }
        out.write(THREAD);
        escaped(view, Log4jRecord.THREAD, out);
        out.write(LOGGER);
        escaped(view, Log4jRecord.LOGGER, out);
        final ByteBuffer b = view.buffer();
        for (final PairCursor c = view.pairs(Log4jRecord.CONTEXT); c.next(); ) {
            out.write(ENTRY);
            escaped(b, c.keyOffset(), c.keyLength(), out);
            out.write(KEY_VALUE);
            if (c.valueLength() < 0) {
                out.write(NULL_VALUE);
            } else {
                escaped(b, c.valueOffset(), c.valueLength(), out);
            }
        }
        if (!view.isNull(Log4jRecord.STACK)) {
            out.write(TAGS);
            boolean first = true;
            for (final PairCursor c = view.pairs(Log4jRecord.STACK); c.next(); ) {
                if (!first) {
                    out.write(ITEM);
                }
                first = false;
                escaped(b, c.valueOffset(), c.valueLength(), out);
            }
            out.write(TAGS_END);
        } else {
            out.write('"');
        }
        out.write(end);
        return true;
    }

    /** Whether the layout writes every text of the record whole (none is longer than it cuts at), and no key is null. */
    private boolean whole(final RecordView view) {
        if (view.length(Log4jRecord.MESSAGE) > maxBytes || view.length(Log4jRecord.THREAD) > maxBytes
            || view.length(Log4jRecord.LOGGER) > maxBytes) {
            return false;
        }
        for (final PairCursor c = view.pairs(Log4jRecord.CONTEXT); c.next(); ) {
            if (c.keyLength() < 0 || c.keyLength() > maxBytes || c.valueLength() > maxBytes) {
                return false;
            }
        }
        if (!view.isNull(Log4jRecord.STACK)) {
            for (final PairCursor c = view.pairs(Log4jRecord.STACK); c.next(); ) {
                if (c.valueLength() > maxBytes) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A slot's UTF-8 bytes as a JSON string's contents: quote, backslash and control characters escaped. */
    private static void escaped(final RecordView view, final int slot, final TextOutput out) {
        escaped(view.buffer(), view.offset(slot), view.length(slot), out);
    }

    /** {@code length} UTF-8 bytes at {@code start} of {@code b} as a JSON string's contents. */
    private static void escaped(final ByteBuffer b, final int start, final int length, final TextOutput out) {
        if (length <= 0) {
            return;
        }
        int run = start;
        for (int i = start; i < start + length; i++) {
            final int c = b.get(i) & 0xFF;
            if (c >= 0x80 || JsonEscapes.plain(c)) {
                continue;
            }
            if (i > run) {
                out.write(b, run, i - run);
            }
            run = i + 1;
            JsonEscapes.escapeAscii(c, out);
        }
        if (start + length > run) {
            out.write(b, run, start + length - run);
        }
    }

    /**
     * The length up to which the layout writes a message whole (its {@code maxStringLength}),
     * read off its output for a long message; at most 65,536.
     */
    private static int longestUncut(final Layout<? extends Serializable> layout) {
        final int probe = 1 << 16;
        final LogEvent e = Log4jLogEvent.newBuilder().setLevel(Level.INFO).setLoggerName("x").setThreadName("t")
            .setMessage(new SimpleMessage("x".repeat(probe))).setContextData(new SortedArrayStringMap())
            .setContextStack(ThreadContext.EMPTY_STACK).build();
        final String doc = new String(layout.toByteArray(e), StandardCharsets.UTF_8);
        final int from = doc.indexOf("xxxx");
        int n = 0;
        while (from >= 0 && from + n < doc.length() && doc.charAt(from + n) == 'x') {
            n++;
        }
        return Math.min(n, probe);
    }

    /** The proof: sample events written by the layout and by this, compared byte for byte. */
    private boolean writesAsTheLayoutDoes(final Layout<? extends Serializable> layout, final List<LogEvent> samples) {
        final RecordWriter writer = new RecordWriter();
        final RecordView view = new RecordView();
        final TextOutput out = new TextOutput(512);
        for (final LogEvent event : samples) {
            writer.reset();
            Log4jRecord.capture(event, false, writer);
            final long nanos = SpoolAppender.nanos(event);
            if (view.wrap(writer, nanos, Log4jRecord.SLOTS) != null) {
                return false;
            }
            out.reset(); // a sample the layout cuts (a small maxStringLength, which may cut names too) fails here
            if (!render(view, nanos, out)
                || !Arrays.equals(layout.toByteArray(event), Arrays.copyOf(out.array(), out.length()))) {
                return false;
            }
        }
        return true;
    }

    private static List<LogEvent> samples() {
        final long[][] instants = {
            {1_763_802_902L, 0}, {1_763_802_902L, 999_999_999}, {1_751_320_800L, 123_456_789}, {946_684_799L, 1_000_000}};
        final String[][] texts = {
            {"INFO", "com.example.shop.Checkout", "main", "Request 42 completed in 17 us"},
            {"ERROR", "Checkout", "pool-1-thread-7", "caf\u00e9 \u65e5\u672c \uD83D\uDE00 \"quoted\" back\\slash /slash"},
            {"WARN", "", "w\u00f6rker \"t\"", "tab\there\nnew line\r\u0001\u001f\u007f\b\f \u2028 \u2029 </script>"},
            {"DEBUG", "a.b.c", "t", ""},
            {"TRACE", "x", "thread", "lone \uD800 surrogate"},
            {"FATAL", "y", "z", "plain"}};
        final List<LogEvent> out = new ArrayList<>();
        final List<List<String>> stacks = List.of(List.of(), List.of(), List.of("outer", "in\"ner \u00e9"), List.of(),
            List.of(""), List.of());
        for (int i = 0; i < texts.length; i++) {
            final SortedArrayStringMap context = new SortedArrayStringMap();
            if (i % 2 == 1) {
                context.putValue("user", "ann \"x\" \uD83D\uDE00");
                context.putValue("trace.id", "4bf92f3577b34da6a3ce929d0e0e4736");
                context.putValue("empty", "");
                context.putValue("ta\tb", null);
            }
            final MutableInstant instant = new MutableInstant();
            instant.initFromEpochSecond(instants[i % instants.length][0], (int) instants[i % instants.length][1]);
            out.add(Log4jLogEvent.newBuilder()
                .setLevel(Level.toLevel(texts[i][0]))
                .setLoggerName(texts[i][1])
                .setLoggerFqcn(CompiledEcs.class.getName())
                .setThreadName(texts[i][2])
                .setMessage(new SimpleMessage(texts[i][3]))
                .setContextData(context)
                .setContextStack(stacks.get(i).isEmpty() ? ThreadContext.EMPTY_STACK
                    : new MutableThreadContextStack(stacks.get(i)))
                .setInstant(instant)
                .build());
        }
        return out;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
