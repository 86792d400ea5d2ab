package dev.spool.log4j2;

import dev.spool.engine.format.MessageArguments;
import dev.spool.engine.adapter.RendererSwitch;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.StringCache;
import dev.spool.engine.record.ThreadScratch;
import dev.spool.engine.record.Utf8;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.AbstractLogEvent;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.util.PluginManager;
import org.apache.logging.log4j.core.config.plugins.util.PluginType;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.impl.MutableLogEvent;
import org.apache.logging.log4j.core.impl.ThrowableProxy;
import org.apache.logging.log4j.core.layout.JsonLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.layout.XmlLayout;
import org.apache.logging.log4j.core.layout.YamlLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.time.Instant;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.MultiformatMessage;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.ReusableSimpleMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.spi.MutableThreadContextStack;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.apache.logging.log4j.util.TriConsumer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Log4j2 event captured as a record on the caller's thread, and rendered from it with the
 * user's Layout on the preproc thread. The record holds what a PatternLayout reads: level, logger,
 * caller FQCN, thread name/id/priority, marker, the formatted message, context map and stack,
 * nano time, end of batch, and the location only when the layout asks for it. The event's
 * throwable travels beside the record as the object itself (see
 * {@code LogObject.accessRecord(..., attachment)}) and is laid out on the preproc thread. Events the
 * record cannot carry exactly (a multi-format message, see {@link #capturable}), patterns with an
 * application's converter (see {@link #readsOnlyRecords}) and other layouts travel as a memento of
 * the event instead.
 */
final class Log4jRecord {
    static final int SLOTS = 17;
    // The slots, in the order capture writes them; CompiledPattern reads some of them directly.
    static final int LEVEL = 0;
    static final int LOGGER = 1;
    static final int LOGGER_FQCN = 2;
    static final int THREAD = 3;
    static final int THREAD_ID = 4;
    static final int THREAD_PRIORITY = 5;
    static final int MARKER = 6;
    static final int MESSAGE = 7;
    static final int CONTEXT = 8;
    /** The context stack as pairs keyed by position, or null when it is empty. */
    static final int STACK = 9;
    static final int NANO_TIME = 10;
    static final int END_OF_BATCH = 11;
    /** The source class, or null when the layout shows no location or the event has none. */
    static final int SOURCE_CLASS = 12;
    static final int SOURCE_METHOD = 13;
    static final int SOURCE_FILE = 14;
    static final int SOURCE_LINE = 15;
    /**
     * The message's arguments ({@link Log4jArguments}) when the message is formatted on the
     * preproc thread (then MESSAGE holds the template), else null.
     */
    static final int ARGUMENTS = 16;

    private static final TriConsumer<String, Object, RecordWriter> PUT_PAIR =
        (key, value, writer) -> writer.putPair(key, value == null ? null : String.valueOf(value));

    private Log4jRecord() {
    }

    /**
     * Whether this PatternLayout reads only what a record carries: its conversion pattern uses no
     * converter plugin of the application's, which may read what a record does not (the message's
     * parameters, say). A layout that does runs on a memento of each event instead. A plugin is
     * the application's when its class is not Log4j2's; its keys are looked for in the pattern's
     * text, so converters nested in another's options count too (a key met elsewhere, in an
     * escaped {@code %%} say, only costs the memento). A pattern selector's patterns are not seen.
     */
    static boolean readsOnlyRecords(final PatternLayout layout, final Configuration config) {
        final String pattern = layout.getConversionPattern();
        if (pattern == null) {
            return true;
        }
        final PluginManager plugins = new PluginManager(PatternConverter.CATEGORY);
        plugins.collectPlugins(config == null ? null : config.getPluginPackages());
        for (final PluginType<?> type : plugins.getPlugins().values()) {
            final Class<?> converter = type.getPluginClass();
            final ConverterKeys keys = converter.getAnnotation(ConverterKeys.class);
            if (keys == null || converter.getName().startsWith("org.apache.logging.log4j.")) {
                continue;
            }
            for (final String key : keys.value()) {
                // A conversion: '%', format modifiers, then the key (Log4j2 takes a key's longest match).
                if (Pattern.compile("%[-.0-9]*" + Pattern.quote(key)).matcher(pattern).find()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether this event can be carried by a record (and its throwable beside it) exactly, for a PatternLayout. */
    static boolean capturable(final LogEvent event) {
        return !(event.getMessage() instanceof MultiformatMessage);
    }

    /**
     * Whether this event can be carried by a record exactly for any other layout: its message is
     * text of one of Log4j2's plain kinds (an {@code ObjectMessage}, say, is written as the object's
     * JSON by a JSON layout), and its context values are Strings (a layout may write another kind of
     * value as itself, a number as a number).
     */
    static boolean capturableForAnyLayout(final LogEvent event) {
        final Class<?> kind = event.getMessage() == null ? null : event.getMessage().getClass();
        if (!PLAIN_MESSAGES.contains(kind)) {
            return false;
        }
        final boolean[] strings = ONLY_STRINGS.acquire();
        try {
            strings[0] = true;
            event.getContextData().forEach(CHECK_STRING, strings);
            return strings[0];
        } finally {
            ONLY_STRINGS.release(strings);
        }
    }

    private static final java.util.Set<Class<?>> PLAIN_MESSAGES = java.util.Set.of(
        org.apache.logging.log4j.message.SimpleMessage.class,
        org.apache.logging.log4j.message.ParameterizedMessage.class,
        org.apache.logging.log4j.message.ReusableSimpleMessage.class,
        org.apache.logging.log4j.message.ReusableParameterizedMessage.class,
        org.apache.logging.log4j.message.StringFormattedMessage.class,
        org.apache.logging.log4j.message.MessageFormatMessage.class,
        org.apache.logging.log4j.message.FormattedMessage.class,
        // Log4j2's reusable events are their own message when a reusable one was formatted into them.
        MutableLogEvent.class,
        org.apache.logging.log4j.core.async.RingBufferLogEvent.class);
    private static final ThreadScratch<boolean[]> ONLY_STRINGS = new ThreadScratch<>(4, () -> new boolean[1]);
    private static final TriConsumer<String, Object, boolean[]> CHECK_STRING = (key, value, strings) -> {
        if (value != null && !(value instanceof String)) {
            strings[0] = false;
        }
    };

    /** Log4j2's layouts that only read what an event rebuilt from a record has; each is still proven by {@link #provenOnRecords}. */
    /** Layouts that keep state across events when {@code complete="true"} (they then have a header). */
    private static final java.util.Set<String> JACKSON_LAYOUTS = java.util.Set.of(
        "org.apache.logging.log4j.core.layout.JsonLayout",
        "org.apache.logging.log4j.core.layout.XmlLayout",
        "org.apache.logging.log4j.core.layout.YamlLayout");
    private static final java.util.Set<String> RECORD_LAYOUTS = java.util.Set.of(
        "org.apache.logging.log4j.layout.template.json.JsonTemplateLayout",
        "org.apache.logging.log4j.core.layout.JsonLayout",
        "org.apache.logging.log4j.core.layout.XmlLayout",
        "org.apache.logging.log4j.core.layout.YamlLayout",
        "org.apache.logging.log4j.core.layout.CsvLogEventLayout",
        "org.apache.logging.log4j.core.layout.Rfc5424Layout",
        "org.apache.logging.log4j.core.layout.SyslogLayout",
        "org.apache.logging.log4j.core.layout.HtmlLayout",
        "org.apache.logging.log4j.core.layout.GelfLayout");

    /** {@link #recordsFor}: the layout runs on mementos of the events. */
    static final int MEMENTOS = -1;
    /** {@link #recordsFor}: the layout runs from records without the location. */
    static final int RECORDS = 0;
    /** {@link #recordsFor}: the layout runs from records that carry the location (it shows it). */
    static final int RECORDS_WITH_LOCATION = 1;

    /**
     * How a layout other than PatternLayout can run: from records when it is one of
     * {@link #RECORD_LAYOUTS} and proven on sample events (parameters, context map and stack, a
     * marker with a parent, a throwable with a cause and a suppressed one, a location, non-ASCII)
     * to write the same bytes from records as from the events, byte for byte; with the location
     * in the records if only then. A layout that reads what a record does not carry (a template
     * resolving the message's parameters, say) fails the proof and runs on mementos. So does a
     * Jackson layout with a header ({@code complete="true"}): it keeps state across events (a comma
     * before every event but the first), which the proof's sample events would change.
     */
    static int recordsFor(final Layout<? extends Serializable> layout) {
        if (layout == null || !RECORD_LAYOUTS.contains(layout.getClass().getName())
            || (JACKSON_LAYOUTS.contains(layout.getClass().getName()) && layout.getHeader() != null)) {
            return MEMENTOS;
        }
        if (proven(layout, false)) {
            return RECORDS;
        }
        return proven(layout, true) ? RECORDS_WITH_LOCATION : MEMENTOS;
    }

    private static boolean proven(final Layout<? extends Serializable> layout, final boolean location) {
        try {
            final Renderer renderer = new Renderer(layout);
            final RecordWriter writer = new RecordWriter();
            final RecordView view = new RecordView();
            final TextOutput out = new TextOutput(1024);
            final StringCache names = new StringCache(64);
            final StringCache values = new StringCache(64);
            for (final LogEvent event : proofEvents()) {
                if (!capturableForAnyLayout(event)) {
                    return false;
                }
                writer.reset();
                capture(event, location, writer);
                final long nanos = SpoolAppender.nanos(event);
                if (view.wrap(writer, nanos, SLOTS) != null) {
                    return false;
                }
                out.reset();
                renderer.render(view, names, values, nanos, event.getThrown(), out);
                if (!Arrays.equals(layout.toByteArray(event), Arrays.copyOf(out.array(), out.length()))) {
                    return false;
                }
            }
            return true;
        } catch (final RuntimeException e) {
            return false;
        }
    }

    private static List<LogEvent> proofEvents() {
        final IllegalStateException failure = new IllegalStateException("payment declined: caf\u00e9",
            new java.io.IOException("gateway timed out"));
        failure.addSuppressed(new IllegalArgumentException("retry refused"));
        final Marker audit = MarkerManager.getMarker("SPOOL_PROOF_AUDIT")
            .setParents(MarkerManager.getMarker("SPOOL_PROOF_SECURITY"));
        final List<LogEvent> out = new ArrayList<>();
        final Object[][] messages = {
            {"order {} paid by {} in {} ms", 42, "ann \u65e5\u672c", 1.5},
            {"plain text \"quoted\" <tag> & \\ \uD83D\uDE00"},
            {"{} {}", null, new StringBuilder("sb")},
            {""}};
        for (int i = 0; i < messages.length; i++) {
            final MutableInstant instant = new MutableInstant();
            instant.initFromEpochSecond(1_763_802_902L + i * 3_600L, 123_456_789 + i);
            final SortedArrayStringMap context = new SortedArrayStringMap();
            if (i != 3) {
                context.putValue("user", "ann");
                context.putValue("request", "r-" + i);
            }
            final Object[] m = messages[i];
            final Log4jLogEvent.Builder b = Log4jLogEvent.newBuilder()
                .setLevel(i == 1 ? Level.ERROR : i == 2 ? Level.WARN : Level.INFO)
                .setLoggerName(i == 2 ? "" : "com.example.shop.Checkout")
                .setLoggerFqcn("org.apache.logging.log4j.spi.AbstractLogger")
                .setThreadName("worker-" + i).setThreadId(10 + i).setThreadPriority(5)
                .setMessage(new org.apache.logging.log4j.message.ParameterizedMessage((String) m[0],
                    Arrays.copyOfRange(m, 1, m.length)))
                .setContextData(context)
                .setContextStack(i == 0 ? new MutableThreadContextStack(List.of("outer", "inner"))
                    : ThreadContext.EMPTY_STACK)
                .setMarker(i == 1 ? audit : null)
                .setThrown(i == 1 ? failure : null)
                .setNanoTime(1_000_000L * i)
                .setEndOfBatch(i == 0)
                .setInstant(instant);
            // A location, as a synchronous logger takes it when a layout asks for it.
            b.setSource(new StackTraceElement("com.example.shop.Checkout", "pay", "Checkout.java", 42 + i))
                .setIncludeLocation(true);
            out.add(b.build());
        }
        return out;
    }

    /**
     * An event as another event with its ThrowableProxy: Log4j2's own events do not take a
     * proxy made elsewhere (a builder's and a memento's make their own, on the thread that asks).
     * Reused by one renderer, only for the call to the layout.
     */
    @SuppressWarnings("deprecation") // ThrowableProxy, getContextMap: part of the interface
    private static final class WithProxy implements LogEvent {
        private static final long serialVersionUID = 1L;
        private transient LogEvent event;
        private transient ThrowableProxy proxy;

        void set(final LogEvent event, final ThrowableProxy proxy) {
            this.event = event;
            this.proxy = proxy;
        }

        @Override
        public LogEvent toImmutable() {
            return this; // laid out at once, not kept
        }

        @Override
        public ThrowableProxy getThrownProxy() {
            return proxy;
        }

        @Override
        public Throwable getThrown() {
            return event.getThrown();
        }

        @Override
        public java.util.Map<String, String> getContextMap() {
            return event.getContextMap();
        }

        @Override
        public ReadOnlyStringMap getContextData() {
            return event.getContextData();
        }

        @Override
        public ThreadContext.ContextStack getContextStack() {
            return event.getContextStack();
        }

        @Override
        public String getLoggerFqcn() {
            return event.getLoggerFqcn();
        }

        @Override
        public Level getLevel() {
            return event.getLevel();
        }

        @Override
        public String getLoggerName() {
            return event.getLoggerName();
        }

        @Override
        public Marker getMarker() {
            return event.getMarker();
        }

        @Override
        public Message getMessage() {
            return event.getMessage();
        }

        @Override
        public long getTimeMillis() {
            return event.getTimeMillis();
        }

        @Override
        public Instant getInstant() {
            return event.getInstant();
        }

        @Override
        public StackTraceElement getSource() {
            return event.getSource();
        }

        @Override
        public String getThreadName() {
            return event.getThreadName();
        }

        @Override
        public long getThreadId() {
            return event.getThreadId();
        }

        @Override
        public int getThreadPriority() {
            return event.getThreadPriority();
        }

        @Override
        public boolean isEndOfBatch() {
            return event.isEndOfBatch();
        }

        @Override
        public boolean isIncludeLocation() {
            return event.isIncludeLocation();
        }

        @Override
        public void setEndOfBatch(final boolean endOfBatch) {
            event.setEndOfBatch(endOfBatch);
        }

        @Override
        public void setIncludeLocation(final boolean locationRequired) {
            event.setIncludeLocation(locationRequired);
        }

        @Override
        public long getNanoTime() {
            return event.getNanoTime();
        }
    }

    /**
     * Whether {@code layout} lays a throwable out through the event's {@link ThrowableProxy}:
     * JsonLayout, XmlLayout and YamlLayout do; a PatternLayout does when a converter of the
     * application asks for it, found once by laying out an event with a throwable (a PatternLayout
     * keeps no state between events, unlike JsonLayout's {@code complete} mode, which counts them).
     * The proxy marks each stack frame as found on the stack of the thread that made it
     * ({@code "exact": true}) or by class loading; made on the preproc thread it would mark
     * frames otherwise than the stock appender, so it is made on the caller, where the stock
     * appender makes it. (PatternLayout's own {@code %xEx} marks frames by the stack of the thread
     * that lays the event out, with no proxy: there Spool writes what Log4j2's asynchronous setups
     * write, see the README.) A pattern that fails on the probe is taken to use it.
     */
    @SuppressWarnings("deprecation") // ThrowableProxy: what these layouts still use
    static boolean usesThrowableProxy(final Layout<? extends Serializable> layout) {
        if (layout instanceof JsonLayout || layout instanceof XmlLayout || layout instanceof YamlLayout) {
            return true;
        }
        if (!(layout instanceof PatternLayout)) {
            return false;
        }
        final boolean[] asked = new boolean[1];
        final Throwable thrown = new IllegalStateException("probe");
        final SimpleMessage message = new SimpleMessage("probe");
        final SortedArrayStringMap noContext = new SortedArrayStringMap();
        noContext.freeze();
        // Not a MutableLogEvent: a layout copies one field by field, without asking for the proxy.
        final LogEvent probe = new AbstractLogEvent() {
            private static final long serialVersionUID = 1L;

            @Override
            public ThrowableProxy getThrownProxy() {
                asked[0] = true;
                return new ThrowableProxy(thrown);
            }

            @Override
            public Throwable getThrown() {
                return thrown;
            }

            @Override
            public Level getLevel() {
                return Level.ERROR;
            }

            @Override
            public String getLoggerName() {
                return "probe";
            }

            @Override
            public String getLoggerFqcn() {
                return Log4jRecord.class.getName();
            }

            @Override
            public String getThreadName() {
                return "probe";
            }

            @Override
            public Message getMessage() {
                return message;
            }

            @Override
            public ReadOnlyStringMap getContextData() {
                return noContext;
            }

            @Override
            public ThreadContext.ContextStack getContextStack() {
                return ThreadContext.EMPTY_STACK;
            }
        };
        try {
            layout.toByteArray(probe);
        } catch (final RuntimeException | LinkageError e) {
            return true;
        }
        return asked[0];
    }

    /**
     * Captures the event into {@code out}, the location only if {@code location}; user code (the
     * message's formatting) runs here.
     */
    static void capture(final LogEvent event, final boolean location, final RecordWriter out) {
        out.putName(event.getLevel().name());
        out.putName(event.getLoggerName());
        out.putName(event.getLoggerFqcn());
        out.putName(event.getThreadName());
        out.putLong(event.getThreadId());
        out.putLong(event.getThreadPriority());
        final Marker marker = event.getMarker();
        out.putString(marker == null ? null : marker.getName());
        final Object[] arguments = Log4jArguments.deferred(event.getMessage());
        if (arguments == null) {
            putMessage(event.getMessage(), out);
        } else {
            out.putString(((ParameterizedMessage) event.getMessage()).getFormat());
        }
        out.beginMap();
        event.getContextData().forEach(PUT_PAIR, out);
        out.endMap();
        final ThreadContext.ContextStack stack = event.getContextStack();
        if (stack == null || stack.getDepth() == 0) {
            out.putNull();
        } else {
            out.beginMap();
            final List<String> items = stack.asList();
            for (int i = 0; i < items.size(); i++) {
                out.putPair(Integer.toString(i), items.get(i));
            }
            out.endMap();
        }
        out.putLong(event.getNanoTime());
        out.putLong(event.isEndOfBatch() ? 1 : 0);
        final StackTraceElement source = location ? event.getSource() : null;
        if (source == null) {
            out.putNull();
            out.putNull();
            out.putNull();
        } else {
            out.putString(source.getClassName());
            out.putString(source.getMethodName());
            out.putString(source.getFileName());
        }
        out.putLong(source == null ? Long.MIN_VALUE : source.getLineNumber());
        if (arguments == null) {
            out.putNull();
        } else {
            MessageArguments.capture(arguments, arguments.length, out);
        }
    }

    /** The message's text: the record's, or formatted from its template and arguments. */
    static void message(final RecordView view, final TextOutput out) {
        if (view.isNull(ARGUMENTS)) {
            final int length = view.length(MESSAGE);
            if (length > 0) {
                out.write(view.buffer(), view.offset(MESSAGE), length);
            }
        } else {
            Log4jArguments.format(view, MESSAGE, ARGUMENTS, out);
        }
    }

    private static final int TEXT_DEPTH = 4;
    private static final int TEXT_RETAINED = 64 * 1024;
    private static final ThreadScratch<StringBuilder> TEXT = new ThreadScratch<>(TEXT_DEPTH, () -> new StringBuilder(256));

    /**
     * Writes the formatted message without making a String: into a reusable builder of the
     * calling thread, one per nesting level, so a message argument that logs cannot overwrite it.
     */
    private static void putMessage(final Message message, final RecordWriter out) {
        if (!(message instanceof StringBuilderFormattable)) {
            out.putString(message.getFormattedMessage());
            return;
        }
        final StringBuilder text = TEXT.acquire();
        try {
            text.setLength(0);
            ((StringBuilderFormattable) message).formatTo(text);
            out.putString(text);
        } finally {
            if (text.capacity() > TEXT_RETAINED) {
                text.setLength(0);
                text.trimToSize(); // a huge message does not stay with the thread
            }
            TEXT.release(text);
        }
    }

    /**
     * Rebuilds events from records and runs the layout; used by one preproc thread at a time (its
     * log object's), through the object's {@link RendererSwitch}.
     * Garbage-free once warm: names, keys and repeated context values come from the switch's string
     * caches, and the message text is decoded into a reused builder.
     */
    static final class Renderer implements RendererSwitch.Renderer {
        private final Layout<? extends Serializable> layout;
        private RecordView view;
        private final MutableLogEvent event = new MutableLogEvent();
        /** {@link #event} with the ThrowableProxy the caller made, for the layouts that use one. */
        private final WithProxy withProxy = new WithProxy();
        private final ReusableSimpleMessage message = new ReusableSimpleMessage();
        private final StringBuilder messageText = new StringBuilder(256);
        /** A message formatted from its template and arguments, before it is decoded into {@link #messageText}. */
        private final TextOutput formatted = new TextOutput(256);
        private final SortedArrayStringMap context = new SortedArrayStringMap();
        private StringCache names;
        private StringCache values;
        private final EncodedEvent encoded = new EncodedEvent();
        /** The layout as byte renderers, when it can be compiled ({@link CompiledPattern}); else null. */
        private final CompiledPattern compiled;

        /** JsonTemplateLayout's ECS document as byte renderers, when the layout writes it ({@link CompiledEcs}); else null. */
        private final CompiledEcs ecs;

        Renderer(final Layout<? extends Serializable> layout) {
            this.layout = layout;
            this.compiled = layout instanceof PatternLayout ? CompiledPattern.compile((PatternLayout) layout) : null;
            this.ecs = layout instanceof PatternLayout ? null : CompiledEcs.compile(layout);
        }

        /** Whether this renderer writes ECS documents straight from record bytes (for tests). */
        boolean compiledEcs() {
            return ecs != null;
        }

        @Override
        @SuppressWarnings("deprecation") // ThrowableProxy, made on the caller for the layouts that use it
        public void render(final RecordView record, final StringCache names, final StringCache values,
                           final long timestampNanos, final Object attachment, final TextOutput out) {
            if (record == null) { // a memento of the whole event, kept beside an empty record
                encoded.reset();
                layout.encode((LogEvent) attachment, encoded);
                out.write(encoded.array(), 0, encoded.length());
                return;
            }
            final Throwable thrown = attachment instanceof ThrowableProxy ? ((ThrowableProxy) attachment).getThrowable()
                : attachment instanceof Throwable ? (Throwable) attachment : null;
            if (compiled != null && thrown == null) {
                compiled.render(record, timestampNanos, out);
                return;
            }
            if (ecs != null && thrown == null && ecs.render(record, timestampNanos, out)) {
                return;
            }
            view = record;
            this.names = names;
            this.values = values;
            // A layout that takes a memento of the event (JsonLayout) makes the event keep that
            // memento's message: without a clear, the next event would show it.
            event.clear();
            final String levelName = view.getString(LEVEL, names);
            final Level level = Level.getLevel(levelName);
            event.setLevel(level != null ? level : Level.toLevel(levelName));
            event.setLoggerName(view.getString(LOGGER, names));
            event.setLoggerFqcn(view.getString(LOGGER_FQCN, names));
            event.setThreadName(view.getString(THREAD, names));
            event.setThreadId(view.getLong(THREAD_ID));
            event.setThreadPriority((int) view.getLong(THREAD_PRIORITY));
            final String marker = view.getString(MARKER, names);
            event.setMarker(marker == null ? null : MarkerManager.getMarker(marker));
            if (messageText.capacity() > TEXT_RETAINED) {
                messageText.setLength(0);
                messageText.trimToSize();
            }
            messageText.setLength(0);
            if (view.isNull(ARGUMENTS)) {
                view.appendTo(MESSAGE, messageText);
            } else {
                formatted.reset();
                Log4jArguments.format(view, MESSAGE, ARGUMENTS, formatted);
                Utf8.decode(formatted.asByteBuffer(), 0, formatted.length(), messageText);
            }
            message.set(messageText);
            event.setMessage(message);
            readContext();
            event.setContextData(context);
            if (view.isNull(STACK)) {
                event.setContextStack(ThreadContext.EMPTY_STACK);
            } else {
                event.setContextStack(readStack());
            }
            event.setNanoTime(view.getLong(NANO_TIME));
            event.setEndOfBatch(view.getLong(END_OF_BATCH) == 1);
            final String cls = view.getString(SOURCE_CLASS, names);
            event.setSource(cls == null ? null
                : new StackTraceElement(cls, view.getString(SOURCE_METHOD, names),
                    view.getString(SOURCE_FILE, names), (int) view.getLong(SOURCE_LINE)));
            event.setIncludeLocation(cls != null);
            final Instant instant = event.getInstant();
            ((MutableInstant) instant).initFromEpochSecond(Math.floorDiv(timestampNanos, 1_000_000_000L),
                (int) Math.floorMod(timestampNanos, 1_000_000_000L));
            encoded.reset();
            if (attachment instanceof ThrowableProxy) {
                // The proxy made on the caller (see usesThrowableProxy).
                event.setThrown(thrown);
                withProxy.set(event, (ThrowableProxy) attachment);
                try {
                    layout.encode(withProxy, encoded);
                } finally {
                    withProxy.set(null, null);
                }
            } else {
                // The throwable is laid out here, on the preproc thread, as async loggers lay it
                // out on theirs (PatternLayout's %xEx included, see the README).
                event.setThrown(thrown);
                layout.encode(event, encoded);
            }
            out.write(encoded.array(), 0, encoded.length());
        }

        private void readContext() {
            context.clear();
            for (final PairCursor c = view.pairs(CONTEXT); c.next(); ) {
                context.putValue(c.key(names), c.value(values));
            }
        }

        private ThreadContext.ContextStack readStack() {
            final PairCursor c = view.pairs(STACK);
            final List<String> items = new ArrayList<>(c.count());
            while (c.next()) {
                items.add(c.value(values));
            }
            return new MutableThreadContextStack(items);
        }
    }
}
