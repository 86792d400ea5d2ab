package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.encoder.Encoder;
import dev.spool.engine.format.JsonEscapes;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.BiConsumer;

/**
 * LogstashEncoder's document for its default fields written by hand on the preproc thread,
 * straight from the event's own strings into the output: no Jackson generator, no
 * {@code byte[]} or String per event. The document is {@code @timestamp} (ISO-8601 with the
 * offset, to the nanosecond the event has), the message, logger, thread, level and level value,
 * then the MDC entries, in that order, with whatever constant text the encoder puts around them
 * (field names as configured, {@code @version}, the context's properties, custom fields, the line
 * separator): that text is read from the encoder's own output, not assumed.
 *
 * <p>It writes only events that carry nothing else the encoder shows: an event with a throwable,
 * markers, key-value pairs, a structured argument, an MDC entry without a value, a null message,
 * logger or thread name is encoded by the encoder ({@link #render} answers false). The context's
 * properties are part of the constant text: when they change, the renderer compiles this again
 * ({@link #current}). Events reach it as records ({@link #render(RecordView, long, Object,
 * TextOutput)}: the text is escaped from the record's UTF-8 bytes) or, when a record cannot carry
 * them ({@link #recordable}), as themselves. {@link #compile} takes only LogstashEncoder itself (no
 * subclass), with the default timestamp pattern, no caller data, no logger name shortening, no
 * message splitting and no prefix or suffix, and only after sample events (every level,
 * escapes, control characters, non-ASCII and four-byte characters, lone surrogates, MDC entries,
 * arguments, fractions of a second of every length, both sides of a daylight-saving change) came
 * out of the encoder byte for byte as this writes them. Jackson's escaping, as LogstashEncoder
 * runs it: {@code \"}, {@code \\}, the short escapes for {@code \b \t \n \f \r}, other control
 * characters and every surrogate as {@code \}{@code uXXXX} in upper case, anything else as UTF-8.
 * Used by one preproc thread at a time.
 */
