package dev.spool.log4j2;

import dev.spool.engine.format.FixedDateRenderer;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * A PatternLayout compiled into byte renderers that read a {@link Log4jRecord} directly: no event
 * is rebuilt, no name decoded, the message bytes are copied as they were captured, and the date is
 * written from a per-second template ({@link FixedDateRenderer}). It covers the converters most
 * configurations use: {@code %d} (fixed-width numeric patterns and the named ones built from them,
 * {@code UNIX}, {@code UNIX_MILLIS}, a time zone), {@code %p}, {@code %c} and {@code %c{n}},
 * {@code %t}, {@code %tid}, {@code %tp}, {@code %m}, {@code %X{key}}, {@code %n}, {@code %%}, the
 * throwable converters without options (for events without a throwable), literal text, and
 * minimum-width padding. Anything else, a {@code <replace>}, a pattern selector or a charset other
 * than UTF-8 leaves the layout to Log4j2 ({@link #compile} answers null).
 *
 * <p>{@link #compile} proves each compiled pattern against the Layout itself before use: a set of
 * sample events (levels, non-ASCII names and messages, context keys present and absent, both sides
 * of a second and of a daylight-saving change) must come out byte for byte as the Layout writes
 * them, or the pattern is not compiled. Used by one preproc thread at a time.
 */
final class CompiledPattern {
    private static final int LITERAL = 0;
    private static final int LEVEL = 1;
    private static final int LOGGER = 2;
    private static final int THREAD = 3;
    private static final int THREAD_ID = 4;
    private static final int THREAD_PRIORITY = 5;
    private static final int MESSAGE = 6;
    private static final int DATE = 7;
    private static final int EPOCH_MILLIS = 8;
    private static final int EPOCH_SECONDS = 9;
    private static final int CONTEXT = 10;

    /** Log4j2's named date formats that {@link FixedDateRenderer} can render. */
    private static final Map<String, String> NAMED_DATES = Map.of(
        "DEFAULT", "yyyy-MM-dd HH:mm:ss,SSS",
        "DEFAULT_PERIOD", "yyyy-MM-dd HH:mm:ss.SSS",
        "ISO8601", "yyyy-MM-dd'T'HH:mm:ss,SSS",
        "ISO8601_PERIOD", "yyyy-MM-dd'T'HH:mm:ss.SSS",
        "ISO8601_BASIC", "yyyyMMdd'T'HHmmss,SSS",
        "ISO8601_BASIC_PERIOD", "yyyyMMdd'T'HHmmss.SSS",
        "ABSOLUTE", "HH:mm:ss,SSS",
        "ABSOLUTE_PERIOD", "HH:mm:ss.SSS",
        "COMPACT", "yyyyMMddHHmmssSSS");

    private final int[] kinds;
    /** Per part: the minimum width in characters (0 for none), negative when left-aligned. */
    private final int[] widths;
    /** Per part: the logger precision (rightmost elements kept, 0 for the whole name). */
    private final int[] precisions;
    /** Per part: literal bytes, or a context key's UTF-8 bytes. */
    private final byte[][] bytes;
    private final FixedDateRenderer[] dates;

    private CompiledPattern(final List<Part> parts) {
        final int n = parts.size();
        kinds = new int[n];
        widths = new int[n];
        precisions = new int[n];
        bytes = new byte[n][];
        dates = new FixedDateRenderer[n];
        for (int i = 0; i < n; i++) {
            final Part p = parts.get(i);
            kinds[i] = p.kind;
            widths[i] = p.leftAlign ? -p.minWidth : p.minWidth;
            precisions[i] = p.precision;
            bytes[i] = p.bytes;
            dates[i] = p.date;
        }
    }

    /**
     * The compiled form of {@code layout}, or null when it has a converter, option or setting this
     * class does not render, or when the compiled form does not write exactly what the Layout does.
     */
    static CompiledPattern compile(final PatternLayout layout) {
        if (!StandardCharsets.UTF_8.equals(layout.getCharset()) || !plainSerializer(layout)
            || layout.getConversionPattern() == null) {
            return null;
        }
        final List<Part> parts = parse(layout.getConversionPattern());
        if (parts == null) {
            return null;
        }
        final CompiledPattern compiled = new CompiledPattern(parts);
        return compiled.writesAsTheLayoutDoes(layout, parts) ? compiled : null;
    }

    /** Writes the record {@code view} wraps (timestamp {@code timestampNanos}), line break included. */
    void render(final RecordView view, final long timestampNanos, final TextOutput out) {
        final ByteBuffer buffer = view.buffer();
        for (int i = 0; i < kinds.length; i++) {
            final int mark = out.length();
            switch (kinds[i]) {
                case LITERAL:
                    out.write(bytes[i]);
                    break;
                case LEVEL:
                    copy(view, Log4jRecord.LEVEL, out);
                    break;
                case LOGGER:
                    logger(view, precisions[i], out);
                    break;
                case THREAD:
                    copy(view, Log4jRecord.THREAD, out);
                    break;
                case THREAD_ID:
                    out.writeLong(view.getLong(Log4jRecord.THREAD_ID));
                    break;
                case THREAD_PRIORITY:
                    out.writeLong(view.getLong(Log4jRecord.THREAD_PRIORITY));
                    break;
                case MESSAGE:
                    Log4jRecord.message(view, out);
                    break;
                case DATE:
                    dates[i].render(timestampNanos, out);
                    break;
                case EPOCH_MILLIS:
                    out.writeLong(Math.floorDiv(timestampNanos, 1_000_000L));
                    break;
                case EPOCH_SECONDS:
                    out.writeLong(Math.floorDiv(timestampNanos, 1_000_000_000L));
                    break;
                case CONTEXT:
                    for (final PairCursor c = view.pairs(Log4jRecord.CONTEXT); c.next(); ) {
                        if (c.keyEquals(bytes[i])) {
                            if (c.valueLength() > 0) {
                                out.write(buffer, c.valueOffset(), c.valueLength());
                            }
                            break;
                        }
                    }
                    break;
                default:
                    throw new IllegalStateException("part kind " + kinds[i]);
            }
            if (widths[i] != 0) {
                out.padTo(mark, Math.abs(widths[i]), widths[i] < 0);
            }
        }
    }

    private static void copy(final RecordView view, final int slot, final TextOutput out) {
        final int length = view.length(slot);
        if (length > 0) {
            out.write(view.buffer(), view.offset(slot), length);
        }
    }

    /** The logger name, or its rightmost {@code precision} dot-separated elements as Log4j2's {@code %c{n}}. */
    private static void logger(final RecordView view, final int precision, final TextOutput out) {
        final int length = view.length(Log4jRecord.LOGGER);
        if (length <= 0) {
            return;
        }
        final ByteBuffer b = view.buffer();
        final int start = view.offset(Log4jRecord.LOGGER);
        int from = start;
        if (precision > 0) {
            int end = start + length - 1;
            for (int k = precision; k > 0; k--) {
                int dot = end - 1;
                while (dot >= start && b.get(dot) != '.') {
                    dot--;
                }
                if (dot < start) {
                    end = -1;
                    break;
                }
                end = dot;
            }
            from = end < 0 ? start : end + 1;
        }
        out.write(b, from, start + length - from);
    }

    /** Whether the layout has no {@code <replace>} and no pattern selector (the serializers that have neither). */
    private static boolean plainSerializer(final PatternLayout layout) {
        final String kind = layout.getEventSerializer().getClass().getSimpleName();
        return kind.equals("PatternFormatterPatternSerializer") || kind.equals("NoFormatPatternSerializer");
    }

    /** One element of a pattern. */
    private static final class Part {
        int kind;
        int minWidth;
        boolean leftAlign;
        int precision;
        byte[] bytes;
        FixedDateRenderer date;

        Part(final int kind) {
            this.kind = kind;
        }

        static Part literal(final String text) {
            final Part p = new Part(LITERAL);
            p.bytes = text.getBytes(StandardCharsets.UTF_8);
            return p;
        }
    }

    /** Parses the conversion pattern into parts; null at the first thing it does not render exactly. */
    private static List<Part> parse(final String pattern) {
        final List<Part> parts = new ArrayList<>();
        final StringBuilder literal = new StringBuilder();
        int i = 0;
        final int n = pattern.length();
        while (i < n) {
            final char c = pattern.charAt(i);
            if (c == '\\') {
                return null; // escapes: Log4j2 interprets them, leave it to the Layout
            }
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && pattern.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            i++;
            boolean leftAlign = false;
            if (i < n && pattern.charAt(i) == '-') {
                leftAlign = true;
                i++;
            }
            if (i < n && pattern.charAt(i) == '0') {
                return null; // zero padding
            }
            int minWidth = 0;
            while (i < n && Character.isDigit(pattern.charAt(i))) {
                minWidth = minWidth * 10 + (pattern.charAt(i) - '0');
                if (minWidth > 1000) {
                    return null;
                }
                i++;
            }
            if (i >= n || !Character.isLetter(pattern.charAt(i))) {
                return null; // truncation ('.'), or something unexpected
            }
            final int nameStart = i;
            while (i < n && Character.isLetterOrDigit(pattern.charAt(i))) {
                i++;
            }
            final String name = pattern.substring(nameStart, i);
            final List<String> options = new ArrayList<>();
            while (i < n && pattern.charAt(i) == '{') {
                int depth = 0;
                final int optionStart = i + 1;
                do {
                    final char o = pattern.charAt(i);
                    depth += o == '{' ? 1 : o == '}' ? -1 : 0;
                    i++;
                } while (depth > 0 && i < n);
                if (depth != 0) {
                    return null;
                }
                options.add(pattern.substring(optionStart, i - 1));
            }
            final Part part = converter(name, options);
            if (part == null) {
                return null;
            }
            if (part.kind == LITERAL && (minWidth > 0 || leftAlign)) {
                return null;
            }
            if (literal.length() > 0) {
                parts.add(Part.literal(literal.toString()));
                literal.setLength(0);
            }
            part.minWidth = minWidth;
            part.leftAlign = leftAlign;
            parts.add(part);
        }
        if (literal.length() > 0) {
            parts.add(Part.literal(literal.toString()));
        }
        return parts;
    }

    private static Part converter(final String name, final List<String> options) {
        switch (name) {
            case "p": case "level":
                return options.isEmpty() ? new Part(LEVEL) : null;
            case "c": case "logger":
                return logger(options);
            case "t": case "tn": case "thread": case "threadName":
                return options.isEmpty() ? new Part(THREAD) : null;
            case "T": case "tid": case "threadId":
                return options.isEmpty() ? new Part(THREAD_ID) : null;
            case "tp": case "threadPriority":
                return options.isEmpty() ? new Part(THREAD_PRIORITY) : null;
            case "m": case "msg": case "message":
                return options.isEmpty() ? new Part(MESSAGE) : null;
            case "n":
                return options.isEmpty() ? Part.literal(System.lineSeparator()) : null;
            case "d": case "date":
                return date(options);
            case "X": case "mdc": case "MDC":
                if (options.size() != 1 || options.get(0).isEmpty() || options.get(0).indexOf(',') >= 0) {
                    return null;
                }
                final Part p = new Part(CONTEXT);
                p.bytes = options.get(0).getBytes(StandardCharsets.UTF_8);
                return p;
            case "ex": case "exception": case "throwable":
            case "xEx": case "xException": case "xThrowable":
            case "rEx": case "rException": case "rThrowable":
                // These write nothing without a throwable, and an event with one is laid out by
                // the Layout itself (Log4jRecord.Renderer does not use the compiled form for it).
                return options.isEmpty() ? Part.literal("") : null;
            default:
                return null;
        }
    }

    private static Part logger(final List<String> options) {
        if (options.isEmpty()) {
            return new Part(LOGGER);
        }
        if (options.size() != 1 || !options.get(0).matches("[1-9][0-9]{0,2}")) {
            return null;
        }
        final Part p = new Part(LOGGER);
        p.precision = Integer.parseInt(options.get(0));
        return p;
    }

    private static Part date(final List<String> options) {
        if (options.size() > 2) {
            return null;
        }
        final String format = options.isEmpty() ? "DEFAULT" : options.get(0);
        if (format.equals("UNIX") || format.equals("UNIX_MILLIS")) {
            return options.size() == 1 ? new Part(format.equals("UNIX") ? EPOCH_SECONDS : EPOCH_MILLIS) : null;
        }
        final ZoneId zone = options.size() == 2 ? TimeZone.getTimeZone(options.get(1)).toZoneId() : ZoneId.systemDefault();
        final FixedDateRenderer date = FixedDateRenderer.of(NAMED_DATES.getOrDefault(format, format), zone);
        if (date == null) {
            return null;
        }
        final Part p = new Part(DATE);
        p.date = date;
        return p;
    }

    /** The proof: sample events rendered by the Layout and by this, compared byte for byte. */
    private boolean writesAsTheLayoutDoes(final PatternLayout layout, final List<Part> parts) {
        final List<String> keys = new ArrayList<>();
        for (final Part p : parts) {
            if (p.kind == CONTEXT) {
                keys.add(new String(p.bytes, StandardCharsets.UTF_8));
            }
        }
        final RecordWriter writer = new RecordWriter();
        final RecordView view = new RecordView();
        final TextOutput out = new TextOutput(256);
        for (final LogEvent event : samples(keys)) {
            writer.reset();
            Log4jRecord.capture(event, false, writer);
            final long nanos = SpoolAppender.nanos(event);
            if (view.wrap(writer, nanos, Log4jRecord.SLOTS) != null) {
                return false;
            }
            out.reset();
            render(view, nanos, out);
            if (!Arrays.equals(layout.toByteArray(event), Arrays.copyOf(out.array(), out.length()))) {
                return false;
            }
        }
        return true;
    }

    private static List<LogEvent> samples(final List<String> keys) {
        // Winter and summer in most zones, both ends of a second, a daylight-saving morning.
        final long[][] instants = {
            {1_763_802_902L, 0}, {1_763_802_902L, 999_999_999}, {1_751_320_800L, 123_456_789},
            {1_743_296_400L, 500_000_000}, {946_684_799L, 1_000_000}};
        final String[][] names = {
            {"INFO", "com.example.shop.Checkout", "main", "order 42 paid"},
            {"ERROR", "Checkout", "pool-1-thread-7", "caf\u00e9 \u65e5\u672c \uD83D\uDE00"},
            {"WARN", "", "w\u00f6rker \u65e5", ""},
            {"DEBUG", "a.b.", "t", "%d {} \\ \" x"},
            {"TRACE", ".x..y", "thread with a long name of forty-one chars", "line\nbreak"}};
        final List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < instants.length; i++) {
            final MutableInstant instant = new MutableInstant();
            instant.initFromEpochSecond(instants[i][0], (int) instants[i][1]);
            final SortedArrayStringMap context = new SortedArrayStringMap();
            for (int k = 0; k < keys.size(); k++) {
                if ((i + k) % 3 != 0) {
                    context.putValue(keys.get(k), i % 2 == 0 ? "v\u00e9" + k : "");
                }
            }
            context.putValue("other", "x");
            out.add(Log4jLogEvent.newBuilder()
                .setLevel(Level.toLevel(names[i][0]))
                .setLoggerName(names[i][1])
                .setLoggerFqcn(CompiledPattern.class.getName())
                .setThreadName(names[i][2])
                .setThreadId(i * 1000L + 1)
                .setThreadPriority(i + 1)
                .setMessage(new SimpleMessage(names[i][3]))
                .setContextData(context)
                .setInstant(instant)
                .build());
        }
        return out;
    }
}
