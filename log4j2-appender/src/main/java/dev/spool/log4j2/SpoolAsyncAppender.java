package dev.spool.log4j2;

import dev.spool.engine.adapter.AdapterSettings;
import dev.spool.engine.adapter.EventDispatch;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderControl;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.async.BlockingQueueFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;

import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code <SpoolAsync>}: Log4j2's {@code <Async>} replaced, in front of any appenders
 * ({@code AppenderRef}s with their levels and filters). An event is captured once on the caller
 * (a memento, as {@code <Async>} queues one) into Spool buffers, and the referenced appenders are
 * called on an engine thread of this appender's own, in the order the events were taken.
 * Referenced Spool appenders are called on the caller at once: they hand the event to the engine
 * themselves, so it is handed off only once.
 *
 * <p>Log4j2 stops a configuration's appenders in no set order (its own {@code Async} first), so
 * the wrapper hands over what it holds as soon as the loggers leave its configuration (a stop or a
 * reconfiguration), while the appenders behind still run; an event still on its way in after that
 * is handed to them on the caller.
 *
 * <p>The stock settings map as follows: {@code blocking="true"} (the default) is
 * {@code whenFull="block"}, lossless; {@code blocking="false"} is {@code whenFull="drop"}, each
 * dropped event counted and reported ({@code errorRef} is not called); {@code bufferSize} (events)
 * sets the buffer count so that about that many events fit; {@code shutdownTimeout} (ms, 0: the
 * engine's 30 s) bounds the stop; {@code includeLocation} is taken. Spool's own
 * {@code spoolBufferSize}, {@code spoolBufferCount}, {@code maxDelay} and {@code whenFull} apply
 * too.
 */
@Plugin(name = "SpoolAsync", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class SpoolAsyncAppender extends AbstractAppender {
    /** Bytes a queued memento takes in a buffer: its entry header ({@code LogEntryHeader.LENGTH}) with an empty record. */
    static final int ENTRY_BYTES = LogEntryHeader.LENGTH;
    private static final byte[] NO_RECORD = new byte[0];

    private final Configuration configuration;
    private final AppenderRef[] refs;
    private final LogObjectConfig objectConfig;
    private final boolean includeLocation;
    private final Duration shutdownTimeout;
    /** The referenced Spool appenders, called on the caller. */
    private volatile AppenderControl[] direct = new AppenderControl[0];
    private volatile EventDispatch<LogEvent> dispatch;
    private volatile LogObject object;
    /**
     * After the wrapper handed over what it held because its configuration is leaving (below):
     * the appenders behind, called on the caller for events still on their way in.
     */
    private volatile AppenderControl[] late;
    /** Drains the wrapper as soon as the logger context moves away from this configuration. */
    private final PropertyChangeListener leaving = this::configurationChanged;

    private SpoolAsyncAppender(final String name, final Filter filter, final boolean ignoreExceptions,
                               final Property[] properties, final Configuration configuration, final AppenderRef[] refs,
                               final LogObjectConfig objectConfig, final boolean includeLocation,
                               final Duration shutdownTimeout) {
        super(name, filter, null, ignoreExceptions, properties);
        this.configuration = configuration;
        this.refs = refs;
        this.objectConfig = objectConfig;
        this.includeLocation = includeLocation;
        this.shutdownTimeout = shutdownTimeout;
    }

    @PluginBuilderFactory
    public static <B extends Builder<B>> B newBuilder() {
        return new Builder<B>().asBuilder();
    }

    @Override
    public void start() {
        final List<AppenderControl> later = new ArrayList<>();
        final List<AppenderControl> now = new ArrayList<>();
        for (final AppenderRef ref : refs) {
            final Appender appender = configuration.getAppender(ref.getRef());
            if (appender == null) {
                error("SpoolAsync appender \"" + getName() + "\": no appender named \"" + ref.getRef() + "\"; it is left"
                    + " out");
                continue;
            }
            final AppenderControl control = new AppenderControl(appender, ref.getLevel(), ref.getFilter());
            (appender instanceof SpoolAppender ? now : later).add(control);
        }
        direct = now.toArray(new AppenderControl[0]);
        if (!later.isEmpty()) {
            final AppenderControl[] calls = later.toArray(new AppenderControl[0]);
            try {
                // An appender that throws is reported by Log4j2's AppenderControl, as behind <Async>.
                dispatch = EventDispatch.start("spool-async-" + getName(), objectConfig, shutdownTimeout,
                    (message, cause) -> LOGGER.error("SpoolAsync appender \"{}\": {}", getName(), message, cause),
                    LogEvent.class, event -> {
                        for (final AppenderControl c : calls) {
                            c.callAppender(event);
                        }
                    });
            } catch (final RuntimeException e) {
                error("SpoolAsync appender \"" + getName() + "\": " + e.getMessage() + "; the appender is not started");
                return;
            }
            object = dispatch.object();
            late = calls;
            // Log4j2 stops the appenders of a configuration in no set order (its own Async first):
            // the wrapper hands over what it holds when the loggers leave the configuration, while
            // the appenders behind still run.
            final LoggerContext context = configuration.getLoggerContext();
            if (context != null) {
                context.addPropertyChangeListener(leaving);
            }
        }
        super.start();
    }

    private void configurationChanged(final PropertyChangeEvent event) {
        final LoggerContext context = configuration.getLoggerContext();
        if (context != null && context.getConfiguration() != configuration) {
            drain();
        }
    }

    /** Hands what the wrapper holds to the appenders behind; events after that are handed over on the caller. */
    private synchronized void drain() {
        final EventDispatch<LogEvent> d = dispatch;
        dispatch = null;
        object = null;
        if (d != null) {
            d.stop();
        }
    }

    @Override
    public boolean stop(final long timeout, final TimeUnit timeUnit) {
        setStopping();
        drain(); // the events it holds reach the referenced appenders first, if it has not yet
        late = null;
        final LoggerContext context = configuration.getLoggerContext();
        if (context != null) {
            context.removePropertyChangeListener(leaving);
        }
        setStopped();
        return true;
    }

    @Override
    public void append(final LogEvent event) {
        for (final AppenderControl c : direct) {
            c.callAppender(event);
        }
        final LogObject o = object;
        if (o == null) {
            final AppenderControl[] after = late;
            if (after != null) {
                for (final AppenderControl c : after) {
                    c.callAppender(event);
                }
            }
            return;
        }
        try {
            o.accessRecord(0, SpoolAppender.nanos(event), NO_RECORD, 0, 0,
                Log4jLogEvent.createMemento(event, includeLocation));
        } catch (final RuntimeException | StackOverflowError e) {
            o.captureFailed("SpoolAsync appender \"" + getName() + "\": capturing an event failed", e);
        }
    }

    /**
     * The engine's log object behind this appender (null when every reference is a Spool
     * appender); for tests and tools.
     */
    public LogObject logObject() {
        return object;
    }

    /** Builder of {@code <SpoolAsync>}; every attribute has a public setter. */
    public static class Builder<B extends Builder<B>> extends AbstractAppender.Builder<B>
        implements org.apache.logging.log4j.core.util.Builder<SpoolAsyncAppender> {
        @PluginElement("AppenderRef")
        private AppenderRef[] appenderRefs;
        @PluginBuilderAttribute
        private String blocking;
        @PluginBuilderAttribute
        private String bufferSize;
        @PluginBuilderAttribute
        private String shutdownTimeout;
        @PluginBuilderAttribute
        private String includeLocation;
        @PluginBuilderAttribute
        private String errorRef;
        @PluginBuilderAttribute
        private String spoolBufferSize;
        @PluginBuilderAttribute
        private String spoolBufferCount;
        @PluginBuilderAttribute
        private String maxDelay;
        @PluginBuilderAttribute
        private String whenFull;
        /** {@code <ArrayBlockingQueue/>}, {@code <DisruptorBlockingQueue/>}, ...: taken, and said to be unused. */
        @PluginElement(BlockingQueueFactory.ELEMENT_TYPE)
        private BlockingQueueFactory<LogEvent> blockingQueueFactory;

        public B setAppenderRefs(final AppenderRef... refs) {
            this.appenderRefs = refs;
            return asBuilder();
        }

        public B setBlocking(final String blocking) {
            this.blocking = blocking;
            return asBuilder();
        }

        public B setBufferSize(final String bufferSize) {
            this.bufferSize = bufferSize;
            return asBuilder();
        }

        public B setShutdownTimeout(final String shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return asBuilder();
        }

        public B setIncludeLocation(final String includeLocation) {
            this.includeLocation = includeLocation;
            return asBuilder();
        }

        public B setErrorRef(final String errorRef) {
            this.errorRef = errorRef;
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

        public B setWhenFull(final String whenFull) {
            this.whenFull = whenFull;
            return asBuilder();
        }

        public B setBlockingQueueFactory(final BlockingQueueFactory<LogEvent> blockingQueueFactory) {
            this.blockingQueueFactory = blockingQueueFactory;
            return asBuilder();
        }

        @Override
        public SpoolAsyncAppender build() {
            final String name = getName();
            final Consumer<String> error = message -> LOGGER.error("SpoolAsync appender \"{}\": {}", name, message);
            if (appenderRefs == null || appenderRefs.length == 0) {
                LOGGER.error("SpoolAsync appender \"{}\": no AppenderRef; the appender is not created", name);
                return null;
            }
            if (errorRef != null) {
                LOGGER.warn("SpoolAsync appender \"{}\": errorRef=\"{}\" is not called: with blocking=\"false\" an event"
                    + " that finds the buffers full is dropped, counted and reported", name, errorRef);
            }
            if (blockingQueueFactory != null) {
                LOGGER.warn("SpoolAsync appender \"{}\": {} is left out: the queue is Spool's buffers", name,
                    blockingQueueFactory.getClass().getSimpleName());
            }
            final boolean block = AdapterSettings.parseBoolean("blocking", blocking, true, error);
            // bufferSize is in events; a queued event takes about ENTRY_BYTES of a buffer.
            final int events = AdapterSettings.orDefault("bufferSize", bufferSize, 1024, "1024",
                v -> AdapterSettings.parseInt("bufferSize", v), error);
            final String count = spoolBufferCount != null ? spoolBufferCount
                : String.valueOf(Math.max(2, Math.min(LogObjectConfig.MAX_BUFFER_COUNT,
                    (int) ((long) events * ENTRY_BYTES / LogObjectConfig.MIN_BUFFER_SIZE))));
            final LogObjectConfig.Builder object = AdapterSettings.apply(
                LogObjectConfig.builder("async-" + name.replaceAll("[^A-Za-z0-9_.-]", "_"))
                    .file(Path.of("spool-async-" + name)),
                null, whenFull, maxDelay, spoolBufferSize == null ? "1 KB" : spoolBufferSize, count, null, error)
                .immediateFlush(true); // the referenced appenders get each event promptly, as from <Async>
            if (whenFull == null) {
                object.whenFull(block ? WhenFull.BLOCK : WhenFull.DROP);
            }
            final long timeout = AdapterSettings.orDefault("shutdownTimeout", shutdownTimeout, 0,
                "0", v -> AdapterSettings.parseInt("shutdownTimeout", v), error);
            return new SpoolAsyncAppender(name, getFilter(), isIgnoreExceptions(), getPropertyArray(), getConfiguration(),
                appenderRefs, object.build(), AdapterSettings.parseBoolean("includeLocation", includeLocation, false,
                error), timeout > 0 ? Duration.ofMillis(timeout) : null);
        }
    }
}