final class CompiledLogstash {
    static final String ENCODER = "net.logstash.logback.encoder.LogstashEncoder";
    private static final String STRUCTURED_ARGUMENT = "net.logstash.logback.argument.StructuredArgument";
    private static final Level[] LEVELS = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};

    /** Whether a class is one of LogstashEncoder's structured arguments (they write fields). */
    private static final ClassValue<Boolean> STRUCTURED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(final Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (implementsStructured(c)) {
                    return true;
                }
            }
            return false;
        }
    };

    /**
     * The constant text around the fields: before the timestamp, between it and the message, the
     * message and the logger, the logger and the thread, the thread and the level, the level and
     * its value, the value and the MDC entries, after them.
     */
    private final byte[][] literals;
    /** Before each MDC entry's key, between its key and value, after its value. */
    private final byte[][] entry;
    private final DateTimeFormatter formatter;
    /** The live property map of the context, and what it held when this was compiled. */
    private final Map<String, String> properties;
    private final String[] keysAtStart;
    private final String[] valuesAtStart;
    /** Whether the level's value is written (a field name of {@code [ignore]} leaves it out). */
    private final boolean levelValue;
    /** The output {@link #writeEntry} writes to, for the length of one {@link #render}. */
    private TextOutput target;
    /** Writes one MDC entry; a field, so that iterating the map with it allocates nothing. */
    private final BiConsumer<String, String> writeEntry = this::entry;
    private final StringBuilder text = new StringBuilder(40);
    /** Per level of {@link #LEVELS}: what {@link #levelText} writes. */
    private final byte[][] levelTexts = new byte[LEVELS.length][];
    /** A message formatted from a record's template and arguments. */
    private final TextOutput message = new TextOutput(256);
    /** The bytes of the record text being escaped. */
    private byte[] bytes = new byte[256];
    /** The chars of the string being escaped. */
    private char[] chars = new char[256];
    private long cachedSecond = Long.MIN_VALUE;
    /** The current second's text up to the seconds, and its offset ({@code Z}, {@code +01:00}). */
    private byte[] secondText = new byte[0];
    private byte[] offsetText = new byte[0];

    private CompiledLogstash(final byte[][] literals, final byte[][] entry, final boolean levelValue, final ZoneId zone,
                             final Map<String, String> properties) {
        this.literals = literals;
        this.levelValue = levelValue;
        this.entry = entry;
        this.formatter = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
        this.properties = properties;
        final Map<String, String> copy = new HashMap<>(properties);
        this.keysAtStart = copy.keySet().toArray(new String[0]);
        this.valuesAtStart = new String[keysAtStart.length];
        for (int i = 0; i < keysAtStart.length; i++) {
            valuesAtStart[i] = copy.get(keysAtStart[i]);
        }
    }

    /** The compiled form of {@code encoder} when it writes events as this does; else null. */
    static CompiledLogstash compile(final Encoder<ILoggingEvent> encoder, final LoggerContext context) {
        if (encoder == null || !encoder.getClass().getName().equals(ENCODER) || context == null) {
            return null;
        }
        try {
            if (!Boolean.FALSE.equals(call(encoder, "isIncludeCallerData"))
                || !"[ISO_OFFSET_DATE_TIME]".equals(call(encoder, "getTimestampPattern"))
                || !Integer.valueOf(-1).equals(call(encoder, "getShortenedLoggerNameLength"))
                || call(encoder, "getMessageSplitRegex") != null
                || call(encoder, "getPrefix") != null || call(encoder, "getSuffix") != null) {
                return null;
            }
            final Object zoneName = call(encoder, "getTimeZone");
            final ZoneId zone = zoneName == null ? ZoneId.systemDefault() : TimeZone.getTimeZone((String) zoneName).toZoneId();
            final Map<String, String> properties = propertyMap(context);
            if (properties == null) {
                return null;
            }
            final Logger logger = context.getLogger("dev.spool.logback.Sample");
            // The constant text, read off one event whose every field is known.
            final LoggingEvent plain = sample(logger, Level.INFO, "Request 42 completed", "main", 1_763_802_902L, 123_000_000);
            plain.setMDCPropertyMap(Map.of());
            final byte[] document = encoder.encode(plain);
            if (document == null) {
                return null;
            }
            final String doc = new String(document, StandardCharsets.UTF_8);
            final String[] fields = {
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone).format(plain.getInstant()), "Request 42 completed",
                logger.getName(), "main", "INFO", "20000"};
            final byte[][] literals = new byte[8][];
            int at = 0;
            boolean levelValue = true;
            for (int i = 0; i < fields.length; i++) {
                final int found = doc.indexOf(fields[i], at);
                if (found < 0 && i == fields.length - 1) {
                    levelValue = false; // not written; the proof shows it is not written for any level
                    literals[i] = new byte[0];
                    continue;
                }
                if (found < 0) {
                    return null;
                }
                literals[i] = utf8(doc.substring(at, found));
                at = found + fields[i].length();
            }
            // Where the MDC entries go: where one entry appears in the same event's document.
            final String tail = doc.substring(at);
            final LoggingEvent withEntry = sample(logger, Level.INFO, "Request 42 completed", "main", 1_763_802_902L, 123_000_000);
            withEntry.setMDCPropertyMap(Map.of("sampleKey", "sampleValue"));
            final String docWithEntry = new String(encoder.encode(withEntry), StandardCharsets.UTF_8);
            final String inserted = ",\"sampleKey\":\"sampleValue\"";
            final int split = docWithEntry.indexOf(inserted, at);
            if (split < 0 || !docWithEntry.equals(doc.substring(0, split) + inserted + doc.substring(split))) {
                return null;
            }
            literals[6] = utf8(tail.substring(0, split - at));
            literals[7] = utf8(tail.substring(split - at));
            final byte[][] entry = {utf8(",\""), utf8("\":\""), utf8("\"")};
            final CompiledLogstash compiled = new CompiledLogstash(literals, entry, levelValue, zone, properties);
            return compiled.writesAsTheEncoderDoes(encoder, logger) ? compiled : null;
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether an event can travel as a {@link LogbackRecord} and be written from it, or by the
     * encoder from the event rebuilt from it, exactly: not when it has key-value pairs (the
     * encoder writes their values as JSON values, a record keeps their text) or a structured
     * argument (a record does not keep it). An unpaired surrogate, which a record keeps as
     * {@code '?'}, is told by the record writer ({@code RecordWriter.replacedSurrogate}).
     */
    static boolean recordable(final ILoggingEvent event) {
        return isEmpty(event.getKeyValuePairs()) && !structured(event.getArgumentArray());
    }

    /**
     * Writes the document of the event a {@link LogbackRecord} holds; false, with {@code out} as
     * it was, when the event has a throwable ({@code thrown}), markers, key-value pairs, an MDC
     * entry without a value, no message, logger or thread name. The caller has checked {@link #current}.
     */
    boolean render(final RecordView view, final long timestampNanos, final Object thrown, final TextOutput out) {
        if (thrown != null || !view.isNull(LogbackRecord.MARKERS) || !view.isNull(LogbackRecord.KEY_VALUES)
            || view.isNull(LogbackRecord.MESSAGE) && view.isNull(LogbackRecord.ARGUMENTS)
            || view.isNull(LogbackRecord.LOGGER) || view.isNull(LogbackRecord.THREAD)) {
            return false;
        }
        for (final PairCursor c = view.pairs(LogbackRecord.MDC); c.next(); ) {
            if (c.valueLength() < 0 || c.keyLength() < 0) {
                return false;
            }
        }
        final long levelInt = view.getLong(LogbackRecord.LEVEL);
        final Level level = Level.toLevel((int) levelInt);
        final byte[] levelText = level.toInt() == levelInt ? levelText(level) : null;
        if (levelText == null) {
            return false; // not one of Logback's levels: the encoder writes it
        }
        final ByteBuffer b = view.buffer();
        out.write(literals[0]);
        timestamp(Math.floorDiv(timestampNanos, 1_000_000_000L), (int) Math.floorMod(timestampNanos, 1_000_000_000L), out);
        out.write(literals[1]);
        if (view.isNull(LogbackRecord.ARGUMENTS)) {
            escaped(b, view.offset(LogbackRecord.MESSAGE), view.length(LogbackRecord.MESSAGE), out);
        } else {
            message.reset();
            LogbackArguments.format(view, LogbackRecord.TEMPLATE, LogbackRecord.ARGUMENTS, message);
            escaped(message.array(), 0, message.length(), out);
        }
        out.write(literals[2]);
        escaped(b, view.offset(LogbackRecord.LOGGER), view.length(LogbackRecord.LOGGER), out);
        out.write(literals[3]);
        escaped(b, view.offset(LogbackRecord.THREAD), view.length(LogbackRecord.THREAD), out);
        out.write(literals[4]);
        out.write(levelText);
        out.write(literals[6]);
        for (final PairCursor c = view.pairs(LogbackRecord.MDC); c.next(); ) {
            out.write(entry[0]);
            escaped(b, c.keyOffset(), c.keyLength(), out);
            out.write(entry[1]);
            escaped(b, c.valueOffset(), c.valueLength(), out);
            out.write(entry[2]);
        }
        out.write(literals[7]);
        return true;
    }

    /**
     * Writes the event's document; false, with {@code out} as it was, when the event carries
     * something the encoder writes and this does not (see the class comment). The caller has
     * checked {@link #current}.
     */
    boolean render(final ILoggingEvent event, final TextOutput out) {
        final String message = event.getFormattedMessage();
        if (message == null || event.getLoggerName() == null || event.getThreadName() == null
            || event.getThrowableProxy() != null || !isEmpty(event.getMarkerList())
            || !isEmpty(event.getKeyValuePairs()) || structured(event.getArgumentArray())) {
            return false;
        }
        final Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty() && mdc.containsValue(null)) {
            return false;
        }
        final Level level = event.getLevel();
        out.write(literals[0]);
        timestamp(event.getInstant().getEpochSecond(), event.getInstant().getNano(), out);
        out.write(literals[1]);
        escaped(message, out);
        out.write(literals[2]);
        escaped(event.getLoggerName(), out);
        out.write(literals[3]);
        escaped(event.getThreadName(), out);
        out.write(literals[4]);
        final byte[] levelText = levelText(level);
        if (levelText != null) {
            out.write(levelText);
        } else {
            escaped(level.toString(), out);
            out.write(literals[5]);
            if (levelValue) {
                out.writeLong(level.toInt());
            }
        }
        out.write(literals[6]);
        if (mdc != null && !mdc.isEmpty()) {
            target = out;
            try {
                mdc.forEach(writeEntry); // in the map's own order, as the encoder iterates it
            } finally {
                target = null;
            }
        }
        out.write(literals[7]);
        return true;
    }

    /** The level, the text after it and its value, made once for Logback's levels; null for another level. */
    private byte[] levelText(final Level level) {
        final int i = level.toInt() / 10_000;
        if (i < 0 || i >= levelTexts.length || LEVELS[i] != level) {
            return null;
        }
        if (levelTexts[i] == null) {
            final TextOutput t = new TextOutput(64);
            escaped(level.toString(), t);
            t.write(literals[5]);
            if (levelValue) {
                t.writeLong(level.toInt());
            }
            levelTexts[i] = Arrays.copyOf(t.array(), t.length());
        }
        return levelTexts[i];
    }

    private void entry(final String key, final String value) {
        target.write(entry[0]);
        escaped(key, target);
        target.write(entry[1]);
        escaped(value, target);
        target.write(entry[2]);
    }

    /**
     * Whether the context's properties are those this was compiled with (they are written as
     * constant text); when not, a new compiled form takes the new ones.
     */
    boolean current() {
        if (properties.size() != keysAtStart.length) {
            return false;
        }
        for (int i = 0; i < keysAtStart.length; i++) {
            if (!java.util.Objects.equals(valuesAtStart[i], properties.get(keysAtStart[i]))) {
                return false;
            }
        }
        return true;
    }

    /** ISO_OFFSET_DATE_TIME: the second's text made once per second, the fraction without trailing zeros. */
    private void timestamp(final long second, final int nano, final TextOutput out) {
        if (second != cachedSecond) {
            text.setLength(0);
            formatter.formatTo(Instant.ofEpochSecond(second), text);
            final String s = text.toString();
            final int seconds = s.indexOf(':', s.indexOf('T')) + 6; // "HH:mm:ss" after the 'T'
            secondText = utf8(s.substring(0, seconds));
            offsetText = utf8(s.substring(seconds));
            cachedSecond = second;
        }
        out.write(secondText);
        int nanos = nano;
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            out.write('.');
            out.writePadded(nanos, digits);
        }
        out.write(offsetText);
    }

    /**
     * UTF-8 text's contents as Jackson writes them in LogstashEncoder's documents: as
     * {@link #escaped(String, TextOutput)}, from bytes (a four-byte character is its two
     * surrogates, escaped). The bytes are copied out of the buffer once and scanned in an array.
     */
    void escaped(final ByteBuffer b, final int offset, final int length, final TextOutput out) {
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, 2 * bytes.length)];
        }
        b.get(offset, bytes, 0, length);
        escaped(bytes, 0, length, out);
    }

    /** As {@link #escaped(ByteBuffer, int, int, TextOutput)}, from an array. */
    static void escaped(final byte[] a, final int offset, final int length, final TextOutput out) {
        final int end = offset + length;
        int run = offset; // the first byte not yet written; bytes from it on are copied as they are until i
        int i = offset;
        while (i < end) {
            final int c = a[i] & 0xFF;
            if (c < 0x80 ? JsonEscapes.plain(c) : c < 0xF0) {
                i++;
                continue;
            }
            if (i > run) {
                out.write(a, run, i - run);
            }
            if (c >= 0xF0) { // a four-byte sequence: a code point beyond the BMP
                final int cp = (c & 0x07) << 18 | (a[i + 1] & 0x3F) << 12 | (a[i + 2] & 0x3F) << 6 | (a[i + 3] & 0x3F);
                JsonEscapes.unicodeEscape(Character.highSurrogate(cp), out);
                JsonEscapes.unicodeEscape(Character.lowSurrogate(cp), out);
                i += 4;
            } else {
                JsonEscapes.escapeAscii(c, out);
                i++;
            }
            run = i;
        }
        if (end > run) {
            out.write(a, run, end - run);
        }
    }

    /** A string's contents as Jackson writes them in LogstashEncoder's documents. */
    void escaped(final String s, final TextOutput out) {
        final int n = s.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        s.getChars(0, n, chars, 0); // one copy, then a scan without String's checks per char
        final char[] cs = chars;
        int run = 0; // the first char not yet written; chars from it on are plain ASCII until i
        for (int i = 0; i < n; i++) {
            final char c = cs[i];
            if (c < 0x80 && JsonEscapes.plain(c)) {
                continue;
            }
            if (i > run) {
                out.writeAscii(s, run, i);
            }
            run = i + 1;
            if (c < 0x80) {
                JsonEscapes.escapeAscii(c, out);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                JsonEscapes.unicodeEscape(c, out);
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        if (n > run) {
            out.writeAscii(s, run, n);
        }
    }


    private static boolean isEmpty(final List<?> list) {
        return list == null || list.isEmpty();
    }

    private static boolean structured(final Object[] arguments) {
        if (arguments != null) {
            for (final Object a : arguments) {
                if (a != null && !(a instanceof String) && !(a instanceof Integer) && !(a instanceof Long)
                    && STRUCTURED.get(a.getClass())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean implementsStructured(final Class<?> type) {
        for (final Class<?> i : type.getInterfaces()) {
            if (i.getName().equals(STRUCTURED_ARGUMENT) || implementsStructured(i)) {
                return true;
            }
        }
        return false;
    }

    /** The proof: sample events written by the encoder and by this, compared byte for byte. */
    private boolean writesAsTheEncoderDoes(final Encoder<ILoggingEvent> encoder, final Logger logger) {
        final TextOutput out = new TextOutput(1024);
        final RecordWriter writer = new RecordWriter();
        final RecordView view = new RecordView();
        for (final LoggingEvent event : samples(logger)) {
            final byte[] expected = encoder.encode(event);
            out.reset();
            if (!render(event, out) || !Arrays.equals(expected, Arrays.copyOf(out.array(), out.length()))) {
                return false;
            }
            writer.reset();
            LogbackRecord.capture(event, false, writer);
            if (writer.replacedSurrogate()) {
                continue; // such an event travels as itself
            }
            final long nanos = SpoolAppender.nanos(event);
            if (view.wrap(writer, nanos, LogbackRecord.SLOTS) != null) {
                return false;
            }
            out.reset();
            if (!render(view, nanos, null, out) || !Arrays.equals(expected, Arrays.copyOf(out.array(), out.length()))) {
                return false;
            }
        }
        return true;
    }

    private static List<LoggingEvent> samples(final Logger logger) {
        final long[][] instants = {
            {1_763_802_902L, 0}, {1_763_802_902L, 999_999_999}, {1_751_320_800L, 123_456_789}, {946_684_799L, 1_000_000},
            {1_774_746_000L, 100_000_000}, {1_774_746_000L, 120_000}, {1_761_440_400L, 7}, {1_761_436_799L, 500_000_000}};
        final String[][] texts = {
            {"main", "Request 42 completed in 17 us"},
            {"pool-1-thread-7", "caf\u00e9 \u65e5\u672c \uD83D\uDE00 \"quoted\" back\\slash /slash"},
            {"w\u00f6rker \"t\"", "tab\there\nnew line\r\u0001\u001f\u007f\b\f \u2028 \u2029 </script>"},
            {"t", ""},
            {"thread", "lone \uD800 surrogate \uDC00"},
            {"z", "plain"},
            {"\u0000", "{} and {}"},
            {"main", "with arguments {} {}"}};
        final List<LoggingEvent> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            final LoggingEvent e = sample(logger, LEVELS[i % LEVELS.length], texts[i][1], texts[i][0],
                instants[i][0], (int) instants[i][1]);
            if (i == 7) {
                e.setArgumentArray(new Object[] {"text", 42, null});
            }
            if (i % 2 == 0) {
                e.setMDCPropertyMap(Map.of());
            } else {
                final Map<String, String> mdc = new LinkedHashMap<>();
                mdc.put("requestId", "r-" + i);
                mdc.put("user \"name\"", "j\u00f6rg \uD83D\uDE00\n");
                mdc.put("", "");
                e.setMDCPropertyMap(mdc);
            }
            out.add(e);
        }
        return out;
    }

    private static LoggingEvent sample(final Logger logger, final Level level, final String message, final String thread,
                                       final long second, final int nanos) {
        final LoggingEvent e = new LoggingEvent(CompiledLogstash.class.getName(), logger, level, message, null, null);
        e.setInstant(Instant.ofEpochSecond(second, nanos));
        e.setThreadName(thread);
        return e;
    }

    /** The context's live property map (LogstashEncoder writes its entries); null if it cannot be read. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> propertyMap(final LoggerContext context) {
        try {
            final Field f = ContextBase.class.getDeclaredField("propertyMap");
            f.setAccessible(true);
            return (Map<String, String>) f.get(context);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Object call(final Object target, final String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
