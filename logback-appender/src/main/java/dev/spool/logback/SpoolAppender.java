package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.DefaultClass;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import dev.spool.engine.adapter.AdapterSettings;
import dev.spool.engine.adapter.CallerRendering;
import dev.spool.engine.adapter.LogObjectElement;
import dev.spool.engine.adapter.RendererSwitch;
import dev.spool.engine.adapter.SharedLogObjects;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.ThreadScratch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Logback's {@code FileAppender} and {@code RollingFileAppender}, and an {@code AsyncAppender} in
 * front of either, replaced by one appender that writes through the Spool engine. Change only the
 * {@code class} attribute; it takes the same properties ({@code file}, {@code append},
 * {@code encoder} or {@code layout}, {@code rollingPolicy}, {@code triggeringPolicy}, filters).
 * {@code immediateFlush} (true by default, as on FileAppender) writes each event to the operating
 * system within about a millisecond; {@code false} lets events wait up to {@code maxDelay} and
 * share fewer, larger writes. {@code prudent} lets several JVMs append to one file: each buffer
 * is written under the file's lock. {@code bufferSize} is accepted with a status warning that says
 * what Spool does instead. Spool's own properties: {@code spoolBufferSize},
 * {@code spoolBufferCount}, {@code maxDelay}, {@code whenFull} ({@code block}, the default, or
 * {@code drop}; never by level), {@code mode} ({@code text} or {@code binary}), and
 * {@code logObject} elements for more files with the same events.
 *
 * <p>With a pattern encoder of Logback's own converters, an event is captured as a record on the
 * caller's thread and encoded on the engine's preproc thread by the same encoder (see
 * {@link LogbackRecord}), throwables included. Unregistered markers and other encoders take the
 * caller-side path: the encoder runs on the caller's thread and the engine writes its bytes. In
 * binary mode the log object keeps the event's fields ({@link LogObjectConfig#EVENT_FORMAT}) for
 * spool-cat, and the encoder is not used.
 *
 * <p>It extends {@code RollingFileAppender} so that Logback's rolling policies, which want a file
 * appender as their parent, start as they do under the stock appender; none of the stock
 * appender's writing is used.
 */
public class SpoolAppender extends RollingFileAppender<ILoggingEvent> {
    private String spoolBufferSize;
    private String spoolBufferCount;
    private String maxDelay;
    private String waitWarning;
    private String whenFull;
    private String mode;
    private final List<LogObjectElement> logObjects = new ArrayList<>();
    private Boolean immediateFlushSet;
    private FileSize bufferSizeSet;
    private boolean prudentSet;
    private volatile boolean notStartedReported;

    /**
     * The log object; kept after stop, so that an event already inside {@link #append} while the
     * appender stops still reaches it (the object stays open a while for such stragglers).
     */
    private volatile LogObject object;
    private volatile LogObject[] extras = new LogObject[0];
    private LogbackRecord.Analysis analysis = LogbackRecord.NONE;
    /** AsyncAppender's setting: take caller data on the caller for encoders Spool cannot inspect. */
    private boolean includeCallerData;
    private String renderOnCaller;
    /** Whether events kept whole take their caller data on the caller (set by start). */
    private boolean callerDataForEvents;
    /** Why events are encoded on the caller when there is no switch (set by start). */
    private String callerReason;
    /** Binary mode: the log object keeps the event's fields (an engine format), and the encoder is not used. */
    private boolean eventFields;
    private final CallerRendering callerRendering = new CallerRendering();
    /**
     * The encoders of the log object's records while this appender encodes its events on the
     * preproc thread (set by start), else null.
     */
    private volatile RendererSwitch<LogbackRecord.Renderer> encoders;
    /** Whether this appender's renderer is a compiled pattern. */
    private volatile boolean compiled;
    /** Whether this appender's renderer writes LogstashEncoder's documents itself. */
    private volatile boolean compiledJson;
    /** This appender's number in {@link #encoders}, carried by its records. */
    private volatile int encoderId;

    public void setSpoolBufferSize(final String spoolBufferSize) {
        this.spoolBufferSize = spoolBufferSize;
    }

    public void setSpoolBufferCount(final String spoolBufferCount) {
        this.spoolBufferCount = spoolBufferCount;
    }

