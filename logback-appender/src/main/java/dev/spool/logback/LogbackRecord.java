package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.CallerDataConverter;
import ch.qos.logback.classic.pattern.ClassOfCallerConverter;
import ch.qos.logback.classic.pattern.FileOfCallerConverter;
import ch.qos.logback.classic.pattern.LineOfCallerConverter;
import ch.qos.logback.classic.pattern.MethodOfCallerConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.CompositeConverter;
import ch.qos.logback.core.pattern.Converter;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import dev.spool.engine.format.MessageArguments;
import dev.spool.engine.adapter.RendererSwitch;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.StringCache;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Logback event captured as a record on the caller's thread and encoded from it, with the
 * user's encoder, on the preproc thread. The record holds what
 * {@code prepareForDeferredProcessing} keeps (the message, thread name, MDC, key-value pairs), the
 * level, logger, sequence number, markers, and the caller data when the pattern shows it; the
 * message is the template and its arguments when their text cannot change after the call
 * ({@link LogbackArguments}: formatted on the preproc thread), else the formatted text. The
 * event's throwable proxy (which Logback makes on the caller, as AsyncAppender keeps it) travels
 * beside the record as the object itself. It is used only where it reproduces the encoder's bytes
 * exactly (see {@link #analyse}); events with a marker that is not the registered marker of its
 * name travel as the event itself.
 * Where the encoder is a pattern of common converters, {@link CompiledPattern} writes the bytes
 * straight from the record and no event is rebuilt.
 */
final class LogbackRecord {
    static final int SLOTS = 11;
    static final int LEVEL = 0;
    static final int LOGGER = 1;
    static final int THREAD = 2;
    static final int MESSAGE = 3;
    static final int TEMPLATE = 4;
    static final int MDC = 5;
    static final int MARKERS = 6;
    static final int KEY_VALUES = 7;
    static final int SEQUENCE = 8;
    static final int CALLER = 9;
    /**
     * The message's arguments ({@link LogbackArguments}) when the message is formatted on the
     * preproc thread (then MESSAGE is null and TEMPLATE holds the template), else null.
     */
    static final int ARGUMENTS = 10;

    /** How many times a renderer reads LogstashEncoder's constant text again when the context's properties change. */
    private static final int MAX_RECOMPILES = 16;

    /** Lines a caller frame takes in the record: class, method, file, line, loader, module, version. */
    private static final int FRAME_PAIRS = 4;

    private LogbackRecord() {
    }

    /** What the encoder needs from a record; {@link #NONE} when it cannot run from one. */
    static final class Analysis {
        final boolean offThread;
        final boolean callerData;
        final String why;
        /**
         * LogstashEncoder, written by {@link CompiledLogstash}: events go as records only when
         * {@link CompiledLogstash#recordable} and their text has no unpaired surrogate.
         */
        final boolean json;

        Analysis(final boolean offThread, final boolean callerData, final String why) {
            this(offThread, callerData, why, false);
        }

        Analysis(final boolean offThread, final boolean callerData, final String why, final boolean json) {
            this.offThread = offThread;
            this.callerData = callerData;
            this.why = why;
            this.json = json;
        }
    }

    static final Analysis NONE = new Analysis(false, false, null);

    /**
     * Whether {@code encoder} can run on the preproc thread from records: a
     * {@code LayoutWrappingEncoder} (so also {@code PatternLayoutEncoder}) around Logback's
     * {@code PatternLayout} whose converters are all Logback's own, or a LogstashEncoder that
     * {@link CompiledLogstash} writes. A converter of the application's may read what a record
     * does not carry (the arguments, say), so such a pattern's events travel as themselves.
     */
    static Analysis analyse(final Encoder<ILoggingEvent> encoder, final LoggerContext context) {
        if (CompiledLogstash.compile(encoder, context) != null) {
            return new Analysis(true, false, null, true);
        }
        if (!(encoder instanceof LayoutWrappingEncoder)) {
            return new Analysis(false, false, "the encoder " + encoder.getClass().getName() + " is not a pattern encoder");
        }
        final Object layout = ((LayoutWrappingEncoder<ILoggingEvent>) encoder).getLayout();
        if (layout == null || layout.getClass() != PatternLayout.class) {
            return new Analysis(false, false, "the layout " + (layout == null ? "(none)" : layout.getClass().getName())
                + " is not Logback's PatternLayout");
        }
        final Converter<ILoggingEvent> head = head((PatternLayout) layout);
        if (head == null) {
            return new Analysis(false, false, "the pattern's converters cannot be inspected");
        }
        final boolean[] seen = new boolean[2];
        final String foreign = walk(head, seen);
        if (foreign != null) {
            // Kept whole instead: caller data is taken on the caller when any converter shows it.
            return new Analysis(false, showsCallerData(head), "the pattern uses the application's converter " + foreign);
        }
        if (seen[SEEN_KNOWN] && !rebuiltAsTheEncoderDoes(encoder, context)) {
            return new Analysis(false, showsCallerData(head),
                "the pattern's converters do not write from a rebuilt event what they write from the event");
        }
        return new Analysis(true, seen[SEEN_CALLER_DATA], null);
    }

    /**
     * Converters of other libraries that read only what an event rebuilt from a record has (its
     * level, MDC, throwable, and the context's properties): Spring Boot's ({@code %clr},
     * {@code %correlationId}, {@code %esb}, {@code %wex}, {@code %wEx}, {@code %applicationName}),
     * so that a Spring Boot application's pattern runs from records. A pattern with one is proven
     * at start ({@link #rebuiltAsTheEncoderDoes}); one that fails runs on its events themselves.
     */
    private static final Set<String> KNOWN_CONVERTERS = Set.of(
        "org.springframework.boot.logging.logback.ColorConverter",
        "org.springframework.boot.logging.logback.CorrelationIdConverter",
        "org.springframework.boot.logging.logback.EnclosedInSquareBracketsConverter",
        "org.springframework.boot.logging.logback.WhitespaceThrowableProxyConverter",
        "org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter",
        "org.springframework.boot.logging.logback.ApplicationNameConverter");
    /** {@link #walk}'s findings: a converter shows caller data; one of {@link #KNOWN_CONVERTERS} is used. */
    private static final int SEEN_CALLER_DATA = 0;
    private static final int SEEN_KNOWN = 1;

    /**
     * The proof for a pattern with one of {@link #KNOWN_CONVERTERS}: sample events (the compiled
     * patterns' samples, with Spring Boot's trace and span ids in the MDC) rendered from records
     * on rebuilt events must be the encoder's bytes for the events themselves.
     */
    static boolean rebuiltAsTheEncoderDoes(final Encoder<ILoggingEvent> encoder, final LoggerContext context) {
        try {
            final Renderer renderer = new Renderer(encoder, context);
            final RecordWriter writer = new RecordWriter();
            final RecordView view = new RecordView();
            final TextOutput out = new TextOutput(256);
            for (final ReplayedEvent event : CompiledPattern.samples(List.of("traceId", "spanId"), context)) {
                writer.reset();
                capture(event, false, writer);
                final long nanos = event.epochSecond * 1_000_000_000L + event.nanos;
                if (view.wrap(writer, nanos, SLOTS) != null) {
                    return false;
                }
                out.reset();
                renderer.render(view, new StringCache(16), new StringCache(16), nanos, null, out);
                final byte[] expected = encoder.encode(event);
                if (expected == null || !Arrays.equals(expected, Arrays.copyOf(out.array(), out.length()))) {
                    return false;
                }
            }
            return true;
        } catch (final RuntimeException e) {
            return false;
        }
    }

    /** The first converter of the layout's chain, as Logback parsed the pattern; null if it cannot be read. */
    static Converter<ILoggingEvent> head(final PatternLayout layout) {
        try {
            final Field f = PatternLayoutBase.class.getDeclaredField("head");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            final Converter<ILoggingEvent> h = (Converter<ILoggingEvent>) f.get(layout);
            return h;
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether any converter of the chain, composite ones' children included, shows caller data. */
    private static boolean showsCallerData(final Converter<ILoggingEvent> first) {
        for (Converter<ILoggingEvent> c = first; c != null; c = c.getNext()) {
            if (c instanceof CallerDataConverter || c instanceof ClassOfCallerConverter
                || c instanceof MethodOfCallerConverter || c instanceof LineOfCallerConverter
                || c instanceof FileOfCallerConverter) {
                return true;
            }
            if (c instanceof CompositeConverter
                && showsCallerData(((CompositeConverter<ILoggingEvent>) c).getChildConverter())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first converter that is neither Logback's own nor one of {@link #KNOWN_CONVERTERS}, or
     * null; notes in {@code seen} converters that show caller data and known ones.
     */
    private static String walk(final Converter<ILoggingEvent> first, final boolean[] seen) {
        for (Converter<ILoggingEvent> c = first; c != null; c = c.getNext()) {
            final String name = c.getClass().getName();
            if (KNOWN_CONVERTERS.contains(name)) {
                seen[SEEN_KNOWN] = true;
            } else if (!name.startsWith("ch.qos.logback.")) {
                return name;
            }
            if (c instanceof CallerDataConverter || c instanceof ClassOfCallerConverter
                || c instanceof MethodOfCallerConverter || c instanceof LineOfCallerConverter
                || c instanceof FileOfCallerConverter) {
                seen[SEEN_CALLER_DATA] = true;
            }
            if (c instanceof CompositeConverter) {
                final String inner = walk(((CompositeConverter<ILoggingEvent>) c).getChildConverter(), seen);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** Whether this event can be carried by a record exactly. */
    static boolean capturable(final ILoggingEvent event) {
        final List<Marker> markers = event.getMarkerList();
        if (markers != null) {
            for (int i = 0; i < markers.size(); i++) {
                final Marker m = markers.get(i);
                // Replayed by name: only a registered marker is the same object on the other side.
                if (m == null || !MarkerFactory.getIMarkerFactory().exists(m.getName())
                    || MarkerFactory.getMarker(m.getName()) != m) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Captures the event into {@code out}, the caller data only if {@code callerData}; Logback has
     * formatted the message by now, or does here.
     */
    static void capture(final ILoggingEvent event, final boolean callerData, final RecordWriter out) {
        out.putLong(event.getLevel().toInt());
        out.putString(event.getLoggerName());
        out.putString(event.getThreadName());
        // A template whose arguments' text is fixed at the call is formatted later, on the preproc
        // thread; then Logback never formats it on the caller's. Otherwise Logback formats it now
        // (and no converter of Logback's reads the template, so it is not kept).
        final String template = event.getMessage();
        final Object[] arguments = event.getArgumentArray();
        final boolean deferred = template != null && arguments != null && arguments.length > 0
            && MessageArguments.deferrable(arguments, arguments.length);
        if (deferred) {
            out.putNull();
            out.putName(template); // usually a literal: its bytes are copied, not encoded
        } else {
            out.putString(event.getFormattedMessage());
            out.putNull();
        }
        out.beginMap();
        final Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            mdc.forEach(out.pairs()); // in the map's own order, which %X shows
        }
        out.endMap();
        final List<Marker> markers = event.getMarkerList();
        if (markers == null) {
            out.putNull();
        } else {
            out.beginMap();
            for (int i = 0; i < markers.size(); i++) {
                out.putPair(null, markers.get(i).getName());
            }
            out.endMap();
        }
        final List<KeyValuePair> kvps = event.getKeyValuePairs();
        if (kvps == null) {
            out.putNull();
        } else {
            out.beginMap();
            for (int i = 0; i < kvps.size(); i++) {
                final KeyValuePair kv = kvps.get(i);
                out.putPair(kv.key, kv.value == null ? null : String.valueOf(kv.value));
            }
            out.endMap();
        }
        out.putLong(event.getSequenceNumber());
        final StackTraceElement[] frames = callerData ? event.getCallerData() : null;
        if (frames == null) {
            out.putNull();
        } else {
            out.beginMap();
            for (final StackTraceElement f : frames) {
                putFrame(f, out);
            }
            out.endMap();
        }
        if (deferred) {
            MessageArguments.capture(arguments, arguments.length, out);
        } else {
            out.putNull();
        }
    }

    /**
     * A caller frame as four pairs. The class loader name and module version are kept only when
     * the frame prints them, so that the rebuilt frame's {@code toString()} (what {@code %caller}
     * shows) is the same.
     */
    private static void putFrame(final StackTraceElement f, final RecordWriter out) {
        final String text = f.toString();
        final String loader = f.getClassLoaderName();
        final String module = f.getModuleName();
        final String version = f.getModuleVersion();
        out.putPair(f.getClassName(), f.getMethodName());
        out.putPair(f.getFileName(), Integer.toString(f.getLineNumber()));
        out.putPair(loader != null && text.startsWith(loader + "/") ? loader : null, module);
        out.putPair(version != null && module != null && text.contains(module + "@" + version + "/") ? version : null, null);
    }

    /**
     * Rebuilds events from records and runs one encoder; used by the one preproc thread of its log
     * object, through the object's {@link RendererSwitch}.
     */
    static final class Renderer implements RendererSwitch.Renderer {
        private final Encoder<ILoggingEvent> encoder;
        private final LoggerContext context;
        private final ReplayedEvent event = new ReplayedEvent();
        private final String[] frame = new String[2 * FRAME_PAIRS];
        private final TextOutput text = new TextOutput(256);
        private StringCache names;
        private StringCache values;
        private RecordView view;
        /** The encoder as byte renderers, when it can be compiled ({@link CompiledPattern}); else null. */
        private final CompiledPattern compiled;
        /** LogstashEncoder's document written by hand ({@link CompiledLogstash}), when it can be; else null. */
        private CompiledLogstash json;
        /** How many times {@link #json} was compiled again after the context's properties changed. */
        private int recompiled;

        Renderer(final Encoder<ILoggingEvent> encoder, final LoggerContext context) {
            this.encoder = encoder;
            this.context = context;
            this.compiled = CompiledPattern.compile(encoder, context);
            this.json = compiled == null ? CompiledLogstash.compile(encoder, context) : null;
        }

        /** Whether this renderer writes LogstashEncoder's documents itself (for tests). */
        boolean compiledJson() {
            return json != null;
        }

        /** Whether this renderer writes events straight from record bytes (for tests). */
        boolean compiled() {
            return compiled != null;
        }

        @Override
        public void render(final RecordView record, final StringCache names, final StringCache values,
                           final long timestampNanos, final Object attachment, final TextOutput out) {
            if (record == null) { // the event itself, kept beside an empty record
                if (jsonCurrent() && json.render((ILoggingEvent) attachment, out)) {
                    return;
                }
                final byte[] bytes = encoder.encode((ILoggingEvent) attachment);
                if (bytes != null) {
                    out.write(bytes, 0, bytes.length);
                }
                return;
            }
            if (compiled != null && compiled.render(record, names, timestampNanos, attachment, out)) {
                return;
            }
            if (jsonCurrent() && json.render(record, timestampNanos, attachment, out)) {
                return;
            }
            this.view = record;
            this.names = names;
            this.values = values;
            final ReplayedEvent e = event;
            e.clear();
            e.level = Level.toLevel((int) view.getLong(LEVEL));
            e.loggerName = view.getString(LOGGER, names);
            e.threadName = view.getString(THREAD, names);
            if (view.isNull(ARGUMENTS)) {
                e.formattedMessage = view.getString(MESSAGE);
                e.message = null;
            } else {
                e.formattedMessage = LogbackArguments.formatted(view, TEMPLATE, ARGUMENTS, text);
                e.message = view.getString(TEMPLATE, values);
            }
            e.context = context.getLoggerContextRemoteView();
            e.epochSecond = Math.floorDiv(timestampNanos, 1_000_000_000L);
            e.nanos = (int) Math.floorMod(timestampNanos, 1_000_000_000L);
            e.sequenceNumber = view.getLong(SEQUENCE);
            readMdc();
            if (!view.isNull(MARKERS)) {
                e.hasMarkers = true;
                readMarkers();
            }
            if (!view.isNull(KEY_VALUES)) {
                e.hasKeyValuePairs = true;
                readKeyValues();
            }
            if (!view.isNull(CALLER)) {
                e.callerData = readFrames();
            }
            e.throwableProxy = attachment instanceof IThrowableProxy ? (IThrowableProxy) attachment : null;
            final byte[] bytes = encoder.encode(e);
            if (bytes != null) {
                out.write(bytes, 0, bytes.length);
            }
        }

        /**
         * Whether {@link #json} is there and has the context's properties of now. After they
         * change, the constant text is read off the encoder again (a few times at most: a context
         * whose properties keep changing is left to the encoder).
         */
        private boolean jsonCurrent() {
            if (json == null) {
                return false;
            }
            if (json.current()) {
                return true;
            }
            if (recompiled < MAX_RECOMPILES) {
                recompiled++;
                json = CompiledLogstash.compile(encoder, context);
                return json != null;
            }
            json = null;
            return false;
        }

        private void readMdc() {
            for (final PairCursor c = view.pairs(MDC); c.next(); ) {
                event.mdc.put(c.key(names), c.value(values));
            }
        }

        private void readMarkers() {
            for (final PairCursor c = view.pairs(MARKERS); c.next(); ) {
                event.markers.add(MarkerFactory.getMarker(c.value(values)));
            }
        }

        private void readKeyValues() {
            for (final PairCursor c = view.pairs(KEY_VALUES); c.next(); ) {
                event.keyValuePairs.add(new KeyValuePair(c.key(names), c.value(values)));
            }
        }

        /** Caller frames, four pairs each: class, method | file, line | loader, module | version, -. */
        private StackTraceElement[] readFrames() {
            final PairCursor c = view.pairs(CALLER);
            if (c.count() % FRAME_PAIRS != 0) {
                throw new IllegalStateException("bad Logback record: caller data of " + c.count() + " pairs");
            }
            final StackTraceElement[] frames = new StackTraceElement[c.count() / FRAME_PAIRS];
            for (int f = 0; f < frames.length; f++) {
                for (int i = 0; i < frame.length; i += 2) {
                    c.next();
                    frame[i] = c.key(names);
                    frame[i + 1] = c.value(names);
                }
                frames[f] = new StackTraceElement(frame[4], frame[5], frame[6], frame[0], frame[1], frame[2],
                    Integer.parseInt(frame[3]));
            }
            return frames;
        }
    }
}
