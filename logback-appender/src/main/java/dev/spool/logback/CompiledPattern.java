package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.DateConverter;
import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.KeyValuePairConverter;
import ch.qos.logback.classic.pattern.LevelConverter;
import ch.qos.logback.classic.pattern.LineSeparatorConverter;
import ch.qos.logback.classic.pattern.LoggerConverter;
import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.pattern.MarkerConverter;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.MicrosecondConverter;
import ch.qos.logback.classic.pattern.NopThrowableInformationConverter;
import ch.qos.logback.classic.pattern.RelativeTimeConverter;
import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.pattern.SequenceNumberConverter;
import ch.qos.logback.classic.pattern.ThreadConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.Converter;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.pattern.FormatInfo;
import ch.qos.logback.core.pattern.FormattingConverter;
import ch.qos.logback.core.pattern.LiteralConverter;
import dev.spool.engine.format.FixedDateRenderer;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.StringCache;
import org.slf4j.MarkerFactory;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Logback pattern encoder compiled into byte renderers that read a {@link LogbackRecord}
 * directly: no event is rebuilt, no String made, the message and thread bytes are copied as they
 * were captured, and the date is written from a per-second template ({@link FixedDateRenderer}).
 *
 * <p>It reads the pattern as Logback parsed it (the layout's chain of converters, so options,
 * padding and truncation are Logback's own reading) and covers the converters of most patterns:
 * literals, {@code %n}, {@code %d} (fixed-width numeric date patterns, a time zone),
 * {@code %level}, {@code %thread}, {@code %logger} and {@code %logger{n}} (Logback abbreviates a
 * name once and the bytes are kept), {@code %msg}, {@code %X{key}} and {@code %X{key:-default}},
 * {@code %sn}, {@code %relative}, {@code %micros}, and {@code %ex}/{@code %xEx}/{@code %rEx}/{@code %nopex}, {@code %marker},
 * {@code %kvp} with no options, which write nothing for an event that has no throwable, marker or
 * key-value pair. An event that has one is encoded by the encoder itself, from the rebuilt event
 * ({@link #render} answers false), as is one whose truncated field would split a surrogate pair.
 * A composite converter ({@code %highlight}, {@code %replace}…), caller data, any converter not
 * named here, a locale option, an encoder or layout subclass, or a charset other than UTF-8
 * leaves the whole encoder to Logback ({@link #compile} answers null).
 *
 * <p>{@link #compile} proves each compiled pattern against the encoder before use: sample events
 * (every level, non-ASCII and empty names and messages, a null message, MDC keys present, absent
 * and empty, both sides of a second and a daylight-saving morning) must come out byte for byte as
 * the encoder writes them, or the pattern is not compiled. Used by one preproc thread at a time.
 */
final class CompiledPattern {
    private static final int LITERAL = 0;
    private static final int LEVEL = 1;
    private static final int LOGGER = 2;
    private static final int ABBREVIATED_LOGGER = 3;
    private static final int THREAD = 4;
    private static final int MESSAGE = 5;
    private static final int DATE = 6;
    private static final int MDC = 7;
    private static final int SEQUENCE = 8;
    /** A converter that writes nothing unless the event has a throwable. */
    private static final int THROWABLE = 9;
    /** ... unless the event has markers. */
    private static final int MARKERS = 10;
    /** ... unless the event has key-value pairs. */
    private static final int KEY_VALUES = 11;
    /** Milliseconds since the context's birth ({@code %relative}). */
    private static final int RELATIVE = 12;
    /** The microseconds within the millisecond, three digits ({@code %micros}). */
    private static final int MICROS = 13;

    /** Logger names abbreviated at most this many times; more names are abbreviated per event by Logback. */
    private static final int MAX_ABBREVIATIONS = 4096;
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final Level[] LEVELS = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};

    private final int[] kinds;
    /** Per part: the minimum width in UTF-16 chars (0 for none). */
    private final int[] mins;
    /** Per part: the maximum width in UTF-16 chars ({@code Integer.MAX_VALUE} for none). */
    private final int[] maxes;
    /** Per part: whether Logback applies formatting at all (it writes "null" for a null value without). */
    private final boolean[] formatted;
    private final boolean[] leftPad;
    private final boolean[] leftTruncate;
    /** Per part: literal bytes, an MDC key's UTF-8 bytes. */
    private final byte[][] bytes;
    /** Per part: an MDC key's default value's bytes. */
    private final byte[][] defaults;
    private final FixedDateRenderer[] dates;
    /** Per part: the abbreviating logger converter. */
    private final LoggerConverter[] abbreviators;
    /** Per part: the names abbreviated so far, and their bytes. */
    private final List<Map<String, byte[]>> abbreviations = new ArrayList<>();
    private final byte[][] levelNames = new byte[LEVELS.length][];
    private final ReplayedEvent scratch = new ReplayedEvent();
    private final long birthMillis;

    private CompiledPattern(final List<Part> parts, final long birthMillis) {
        this.birthMillis = birthMillis;
        final int n = parts.size();
        kinds = new int[n];
        mins = new int[n];
        maxes = new int[n];
        formatted = new boolean[n];
        leftPad = new boolean[n];
        leftTruncate = new boolean[n];
        bytes = new byte[n][];
        defaults = new byte[n][];
        dates = new FixedDateRenderer[n];
        abbreviators = new LoggerConverter[n];
        for (int i = 0; i < n; i++) {
            final Part p = parts.get(i);
            kinds[i] = p.kind;
            bytes[i] = p.bytes;
            defaults[i] = p.defaultValue;
            dates[i] = p.date;
            abbreviators[i] = p.abbreviator;
            abbreviations.add(p.abbreviator != null ? new HashMap<>() : null);
            final FormatInfo f = p.format;
            if (f != null) {
                formatted[i] = true;
                mins[i] = Math.max(0, f.getMin());
                maxes[i] = f.getMax() < 0 ? Integer.MAX_VALUE : f.getMax();
                leftPad[i] = f.isLeftPad();
                leftTruncate[i] = f.isLeftTruncate();
            } else {
                maxes[i] = Integer.MAX_VALUE;
            }
        }
        for (int l = 0; l < LEVELS.length; l++) {
            levelNames[l] = LEVELS[l].toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The compiled form of {@code encoder}, or null when it has a converter, option or setting this
     * class does not render, or when the compiled form does not write exactly what the encoder does.
     */
    static CompiledPattern compile(final Encoder<ILoggingEvent> encoder, final LoggerContext context) {
        if (encoder.getClass() != PatternLayoutEncoder.class && encoder.getClass() != LayoutWrappingEncoder.class) {
            return null;
        }
        final LayoutWrappingEncoder<ILoggingEvent> wrapping = (LayoutWrappingEncoder<ILoggingEvent>) encoder;
        final Charset charset = wrapping.getCharset() != null ? wrapping.getCharset() : Charset.defaultCharset();
        if (!StandardCharsets.UTF_8.equals(charset) || wrapping.getLayout() == null
            || wrapping.getLayout().getClass() != PatternLayout.class) {
            return null;
        }
        final Converter<ILoggingEvent> head = LogbackRecord.head((PatternLayout) wrapping.getLayout());
        if (head == null) {
            return null;
        }
        final List<Part> parts = new ArrayList<>();
        for (Converter<ILoggingEvent> c = head; c != null; c = c.getNext()) {
            final Part part = part(c);
            if (part == null) {
                return null;
            }
            parts.add(part);
        }
        final CompiledPattern compiled = new CompiledPattern(parts, context.getBirthTime());
        return compiled.writesAsTheEncoderDoes(encoder, context, parts) ? compiled : null;
    }

    /**
     * Writes the record {@code view} wraps (timestamp {@code timestampNanos}); false, with
     * {@code out} as it was, when this event is for the encoder itself (it has a throwable, a
     * marker or key-value pairs that a converter shows, or a field to truncate within a surrogate pair).
     */
    boolean render(final RecordView view, final StringCache names, final long timestampNanos, final Object thrown,
                   final TextOutput out) {
        final int start = out.length();
        final ByteBuffer buffer = view.buffer();
        for (int i = 0; i < kinds.length; i++) {
            final int mark = out.length();
            switch (kinds[i]) {
                case LITERAL:
                    out.write(bytes[i]);
                    break;
                case LEVEL:
                    out.write(levelName((int) view.getLong(LogbackRecord.LEVEL)));
                    break;
                case LOGGER:
                    if (!copy(view, LogbackRecord.LOGGER, i, out)) {
                        out.truncate(start);
                        return false;
                    }
                    continue;
                case ABBREVIATED_LOGGER:
                    out.write(abbreviated(i, view.getString(LogbackRecord.LOGGER, names)));
                    break;
                case THREAD:
                    if (!copy(view, LogbackRecord.THREAD, i, out)) {
                        out.truncate(start);
                        return false;
                    }
                    continue;
                case MESSAGE:
                    if (!view.isNull(LogbackRecord.ARGUMENTS)) {
                        LogbackArguments.format(view, LogbackRecord.TEMPLATE, LogbackRecord.ARGUMENTS, out);
                        break; // fitted below
                    }
                    if (!copy(view, LogbackRecord.MESSAGE, i, out)) {
                        out.truncate(start);
                        return false;
                    }
                    continue;
                case DATE:
                    dates[i].render(timestampNanos, out);
                    break;
                case MDC:
                    mdc(view, buffer, i, out);
                    break;
                case SEQUENCE:
                    out.writeLong(view.getLong(LogbackRecord.SEQUENCE));
                    break;
                case RELATIVE:
                    out.writeLong(Math.floorDiv(timestampNanos, 1_000_000L) - birthMillis);
                    break;
                case MICROS:
                    out.writePadded(Math.floorMod(timestampNanos, 1_000_000L) / 1000, 3);
                    break;
                case THROWABLE:
                case MARKERS:
                case KEY_VALUES:
                    if (kinds[i] == THROWABLE ? thrown != null
                        : !view.isNull(kinds[i] == MARKERS ? LogbackRecord.MARKERS : LogbackRecord.KEY_VALUES)) {
                        out.truncate(start);
                        return false;
                    }
                    break; // writes nothing: padded below as Logback pads an empty string
                default:
                    throw new IllegalStateException("part kind " + kinds[i]);
            }
            if (!fit(mark, i, out)) {
                out.truncate(start);
                return false;
            }
        }
        return true;
    }

    private byte[] levelName(final int level) {
        for (int l = 0; l < LEVELS.length; l++) {
            if (LEVELS[l].toInt() == level) {
                return levelNames[l];
            }
        }
        return Level.toLevel(level).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A string slot as Logback's formatting writes a String: "null" for a null one without
     * formatting, nothing (then padding) with it. False when it cannot be truncated exactly.
     */
    private boolean copy(final RecordView view, final int slot, final int part, final TextOutput out) {
        final int mark = out.length();
        final int length = view.length(slot);
        if (length == RecordWriter.NULL_LENGTH) {
            if (!formatted[part]) {
                out.write(NULL);
                return true;
            }
            out.padTo(mark, mins[part], true);
            return true;
        }
        if (length > 0) {
            out.write(view.buffer(), view.offset(slot), length);
        }
        return fit(mark, part, out);
    }

    private byte[] abbreviated(final int part, final String name) {
        final Map<String, byte[]> known = abbreviations.get(part);
        byte[] b = known.get(name);
        if (b == null) {
            scratch.loggerName = name;
            final String s = abbreviators[part].convert(scratch);
            b = s == null ? NULL : s.getBytes(StandardCharsets.UTF_8);
            if (known.size() < MAX_ABBREVIATIONS) {
                known.put(name, b);
            }
        }
        return b;
    }

    /** {@code %X{key:-default}}: the value when the key is there and not null, else the default. */
    private void mdc(final RecordView view, final ByteBuffer buffer, final int part, final TextOutput out) {
        for (final PairCursor c = view.pairs(LogbackRecord.MDC); c.next(); ) {
            if (c.keyEquals(bytes[part])) {
                if (c.valueLength() >= 0) {
                    out.write(buffer, c.valueOffset(), c.valueLength());
                    return;
                }
                break;
            }
        }
        out.write(defaults[part]);
    }

    /**
     * Truncates or pads what part {@code part} wrote since {@code mark}, as Logback's formatting
     * does, counting UTF-16 chars; false when a truncation would split a surrogate pair.
     */
    private boolean fit(final int mark, final int part, final TextOutput out) {
        if (!formatted[part]) {
            return true;
        }
        final byte[] b = out.array();
        final int end = out.length();
        int chars = 0;
        boolean supplementary = false;
        for (int k = mark; k < end; k++) {
            final int x = b[k] & 0xFF;
            if ((x & 0xC0) != 0x80) {
                chars += x >= 0xF0 ? 2 : 1;
                supplementary |= x >= 0xF0;
            }
        }
        final int max = maxes[part];
        if (chars > max) {
            if (supplementary) {
                return false;
            }
            if (leftTruncate[part]) { // keep the last max chars
                int from = end;
                for (int kept = 0; kept < max; ) {
                    from--;
                    if ((b[from] & 0xC0) != 0x80) {
                        kept++;
                    }
                }
                System.arraycopy(b, from, b, mark, end - from);
                out.truncate(mark + end - from);
            } else { // keep the first max chars
                int to = mark;
                for (int kept = 0; kept <= max && to < end; ) {
                    if ((b[to] & 0xC0) != 0x80 && ++kept > max) {
                        break;
                    }
                    to++;
                }
                out.truncate(to);
            }
            return true;
        }
        out.padTo(mark, mins[part], !leftPad[part]);
        return true;
    }

    /** One converter of the chain. */
    private static final class Part {
        final int kind;
        final FormatInfo format;
        byte[] bytes;
        byte[] defaultValue;
        FixedDateRenderer date;
        LoggerConverter abbreviator;

        Part(final int kind, final Converter<ILoggingEvent> converter) {
            this.kind = kind;
            this.format = converter instanceof FormattingConverter
                ? ((FormattingConverter<ILoggingEvent>) converter).getFormattingInfo() : null;
        }
    }

    /** The part for converter {@code c}; null when this class does not render it. */
    private static Part part(final Converter<ILoggingEvent> c) {
        final Class<?> type = c.getClass();
        final List<String> options;
        try {
            options = options(c);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        final boolean noOptions = options == null || options.isEmpty();
        if (type == LiteralConverter.class || type == LineSeparatorConverter.class) {
            final Part p = new Part(LITERAL, c);
            if (p.format != null) {
                return null;
            }
            p.bytes = c.convert(null).getBytes(StandardCharsets.UTF_8); // no event is read
            return p;
        }
        if (type == LevelConverter.class) {
            return new Part(LEVEL, c);
        }
        if (type == ThreadConverter.class) {
            return new Part(THREAD, c);
        }
        if (type == MessageConverter.class) {
            return new Part(MESSAGE, c);
        }
        if (type == SequenceNumberConverter.class) {
            return new Part(SEQUENCE, c);
        }
        if (type == RelativeTimeConverter.class) {
            return new Part(RELATIVE, c);
        }
        if (type == MicrosecondConverter.class) {
            return new Part(MICROS, c);
        }
        if (type == LoggerConverter.class) {
            if (noOptions) {
                return new Part(LOGGER, c);
            }
            final Part p = new Part(ABBREVIATED_LOGGER, c);
            p.abbreviator = (LoggerConverter) c;
            return p;
        }
        if (type == DateConverter.class) {
            return date(c, options);
        }
        if (type == MDCConverter.class) {
            return mdc(c, options);
        }
        if (type == ThrowableProxyConverter.class || type == ExtendedThrowableProxyConverter.class
            || type == RootCauseFirstThrowableProxyConverter.class || type == NopThrowableInformationConverter.class) {
            return new Part(THROWABLE, c);
        }
        if (type == MarkerConverter.class) {
            return new Part(MARKERS, c);
        }
        if (type == KeyValuePairConverter.class && noOptions) {
            return new Part(KEY_VALUES, c);
        }
        return null;
    }

    /** The converter's options as Logback parsed them (protected in Logback, so read reflectively). */
    @SuppressWarnings("unchecked")
    private static List<String> options(final Converter<ILoggingEvent> c) throws ReflectiveOperationException {
        if (!(c instanceof DynamicConverter)) {
            return null;
        }
        final Method m = DynamicConverter.class.getDeclaredMethod("getOptionList");
        m.setAccessible(true);
        return (List<String>) m.invoke(c);
    }

    private static Part date(final Converter<ILoggingEvent> c, final List<String> options) {
        if (options != null && options.size() > 2) {
            return null; // a locale
        }
        String pattern = options == null || options.isEmpty() ? null : options.get(0);
        if (pattern == null || pattern.equals("ISO8601")) {
            pattern = "yyyy-MM-dd HH:mm:ss,SSS";
        }
        final ZoneId zone;
        try {
            zone = options != null && options.size() > 1 ? ZoneId.of(options.get(1)) : ZoneId.systemDefault();
        } catch (final RuntimeException e) {
            return null;
        }
        final FixedDateRenderer date = FixedDateRenderer.of(pattern, zone);
        if (date == null) {
            return null;
        }
        final Part p = new Part(DATE, c);
        p.date = date;
        return p;
    }

    private static Part mdc(final Converter<ILoggingEvent> c, final List<String> options) {
        if (options == null || options.size() != 1 || options.get(0) == null || options.get(0).isEmpty()) {
            return null; // %X alone writes the whole map
        }
        final String option = options.get(0);
        final int split = option.indexOf(":-");
        final String key = split < 0 ? option : option.substring(0, split);
        if (key.isEmpty()) {
            return null;
        }
        final Part p = new Part(MDC, c);
        p.bytes = key.getBytes(StandardCharsets.UTF_8);
        p.defaultValue = (split < 0 ? "" : option.substring(split + 2)).getBytes(StandardCharsets.UTF_8);
        return p;
    }

    /** The proof: sample events encoded by the encoder and rendered by this, compared byte for byte. */
    private boolean writesAsTheEncoderDoes(final Encoder<ILoggingEvent> encoder, final LoggerContext context,
                                           final List<Part> parts) {
        final List<String> keys = new ArrayList<>();
        for (final Part p : parts) {
            if (p.kind == MDC) {
                keys.add(new String(p.bytes, StandardCharsets.UTF_8));
            }
        }
        final RecordWriter writer = new RecordWriter();
        final RecordView view = new RecordView();
        final TextOutput out = new TextOutput(256);
        final StringCache names = new StringCache(64);
        try {
            for (final ReplayedEvent event : samples(keys, context)) {
                writer.reset();
                LogbackRecord.capture(event, false, writer);
                final long nanos = event.epochSecond * 1_000_000_000L + event.nanos;
                if (view.wrap(writer, nanos, LogbackRecord.SLOTS) != null) {
                    return false;
                }
                out.reset();
                if (!render(view, names, nanos, null, out)) {
                    continue; // this event would be the encoder's own: nothing to compare
                }
                final byte[] expected = encoder.encode(event);
                if (expected == null || !Arrays.equals(expected, Arrays.copyOf(out.array(), out.length()))) {
                    return false;
                }
            }
        } catch (final RuntimeException e) {
            return false; // a converter that cannot take a sample is not one to compile
        }
        return true;
    }

    /** Sample events for a proof, with values for the MDC {@code keys} in some of them. */
    static List<ReplayedEvent> samples(final List<String> keys, final LoggerContext context) {
        // Winter and summer in most zones, both ends of a second, a daylight-saving morning.
        final long[][] instants = {
            {1_763_802_902L, 0}, {1_763_802_902L, 999_999_999}, {1_751_320_800L, 123_456_789},
            {1_743_296_400L, 500_000_000}, {946_684_799L, 1_000_000}, {1_700_000_000L, 42_000_000}};
        final String[][] names = {
            {"INFO", "com.example.shop.checkout.PaymentService", "main", "order 42 paid"},
            {"ERROR", "Checkout", "pool-1-thread-7", "caf\u00e9 \u65e5\u672c \uD83D\uDE00"},
            {"WARN", "", "w\u00f6rker \u65e5\u672c\u8a9e\u306e\u30b9\u30ec\u30c3\u30c9\u540d\u524d", ""},
            {"DEBUG", "a.b.", "t", "%d {} \\ \" x"},
            {"TRACE", "org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration",
                "thread with a long name of forty-one chars", "line\nbreak"},
            {"INFO", ".x..y", "http-nio-8080-exec-10", null}};
        final List<ReplayedEvent> out = new ArrayList<>();
        for (int i = 0; i < instants.length; i++) {
            final ReplayedEvent e = new ReplayedEvent();
            e.clear();
            e.level = Level.toLevel(names[i][0]);
            e.loggerName = names[i][1];
            e.threadName = names[i][2];
            e.formattedMessage = names[i][3];
            e.context = context.getLoggerContextRemoteView();
            e.epochSecond = instants[i][0];
            e.nanos = (int) instants[i][1];
            e.sequenceNumber = i * 1000L + 7;
            for (int k = 0; k < keys.size(); k++) {
                if ((i + k) % 3 != 0) {
                    e.mdc.put(keys.get(k), i % 2 == 0 ? "v\u00e9" + k : "");
                }
            }
            e.mdc.put("other", "x");
            out.add(e);
        }
        // One with a marker and one with key-value pairs: where a converter shows them, render
        // declines them (checked above); where none does, they must come out as the encoder writes.
        out.get(1).hasMarkers = true;
        out.get(1).markers.add(MarkerFactory.getMarker("AUDIT"));
        out.get(2).hasKeyValuePairs = true;
        out.get(2).keyValuePairs.add(new org.slf4j.event.KeyValuePair("k", "v"));
        // Messages formatted from their template and arguments (LogbackArguments), SLF4J's escapes included.
        final Object[][] formatted = {
            {"order {} paid by {} in {} ms, {} {} {}", 42, "ann caf\u00e9", 1.5, null, true, 'x'},
            {"\\{} literal, \\\\{} escaped, {} {} {} and {} more {}", Long.MIN_VALUE, (short) -7, 2.5f,
                java.math.BigDecimal.valueOf(12345, 2)},
            {"no anchors", 1}};
        for (int k = 0; k < formatted.length; k++) {
            final ReplayedEvent e = out.get(k);
            e.message = (String) formatted[k][0];
            e.arguments = Arrays.copyOfRange(formatted[k], 1, formatted[k].length);
            e.formattedMessage = org.slf4j.helpers.MessageFormatter.basicArrayFormat(e.message, e.arguments);
        }
        return out;
    }
}