    public void setMaxDelay(final String maxDelay) {
        this.maxDelay = maxDelay;
    }

    /** Under whenFull=block, the first caller that waits longer than this for a buffer is said ({@code 1s}). */
    public void setWaitWarning(final String waitWarning) {
        this.waitWarning = waitWarning;
    }

    public void setWhenFull(final String whenFull) {
        this.whenFull = whenFull;
    }

    /**
     * As AsyncAppender's {@code includeCallerData}: events kept whole for an encoder that is not a
     * pattern of Logback's own converters take their caller data on the caller's thread (costly).
     * A pattern encoder that shows caller data takes it whatever this says.
     */
    public void setIncludeCallerData(final boolean includeCallerData) {
        this.includeCallerData = includeCallerData;
    }

    public void setMode(final String mode) {
        this.mode = mode;
    }

    /**
     * {@code true}: the encoder runs on the caller's thread, as a plain FileAppender runs it, and
     * only the write is left to the engine. For an encoder that must see the caller's thread (a
     * converter of the application's that reads a ThreadLocal, say); every event is counted in
     * EventsRenderedOnCaller. {@code true} or {@code false}; anything else is an error.
     */
    public void setRenderOnCaller(final String renderOnCaller) {
        this.renderOnCaller = renderOnCaller;
    }

    /**
     * A {@code <logObject>}: one more file with the same events in an engine format, or, with a
     * {@code class} attribute, another kind of log object (spool-kafka's
     * {@code dev.spool.kafka.LogbackKafkaLogObject}).
     */
    @DefaultClass(SpoolLogObject.class)
    public void addLogObject(final LogObjectElement logObject) {
        logObjects.add(logObject);
    }

    @Override
    public void setImmediateFlush(final boolean immediateFlush) {
        immediateFlushSet = immediateFlush;
    }

    @Override
    public void setBufferSize(final FileSize bufferSize) {
        bufferSizeSet = bufferSize;
    }

    /**
     * The console stream this appender writes ({@code /dev/stdout} or {@code /dev/stderr}), or
     * {@code null} for a file; {@link SpoolConsoleAppender} says which.
     */
    Path consoleTarget() {
        return null;
    }

