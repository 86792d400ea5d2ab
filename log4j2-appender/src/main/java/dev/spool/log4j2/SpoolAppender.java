package dev.spool.log4j2;

import dev.spool.engine.adapter.AdapterSettings;
import dev.spool.engine.adapter.CallerRendering;
import dev.spool.engine.adapter.LogObjectElement;
import dev.spool.engine.adapter.RendererSwitch;
import dev.spool.engine.adapter.SharedLogObjects;
import dev.spool.engine.file.ConsoleLogFile;
import dev.spool.engine.file.FileAttributes;
import dev.spool.engine.file.rolling.FileNamePattern;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.ThreadScratch;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AppenderLoggingException;
import org.apache.logging.log4j.core.appender.rolling.RolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.TriggeringPolicy;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.impl.LocationAware;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code Spool} appender: takes the attributes and elements of Log4j2's {@code File},
 * {@code RandomAccessFile}, {@code RollingFile} and {@code RollingRandomAccessFile} (the
 * {@code fileName}, {@code filePattern}, {@code append}, a Layout, Filters, {@code Policies} and a
 * {@code DefaultRolloverStrategy}) and writes through the Spool engine. Attributes that only make
 * sense for the stock appenders are accepted with a one-time status warning. Spool's own
 * settings: {@code spoolBufferSize}, {@code spoolBufferCount}, {@code maxDelay}, {@code whenFull}
 * ({@code block} or {@code drop}) and {@code mode} ({@code text} or {@code binary}).
 *
 * <p>With a PatternLayout of Log4j2's own converters, an event is captured as a record on the
 * caller's thread and laid out on the engine's preproc thread with the same Layout, rebuilt as a
 * reusable event (see {@link Log4jRecord}). Events a record cannot carry exactly (a multi-format
 * message), patterns with an application's converter and other Layouts travel as a memento of the
 * event, laid out on the preproc thread as well. In binary mode the log object keeps the event's
 * fields ({@link LogObjectConfig#EVENT_FORMAT}) for spool-cat, and the Layout is not used.
 */
@Plugin(name = "Spool", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class SpoolAppender extends AbstractAppender {
    private final LogObjectConfig objectConfig;
    /** The {@code <LogObject>} children: more files that get the same events in engine formats. */
    private final List<LogObjectConfig> extraConfigs;
    private volatile LogObject[] extras = new LogObject[0];
    private final Configuration configuration;
    private final boolean truncate;
    /** Whether the Layout can run on the preproc thread from records. */
    private final boolean offThreadLayout;
    /**
     * The layouts of the log object's records while this appender lays its events out on the
     * preproc thread (set by start), else null.
     */
    private RendererSwitch<Log4jRecord.Renderer> layouts;
    /** This appender's number in {@link #layouts}, carried by its records. */
    private int layoutId;
    /** Why this appender's events are laid out on the caller when {@link #layouts} is null (set by start). */
    private String callerReason;
    private final CallerRendering callerRendering = new CallerRendering();
    /** Whether the layout shows the caller's location, which must be taken on the caller's thread. */
    private final boolean location;
    /** Whether the layout lays throwables out through a ThrowableProxy, made on the caller ({@link Log4jRecord#usesThrowableProxy}). */
    private boolean proxyOnCaller; // set at start, as layoutId; read on every event
    /**
     * Whether events are captured field by field as records: a PatternLayout of Log4j2's own
     * converters (which read nothing else), or another of Log4j2's layouts proven to write the same
     * bytes from records ({@link Log4jRecord#recordsFor}). For other layouts, and events a
     * record cannot carry, a memento of the event travels beside an empty record instead, as
     * Log4j2's own Async appender queues one.
     */
    private final boolean records;
    /** Whether the layout is a PatternLayout, which reads an event's message as text only. */
    private final boolean pattern;
    /** Binary mode: the log object keeps the event's fields (an engine format), and the Layout is not used. */
    private final boolean eventFields;
    private volatile LogObject object;
    /** {@code <SockStats>} children, writing into this appender's log objects. */
    private final List<SockStatsAppender> sockStats = new ArrayList<>();

    private SpoolAppender(final String name, final Filter filter, final Layout<? extends Serializable> layout,
                          final boolean ignoreExceptions, final Property[] properties, final LogObjectConfig objectConfig,
                          final List<LogObjectConfig> extraConfigs, final Configuration configuration,
                          final boolean truncate, final String callerReason) {
        super(name, filter, layout, ignoreExceptions, properties);
        this.objectConfig = objectConfig;
        this.extraConfigs = List.copyOf(extraConfigs);
        this.configuration = configuration;
        this.truncate = truncate;
        this.eventFields = objectConfig.mode() == LogMode.BINARY;
        this.offThreadLayout = callerReason == null && !eventFields;
        this.callerReason = callerReason;
        this.pattern = layout instanceof PatternLayout;
        final int proof = pattern ? Log4jRecord.MEMENTOS : Log4jRecord.recordsFor(layout);
        this.records = pattern ? Log4jRecord.readsOnlyRecords((PatternLayout) layout, configuration)
            : proof != Log4jRecord.MEMENTOS;
        this.location = pattern ? ((PatternLayout) layout).requiresLocation()
            : proof == Log4jRecord.RECORDS_WITH_LOCATION
            || (layout instanceof LocationAware && ((LocationAware) layout).requiresLocation());
    }

    @PluginBuilderFactory
    public static <B extends Builder<B>> B newBuilder() {
        return new Builder<B>().asBuilder();
    }

    @Override
    public void start() {
        // As Log4j2's File appender: a header starts a new file (or one emptied by append="false"),
        // once: the file may not exist yet while an appender this one takes over holds it.
        final boolean newFile = truncate || !Files.exists(objectConfig.file());
        final SharedLogObjects.Acquired<Log4jRecord.Renderer> acquired;
        try {
            acquired = SharedEngines.acquire(configuration, objectConfig,
                offThreadLayout ? new RendererSwitch<>("Log4j2", Log4jRecord.SLOTS) : null, truncate);
        } catch (final LogConfigException e) {
            error("Spool appender \"" + getName() + "\": " + e.getMessage());
            return;
        }
        // On a takeover the log object is the first appender's: its switch gets this Layout too.
        // An object opened without one (its first appender's Layout rendered on the caller) makes
        // this appender render on the caller as well.
        if (offThreadLayout && acquired.renderers() != null) {
            layoutId = acquired.renderers().register(new Log4jRecord.Renderer(getLayout()));
            layouts = acquired.renderers();
            proxyOnCaller = Log4jRecord.usesThrowableProxy(getLayout());
        } else if (offThreadLayout) {
            callerReason = REASON_TAKEOVER;
        }
        object = acquired.object();
        // A rolling file gets its header and footer from the engine, at each file's start and end.
        if (newFile && !eventFields && !framedByEngine(object)
            && SharedEngines.lastUser(configuration, object)) { // not taken over
            writeHeaderOrFooter(object, getLayout().getHeader());
        }
        final List<LogObject> started = new ArrayList<>();
        for (final LogObjectConfig c : extraConfigs) {
            try {
                started.add(SharedEngines.acquire(configuration, c));
            } catch (final LogConfigException e) {
                error("Spool appender \"" + getName() + "\", LogObject \"" + c.name() + "\": " + e.getMessage());
            }
        }
        extras = started.toArray(new LogObject[0]);
        super.start();
        for (final SockStatsAppender s : sockStats) {
            s.startInside(this);
        }
    }

    @Override
    public boolean stop(final long timeout, final TimeUnit timeUnit) {
        setStopping();
        for (final SockStatsAppender s : sockStats) {
            s.stop(timeout, timeUnit); // its last poll goes into the still-open file
        }
        final LogObject o = object;
        object = null;
        final LogObject[] more = extras;
        extras = new LogObject[0];
        if (o != null) {
            // As Log4j2's File appender: the footer ends the file when it is closed, so not when
            // a reconfigured appender takes the file over.
            if (!eventFields && !framedByEngine(o) && SharedEngines.lastUser(configuration, o)) {
                writeHeaderOrFooter(o, getLayout().getFooter());
            }
            if (layouts != null) {
                layouts.retire(layoutId);
            }
            SharedEngines.release(configuration, o);
        }
        for (final LogObject x : more) {
            SharedEngines.release(configuration, x);
        }
        setStopped();
        return true;
    }

    @Override
    public void append(final LogEvent event) {
        final LogObject o = object;
        if (o == null) {
            return;
        }
        if (!ignoreExceptions() && o.stats().isWritesFailing()) {
            // As a stock file appender with ignoreExceptions="false" throws while its file fails,
            // so that a FailoverAppender sends the event to its secondary. Events already taken
            // are kept and retried (see the README's Guarantees).
            throw new AppenderLoggingException("Spool appender \"" + getName() + "\": writing " + o.config().file()
                + " is failing");
        }
        final LogObject[] more = extras;
        if (more.length > 0 || eventFields) {
            final Log4jEventView view = Log4jEventView.of(event);
            try {
                for (final LogObject x : more) {
                    x.access(view);
                }
                if (eventFields) {
                    o.access(view);
                    return;
                }
            } finally {
                Log4jEventView.release(view);
            }
        }
        if (layouts != null) {
            if (records && (pattern ? Log4jRecord.capturable(event) : Log4jRecord.capturableForAnyLayout(event))) {
                appendRecord(o, event);
            } else {
                appendMemento(o, event);
            }
            return;
        }
        final String reason = callerReason;
        if (callerRendering.firstTime(reason)) {
            LOGGER.info(CallerRendering.message(getName(), reason));
        }
        final EncodedEvent encoded = EncodedEvent.acquire();
        try {
            getLayout().encode(event, encoded);
            o.accessRenderedOnCaller(nanos(event), encoded.array(), 0, encoded.length());
        } catch (final RuntimeException | StackOverflowError e) {
            o.captureFailed("appender \"" + getName() + "\": the layout failed on an event", e);
        } finally {
            EncodedEvent.release(encoded);
        }
    }

    static final String REASON_ASKED = "renderOnCaller=\"true\" is set";
    static final String REASON_TAKEOVER = "the open file was taken over from an appender whose layout runs on the caller";

    /** Captures the event as a record; the Layout runs later, on the preproc thread. */
    @SuppressWarnings("deprecation") // ThrowableProxy: JsonLayout and its kin still lay throwables out with it
    private void appendRecord(final LogObject o, final LogEvent event) {
        final RecordWriter record = ThreadScratch.WRITERS.acquire();
        try {
            Log4jRecord.capture(event, location, record);
            final Throwable thrown = event.getThrown();
            o.accessRecord(layoutId, nanos(event), record.array(), 0, record.length(),
                thrown != null && proxyOnCaller ? event.getThrownProxy() : thrown);
        } catch (final RuntimeException | StackOverflowError e) {
            o.captureFailed("appender \"" + getName() + "\": capturing an event failed", e);
        } finally {
            ThreadScratch.WRITERS.release(record);
        }
    }

    /**
     * Keeps an immutable copy of the event (message, context, throwable, location if the layout
     * shows it) beside an empty record; the layout runs on it on the preproc thread.
     */
    @SuppressWarnings("deprecation") // ThrowableProxy, as in appendRecord
    private void appendMemento(final LogObject o, final LogEvent event) {
        try {
            if (proxyOnCaller && event.getThrown() != null) {
                // Made here: a memento copies the proxy an event has, and does not make one.
                event.getThrownProxy();
            }
            o.accessRecord(layoutId, nanos(event), NO_RECORD, 0, 0, Log4jLogEvent.createMemento(event, location));
        } catch (final RuntimeException | StackOverflowError e) {
            o.captureFailed("appender \"" + getName() + "\": capturing an event failed", e);
        }
    }

    private static final byte[] NO_RECORD = new byte[0];

    /** Whether the engine writes the layout's header and footer into each file of the (rolling) object. */
    private static boolean framedByEngine(final LogObject o) {
        return o.config().rolling().header() != null || o.config().rolling().footer() != null;
    }

    private static void writeHeaderOrFooter(final LogObject o, final byte[] bytes) {
        if (bytes != null && bytes.length > 0) {
            o.accessRendered(System.currentTimeMillis() * 1_000_000L, bytes, 0, bytes.length);
        }
    }

    /** The event's time in nanoseconds since the epoch. */
    static long nanos(final LogEvent event) {
        return event.getInstant().getEpochSecond() * 1_000_000_000L + event.getInstant().getNanoOfSecond();
    }

    /**
     * Where a {@code <SockStats>} writing into this appender puts its JSON lines: into the file as
     * they are (not through the Layout), and into the {@code LogObject} children as messages.
     */
    dev.spool.engine.sockstat.SockStatsEmitter.Sink sockStatsSink() {
        return dev.spool.engine.sockstat.SockStatsEmitter.Sink.appender(object, extras);
    }

    /** The engine's log object behind this appender; for tests and tools. */
    public LogObject logObject() {
        return object;
    }

    /**
     * Builder of the {@code Spool} appender. Every attribute has a public setter (Log4j2's
     * annotation processor requires it since 2.25).
     */
    public static class Builder<B extends Builder<B>> extends AbstractAppender.Builder<B>
        implements org.apache.logging.log4j.core.util.Builder<SpoolAppender> {

        @PluginBuilderAttribute
        private String fileName;
        @PluginBuilderAttribute
        private String filePattern;
        @PluginBuilderAttribute
        private boolean append = true;
        @PluginBuilderAttribute
        private String immediateFlush;
        @PluginBuilderAttribute
        private String bufferedIo;
        @PluginBuilderAttribute
        private String bufferSize;
        @PluginBuilderAttribute
        private String locking;
        @PluginBuilderAttribute
        private String createOnDemand;
        @PluginBuilderAttribute
        private String advertise;
        @PluginBuilderAttribute
        private String target;
        @PluginBuilderAttribute
        private String follow;
        @PluginBuilderAttribute
        private String direct;
        @PluginBuilderAttribute
        private String filePermissions;
        @PluginBuilderAttribute
        private String fileOwner;
        @PluginBuilderAttribute
        private String fileGroup;
        @PluginBuilderAttribute
        private String spoolBufferSize;
        @PluginBuilderAttribute
        private String spoolBufferCount;
        @PluginBuilderAttribute
        private String maxDelay;
        @PluginBuilderAttribute
        private String waitWarning;
        @PluginBuilderAttribute
        private String whenFull;
        @PluginBuilderAttribute
        private String mode;
        @PluginBuilderAttribute
        private String renderOnCaller;
        @PluginElement("Policy")
        private TriggeringPolicy policy;
        @PluginElement("Strategy")
        private RolloverStrategy strategy;
        @PluginElement("LogObject")
        private LogObjectElement[] logObjects;
        @PluginElement("SockStats")
        private SockStatsAppender[] sockStats;

        public B setFileName(final String fileName) {
            this.fileName = fileName;
            return asBuilder();
        }

        public B setFilePattern(final String filePattern) {
            this.filePattern = filePattern;
            return asBuilder();
        }

        public B setAppend(final boolean append) {
            this.append = append;
            return asBuilder();
        }

        public B setImmediateFlush(final String immediateFlush) {
            this.immediateFlush = immediateFlush;
            return asBuilder();
        }

        public B setBufferedIo(final String bufferedIo) {
            this.bufferedIo = bufferedIo;
            return asBuilder();
        }

        public B setBufferSize(final String bufferSize) {
            this.bufferSize = bufferSize;
            return asBuilder();
        }

        public B setLocking(final String locking) {
            this.locking = locking;
            return asBuilder();
        }

        public B setCreateOnDemand(final String createOnDemand) {
            this.createOnDemand = createOnDemand;
            return asBuilder();
        }

        public B setAdvertise(final String advertise) {
            this.advertise = advertise;
            return asBuilder();
        }

        public B setTarget(final String target) {
            this.target = target;
            return asBuilder();
        }

        public B setFollow(final String follow) {
            this.follow = follow;
            return asBuilder();
        }

        public B setDirect(final String direct) {
            this.direct = direct;
            return asBuilder();
        }

        public B setFilePermissions(final String filePermissions) {
            this.filePermissions = filePermissions;
            return asBuilder();
        }

        public B setFileOwner(final String fileOwner) {
            this.fileOwner = fileOwner;
            return asBuilder();
        }

        public B setFileGroup(final String fileGroup) {
            this.fileGroup = fileGroup;
            return asBuilder();
        }

        public B setSpoolBufferSize(final String spoolBufferSize) {
            this.spoolBufferSize = spoolBufferSize;
            return asBuilder();
        }

        public B setSpoolBufferCount(final String spoolBufferCount) {
            this.spoolBufferCount = spoolBufferCount;
            return asBuilder();
        }

        public B setMaxDelay(final String maxDelay) {
            this.maxDelay = maxDelay;
            return asBuilder();
        }

        public B setWaitWarning(final String waitWarning) {
            this.waitWarning = waitWarning;
            return asBuilder();
        }

        public B setWhenFull(final String whenFull) {
            this.whenFull = whenFull;
            return asBuilder();
        }

        public B setMode(final String mode) {
            this.mode = mode;
            return asBuilder();
        }

        public B setRenderOnCaller(final String renderOnCaller) {
            this.renderOnCaller = renderOnCaller;
            return asBuilder();
        }

        public B setPolicy(final TriggeringPolicy policy) {
            this.policy = policy;
            return asBuilder();
        }

        public B setStrategy(final RolloverStrategy strategy) {
            this.strategy = strategy;
            return asBuilder();
        }

        public B setSockStats(final SockStatsAppender... sockStats) {
            this.sockStats = sockStats;
            return asBuilder();
        }

        /** {@code LogObject} elements, and others that give a log object (spool-kafka's {@code KafkaLogObject}). */
        public B setLogObjects(final LogObjectElement... logObjects) {
            this.logObjects = logObjects;
            return asBuilder();
        }

        @Override
        public SpoolAppender build() {
            final String name = getName();
            try {
                // Without fileName, the pattern names the file being written (Log4j2's direct write)
                // and is the log object's identity.
                final Path console = consoleTarget(name);
                final boolean named = console == null && (fileName == null || fileName.isBlank());
                if (named && (filePattern == null || filePattern.isBlank())) {
                    throw new IllegalArgumentException("fileName is missing (or target, for the console)");
                }
                warnIgnored(name, "bufferedIO", bufferedIo, "the engine always buffers, in spoolBufferSize buffers");
                warnIgnored(name, "bufferSize", bufferSize, "the engine's buffers are set with spoolBufferSize");
                warnIgnored(name, "locking", locking, "one flush thread writes the file; no lock is needed");
                warnIgnored(name, "advertise", advertise, "advertising is not supported");
                final Consumer<String> error = message -> LOGGER.error("Spool appender \"{}\": {}", name, message);
                final Consumer<String> warn = message -> LOGGER.warn("Spool appender \"{}\": {}", name, message);
                final String pattern = filePattern == null || console != null ? null
                    : Log4j2Rolling.resolveLookups(filePattern,
                        getConfiguration() == null ? null : getConfiguration().getStrSubstitutor(), warn);
                final RollingConfig.Builder rolling = pattern == null ? null
                    : Log4j2Rolling.map(pattern, policy, strategy, named ? null : fileName, warn);
                // Without fileName and without rolling Spool can do, the file is the pattern's first name.
                final String file = console != null ? console.toString() : !named ? fileName : rolling != null ? pattern
                    : FileNamePattern.parse(pattern).formatPlain(Instant.now(), 1);
                final LogObjectConfig.Builder object = AdapterSettings.apply(
                    LogObjectConfig.builder(name).file(Path.of(file)),
                    mode, whenFull, maxDelay, spoolBufferSize, spoolBufferCount, waitWarning, error)
                    // true unless set to false, as on the stock File and RandomAccessFile appenders
                    .immediateFlush(AdapterSettings.parseBoolean("immediateFlush", immediateFlush, true, error))
                    // created at start, as by the stock appenders, unless createOnDemand="true"
                    .createFileAtStart(!AdapterSettings.parseBoolean("createOnDemand", createOnDemand, false, error))
                    .fileAttributes(fileAttributes(error));
                if (console != null) {
                    warnIgnored(name, "mode", mode, "target writes text to the console");
                    object.mode(LogMode.CONSOLE);
                    if (whenFull == null) {
                        // A stalled reader of the console must not stop the application: drop
                        // (counted) unless whenFull="block" is asked for.
                        object.whenFull(WhenFull.DROP);
                    }
                }
                final Layout<? extends Serializable> layout = getLayout() != null ? getLayout()
                    : PatternLayout.newBuilder().setPattern(PatternLayout.DEFAULT_CONVERSION_PATTERN)
                        .setConfiguration(getConfiguration()).build();
                if (rolling != null) {
                    // As Log4j2's rolling appenders: each file starts with the layout's header and ends
                    // with its footer, written by the engine as it opens, rolls and closes files.
                    if ((layout.getHeader() != null || layout.getFooter() != null)
                        && !"binary".equalsIgnoreCase(mode)) {
                        rolling.headerAndFooter(layout::getHeader, layout::getFooter);
                    }
                    object.rolling(rolling);
                } else if (filePattern == null && (policy != null || strategy != null)) {
                    LOGGER.warn("Spool appender \"{}\": Policies and a rollover strategy need a filePattern; the file is"
                        + " not rolled", name);
                }
                if (named && !append) {
                    LOGGER.warn("Spool appender \"{}\": append=\"false\" is left out without fileName: the file the"
                        + " pattern names is appended to", name);
                }
                final boolean onCaller = AdapterSettings.parseBoolean("renderOnCaller", renderOnCaller, false, error);
                final LogObjectConfig asConfigured = object.build();
                // A binary log keeps the event's fields, rendered later by spool-cat; the Layout is not used.
                final LogObjectConfig config = asConfigured.mode() == LogMode.BINARY
                    ? asConfigured.withFormat(LogObjectConfig.EVENT_FORMAT) : asConfigured;
                if (config.mode() == LogMode.BINARY) {
                    warnIgnored(name, "renderOnCaller", renderOnCaller, "a binary log keeps the event's fields");
                }
                final String callerReason = onCaller && config.mode() != LogMode.BINARY ? REASON_ASKED : null;
                final List<LogObjectConfig> extra = new ArrayList<>();
                if (logObjects != null) {
                    for (final LogObjectElement o : logObjects) {
                        if (o != null) {
                            try {
                                extra.add(o.config(message -> LOGGER.error("Spool appender \"{}\": log object \"{}\": {}",
                                    name, o.getName(), message)));
                            } catch (final IllegalArgumentException e) {
                                LOGGER.error("Spool appender \"{}\": log object \"{}\": {}; it is left out", name,
                                    o.getName(), e.getMessage());
                            }
                        }
                    }
                }
                final SpoolAppender built = new SpoolAppender(name, getFilter(), layout, isIgnoreExceptions(),
                    getPropertyArray(), config, extra, getConfiguration(), !append && !named && console == null,
                    callerReason);
                if (sockStats != null) {
                    for (final SockStatsAppender s : sockStats) {
                        if (s != null) {
                            built.sockStats.add(s);
                        }
                    }
                }
                return built;
            } catch (final IllegalArgumentException e) {
                LOGGER.error("Spool appender \"{}\": {}; the appender is not created", name, e.getMessage());
                return null;
            }
        }

        /**
         * {@code target} (SYSTEM_OUT or SYSTEM_ERR, as on Log4j2's Console appender) as the
         * console log object's identity, or null for a file. Console attributes Spool does otherwise
         * are said once.
         */
        private Path consoleTarget(final String name) {
            if (target == null) {
                warnIgnored(name, "follow", follow, "only with target");
                warnIgnored(name, "direct", direct, "only with target");
                return null;
            }
            final Path console;
            if (target.trim().equalsIgnoreCase("SYSTEM_OUT")) {
                console = ConsoleLogFile.STDOUT;
            } else if (target.trim().equalsIgnoreCase("SYSTEM_ERR")) {
                console = ConsoleLogFile.STDERR;
            } else {
                LOGGER.error("Spool appender \"{}\": target=\"{}\" is not SYSTEM_OUT or SYSTEM_ERR; using the default"
                    + " target=\"SYSTEM_OUT\"", name, target);
                console = ConsoleLogFile.STDOUT;
            }
            warnIgnored(name, "fileName", fileName, "target writes the console");
            warnIgnored(name, "filePattern", filePattern, "target writes the console, which does not roll");
            if (follow != null && !follow.trim().equalsIgnoreCase("true")) {
                LOGGER.warn("Spool appender \"{}\": follow=\"{}\": Spool writes to System.out or System.err as it"
                    + " is at each write, as with follow=\"true\"", name, follow);
            }
            warnIgnored(name, "direct", direct, "Spool writes through System.out or System.err");
            return console;
        }

        /** filePermissions, fileOwner and fileGroup; a bad filePermissions is an error and left out. */
        private FileAttributes fileAttributes(final Consumer<String> error) {
            try {
                return FileAttributes.parse(filePermissions, fileOwner, fileGroup);
            } catch (final IllegalArgumentException e) {
                error.accept(e.getMessage() + "; files get the permissions the umask gives them");
                return FileAttributes.parse(null, fileOwner, fileGroup);
            }
        }

        private static void warnIgnored(final String appender, final String attribute, final String value,
                                        final String instead) {
            if (value != null) {
                LOGGER.warn("Spool appender \"{}\": attribute {}=\"{}\" is accepted and ignored: {}", appender, attribute,
                    value, instead);
            }
        }
    }
}