    /**
     * Whether Joran reported, while it configured this appender, that a {@code <rollingPolicy>} or
     * {@code <triggeringPolicy>} could not be created (an unknown class): the errors since it named
     * this appender.
     */
    private boolean policyNotCreated() {
        if (getContext() == null) {
            return false;
        }
        final List<Status> statuses = getContext().getStatusManager().getCopyOfStatusList();
        for (int i = statuses.size() - 1; i >= 0; i--) {
            final String message = String.valueOf(statuses.get(i).getMessage());
            if (message.equals("Naming appender as [" + getName() + "]")) {
                return false;
            }
            if (statuses.get(i).getLevel() == Status.ERROR
                && (message.startsWith("Could not create component [rollingPolicy]")
                || message.startsWith("Could not create component [triggeringPolicy]"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file being written, as tools ask it (Spring Boot's log file endpoint): the rolling
     * policy's active file, or {@code <file>} when there is no rolling policy (where
     * {@code RollingFileAppender} would throw).
     */
    @Override
    public String getFile() {
        return getRollingPolicy() == null ? rawFileProperty() : super.getFile();
    }

    @Override
    public void setPrudent(final boolean prudent) {
        prudentSet = prudent;
    }

    /**
     * Whether several JVMs may append to the file: each buffer is then written under the file's
     * lock ({@code LogObjectConfig.lockEachWrite}), as FileAppender writes each event.
     */
    @Override
    public boolean isPrudent() {
        return prudentSet;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        final Encoder<ILoggingEvent> encoder = getEncoder();
        final LogObjectConfig config;
        final List<LogObjectConfig> extraConfigs = new ArrayList<>();
        try {
            if (encoder == null) {
                throw new IllegalArgumentException("encoder is missing (an <encoder> or a <layout>)");
            }
            final Path console = consoleTarget();
            final String file = console != null ? console.toString() : rawFileProperty();
            final RollingConfig.Builder rolling = console != null ? null
                : LogbackRolling.map(getRollingPolicy(), getTriggeringPolicy());
            if (rolling == null && file != null && policyNotCreated()) {
                addWarn(where() + "its rolling or triggering policy could not be created (see the error above), so "
                    + file + " is written without rolling (a stock RollingFileAppender would not start)");
            }
            // As RollingFileAppender: in prudent mode a rolling file is named by its pattern, so that
            // no process renames a file others still write.
            final boolean named = console == null
                && (file == null || file.isBlank() || (prudentSet && rolling != null));
            if (prudentSet && rolling != null && file != null && !file.isBlank()) {
                addWarn(where() + "prudent mode: <file> is left out, the file being written is named by the pattern"
                    + " (as RollingFileAppender does)");
            }
            if (named && (rolling == null || !(getRollingPolicy() instanceof TimeBasedRollingPolicy))) {
                throw new IllegalArgumentException("file is missing (without <file>, only a time based rolling policy"
                    + " can name the file being written)");
            }
            warnIgnored("bufferSize", bufferSizeSet, "the engine's buffers are set with spoolBufferSize");
            if (named && !isAppend()) {
                addWarn(where() + "append=false is accepted and ignored without <file>: the file named by the pattern"
                    + " is appended to");
            }
            // Without <file>, the pattern names the file being written too; the pattern is then the
            // log object's identity.
            final String identity = named ? ((TimeBasedRollingPolicy<?>) getRollingPolicy()).getFileNamePattern() : file;
            final LogObjectConfig.Builder b = AdapterSettings.apply(
                LogObjectConfig.builder(getName()).file(Path.of(identity.trim())),
                mode, whenFull, maxDelay, spoolBufferSize, spoolBufferCount, waitWarning,
                message -> addError(where() + message))
                // true unless set to false, as on the stock FileAppender
                .immediateFlush(immediateFlushSet == null || immediateFlushSet)
                .createFileAtStart(true) // FileAppender opens its file when it starts
                .lockEachWrite(prudentSet && console == null); // prudent: each write under the file's lock
            if (console != null) {
                warnIgnored("mode", mode, "the console gets text");
                b.mode(LogMode.CONSOLE);
                if (whenFull == null) {
                    // A stalled reader of the console must not stop the application: drop (counted)
                    // unless whenFull=block is asked for.
                    b.whenFull(WhenFull.DROP);
                }
            }
            if (rolling != null) {
                // As RollingFileAppender: each file starts with the encoder's header and ends with
                // its footer, written by the engine as it opens, rolls and closes files.
                if ((encoder.headerBytes() != null || encoder.footerBytes() != null)
                    && !"binary".equalsIgnoreCase(mode)) {
                    rolling.headerAndFooter(encoder::headerBytes, encoder::footerBytes).headerAlways(true);
                }
                b.rolling(rolling.activeFromPattern(named));
            }
            analysis = LogbackRecord.analyse(encoder,
                getContext() instanceof LoggerContext ? (LoggerContext) getContext() : null);
            callerDataForEvents = analysis.callerData || includeCallerData;
            callerReason = null;
            final LogObjectConfig built = b.build();
            // A binary log keeps the event's fields, rendered later by spool-cat; the encoder is not used.
            eventFields = built.mode() == LogMode.BINARY;
            config = eventFields ? built.withFormat(LogObjectConfig.EVENT_FORMAT) : built;
            if (eventFields) {
                warnIgnored("renderOnCaller", renderOnCaller, "a binary log keeps the event's fields");
            } else if (AdapterSettings.parseBoolean("renderOnCaller", renderOnCaller, false,
                message -> addError(where() + message))) {
                callerReason = REASON_ASKED;
            } else if (!(getContext() instanceof LoggerContext)) {
                callerReason = "the appender's context is not a LoggerContext";
            }
            for (final LogObjectElement o : logObjects) {
                try {
                    extraConfigs.add(o.config(message -> addError(where() + "logObject \"" + o.getName() + "\": "
                        + message)));
                } catch (final IllegalArgumentException e) {
                    addError(where() + "logObject \"" + o.getName() + "\": " + e.getMessage() + "; it is left out");
                }
            }
        } catch (final IllegalArgumentException e) {
            addError(where() + e.getMessage() + "; the appender is not started");
            return;
        }
        final SharedLogObjects.Acquired<LogbackRecord.Renderer> acquired;
        try {
            acquired = LogbackEngines.acquire(getContext(), getName(), config,
                callerReason == null && !eventFields ? new RendererSwitch<>("Logback", LogbackRecord.SLOTS) : null,
                !isAppend() && !config.rolling().activeFromPattern() && config.mode() != LogMode.CONSOLE,
                message -> addWarn(where() + message));
        } catch (final IllegalArgumentException e) {
            addError(where() + e.getMessage() + "; the appender is not started");
            return;
        }
        final List<LogObject> more = new ArrayList<>();
        for (final LogObjectConfig c : extraConfigs) {
            try {
                more.add(LogbackEngines.acquire(getContext(), getName(), c, message -> addWarn(where() + message)));
            } catch (final IllegalArgumentException e) {
                addError(where() + "logObject \"" + c.name() + "\": " + e.getMessage() + "; it is left out");
            }
        }
        extras = more.toArray(new LogObject[0]);
        // On a takeover the object is the earlier appender's: its switch gets this encoder too. An
        // object opened without one makes this appender encode on the caller's thread as well.
        encoders = null;
        if (callerReason == null && !eventFields && acquired.renderers() != null) {
            final LogbackRecord.Renderer renderer = new LogbackRecord.Renderer(encoder, (LoggerContext) getContext());
            compiled = renderer.compiled();
            compiledJson = renderer.compiledJson();
            encoderId = acquired.renderers().register(renderer);
            encoders = acquired.renderers();
        } else if (callerReason == null && !eventFields) {
            callerReason = REASON_TAKEOVER;
        }
        object = acquired.object();
        if (!eventFields && !framedByEngine(object)) {
            writeHeaderOrFooter(object, encoder.headerBytes());
        }
        started = true;
    }

    private String where() {
        return "Spool appender \"" + getName() + "\": ";
    }

    private void warnIgnored(final String property, final Object value, final String instead) {
        if (value != null) {
            addWarn(where() + property + "=" + value + " is accepted and ignored: " + instead);
        }
    }

    /** Whether the engine writes the encoder's header and footer into each file of a rolling object. */
    private static boolean framedByEngine(final LogObject o) {
        return o.config().rolling().header() != null || o.config().rolling().footer() != null;
    }

    private static void writeHeaderOrFooter(final LogObject o, final byte[] bytes) {
        if (bytes != null && bytes.length > 0) {
            o.accessRendered(System.currentTimeMillis() * 1_000_000L, bytes, 0, bytes.length);
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        started = false;
        final LogObject o = object;
        final LogObject[] more = extras;
        if (o != null) {
            final Encoder<ILoggingEvent> encoder = getEncoder();
            if (encoder != null && !eventFields && !framedByEngine(o)) {
                writeHeaderOrFooter(o, encoder.footerBytes());
            }
            final RendererSwitch<LogbackRecord.Renderer> e = encoders;
            if (e != null) {
                e.retire(encoderId);
            }
            LogbackEngines.release(getContext(), o);
        }
        for (final LogObject x : more) {
            LogbackEngines.release(getContext(), x);
        }
        if (getRollingPolicy() != null) {
            getRollingPolicy().stop();
        }
        if (getTriggeringPolicy() != null && getTriggeringPolicy() != getRollingPolicy()) {
            getTriggeringPolicy().stop();
        }
    }

    /** Rolls happen in the engine, by the policy's rules; a manual rollover is not supported. */
    @Override
    public void rollover() {
        addWarn(where() + "rollover() is not supported; the engine rolls by the rolling policy");
    }

    /**
     * Filters, then {@link #append}. Replaces the base class's version, which needs state only
     * the stock appender's start sets up; like it, it lets an event logged while an event is
     * being appended through (the engine takes nested events). An event that reaches an appender
     * a reload has just stopped (it was on its way when the reload began) is still written: the
     * log object stays open a while for it. After that it is counted as lost and reported.
     */
    @Override
    public void doAppend(final ILoggingEvent event) {
        if (!started && object == null) {
            if (!notStartedReported) {
                notStartedReported = true;
                addWarn(where() + "an event was logged while the appender is not started; it is not written");
            }
            return;
        }
        if (getFilterChainDecision(event) == FilterReply.DENY) {
            return;
        }
        append(event);
    }

    @Override
    protected void append(final ILoggingEvent event) {
        final LogObject o = object;
        if (o == null) {
            return;
        }
        final LogObject[] more = extras;
        if (more.length > 0 || eventFields) {
            final LogbackEventView view = LogbackEventView.of(event);
            try {
                for (final LogObject x : more) {
                    x.access(view);
                }
                if (eventFields) {
                    o.access(view);
                    return;
                }
            } finally {
                LogbackEventView.release(view);
            }
        }
        if (encoders != null) {
            if (analysis.offThread && LogbackRecord.capturable(event)
                && (!analysis.json || CompiledLogstash.recordable(event))) {
                appendRecord(o, event);
            } else {
                appendEvent(o, event);
            }
            return;
        }
        final String reason = callerReason != null ? callerReason : REASON_STOPPING;
        if (callerRendering.firstTime(reason)) {
            addInfo(CallerRendering.message(getName(), reason));
        }
        try {
            final byte[] bytes = getEncoder().encode(event);
            if (bytes != null && bytes.length > 0) {
                o.accessRenderedOnCaller(nanos(event), bytes, 0, bytes.length);
            }
        } catch (final RuntimeException | StackOverflowError e) {
            o.captureFailed("appender \"" + getName() + "\": the encoder failed on an event", e);
        }
    }

    static final String REASON_ASKED = "renderOnCaller=true is set";
    static final String REASON_TAKEOVER = "the open file was taken over from an appender whose encoder runs on the caller";
    static final String REASON_STOPPING = "the appender was stopping";

    /** Captures the event as a record; the encoder runs later, on the preproc thread. */
    private void appendRecord(final LogObject o, final ILoggingEvent event) {
        final RecordWriter record = ThreadScratch.WRITERS.acquire();
        try {
            LogbackRecord.capture(event, analysis.callerData, record);
            if (analysis.json && record.replacedSurrogate()) {
                appendEvent(o, event); // JSON escapes the surrogate; the record kept '?'
                return;
            }
            o.accessRecord(encoderId, nanos(event), record.array(), 0, record.length(), event.getThrowableProxy());
        } catch (final RuntimeException | StackOverflowError e) {
            o.captureFailed("appender \"" + getName() + "\": capturing an event failed", e);
        } finally {
            ThreadScratch.WRITERS.release(record);
        }
    }

    /**
     * Keeps the event itself beside an empty record, prepared as AsyncAppender prepares the events
     * it queues (message formatted, thread name and MDC taken now), with its caller data taken now
     * when the encoder shows it; the encoder runs on it on the preproc thread.
     */
    private void appendEvent(final LogObject o, final ILoggingEvent event) {
        try {
            event.prepareForDeferredProcessing();
            if (callerDataForEvents) {
                event.getCallerData();
            }
            o.accessRecord(encoderId, nanos(event), NO_RECORD, 0, 0, event);
        } catch (final RuntimeException | StackOverflowError e) {
            o.captureFailed("appender \"" + getName() + "\": capturing an event failed", e);
        }
    }

    private static final byte[] NO_RECORD = new byte[0];

    /** The event's time in nanoseconds since the epoch. */
    static long nanos(final ILoggingEvent event) {
        final Instant i = event.getInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * Where a sockstat writing into this appender puts its JSON lines: into the file as they are
     * (not through the encoder), and into the {@code logObject} children as messages.
     */
    dev.spool.engine.sockstat.SockStatsEmitter.Sink sockStatsSink() {
        return dev.spool.engine.sockstat.SockStatsEmitter.Sink.appender(object, extras);
    }

    /** Whether events are encoded on the preproc thread (from records). */
    public boolean encodesOffThread() {
        return encoders != null;
    }

    /** Whether events travel as records (the encoder runs on events rebuilt from them, or compiled); for tests. */
    boolean encodesFromRecords() {
        return encoders != null && analysis.offThread;
    }

    /** Whether the encoder runs as a {@link CompiledPattern}, straight from record bytes; for tests. */
    boolean encodesFromRecordBytes() {
        return encoders != null && compiled;
    }

    /** Whether LogstashEncoder's documents are written by {@link CompiledLogstash}; for tests. */
    boolean encodesCompiledJson() {
        return encoders != null && compiledJson;
    }

    /** The engine's log object behind this appender; for tests and tools. */
    public LogObject logObject() {
        return object;
    }
}
