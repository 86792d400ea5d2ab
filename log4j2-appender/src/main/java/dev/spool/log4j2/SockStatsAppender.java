package dev.spool.log4j2;

import dev.spool.engine.Log;
import dev.spool.engine.adapter.SockStatsSettings;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.sockstat.SockStatsEmitter;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginConfiguration;

import java.util.concurrent.TimeUnit;

/**
 * The {@code <SockStats>} element: runs the sockstat emitter on the configuration's Spool engine.
 * It takes no events; by default it writes the two-file ring {@code <directory>/<name>.log1.txt}
 * and {@code .log2.txt}:
 * <pre>{@code
 * <Appenders>
 *   <SockStats name="sockstats" directory="logs" pollPeriod="100ms" maxSize="5MB"/>
 * </Appenders>
 * }</pre>
 * Attributes: {@code name}, {@code directory} ({@code logs}), {@code pollPeriod} ({@code 100ms}),
 * {@code maxSize} ({@code 5MB}, both files together), {@code maxDelay} ({@code 5s}: the ring's
 * lines are written in batches), {@code appender} (a Spool appender to write the JSON lines into
 * instead, as they are), {@code labelKeys} ({@code name} or {@code number}), {@code labelNumbers}
 * (numbers given to labels, {@code api=1,db=2}; others are derived from their names),
 * {@code interfaceCounters} ({@code true}), {@code jfr} ({@code false}; {@code true} counts JFR's
 * socket events too), {@code jfrLabel} ({@code port}, {@code host} or {@code thread}) and
 * {@code cellularPrefixes} (more interface name prefixes that mean cellular). Inside a
 * {@code Spool} appender it writes into that appender's log objects instead.
 */
@Plugin(name = "SockStats", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class SockStatsAppender extends AbstractAppender {
    private final Builder settings;
    private final Configuration configuration;
    private SockStatsEmitter emitter;
    private Log engine;
    private LogObject ring;
    /** The Spool appender this element is inside of, if it is. */
    private SpoolAppender parent;

    private SockStatsAppender(final Builder settings, final Configuration configuration) {
        super(settings.name, null, null, true, Property.EMPTY_ARRAY);
        this.settings = settings;
        this.configuration = configuration;
    }

    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Takes no events: sockstat writes its own. */
    @Override
    public void append(final LogEvent event) {
    }

    @Override
    public void start() {
        try {
            final SockStatsEmitter.Sink sink;
            if (parent != null) {
                sink = parent.sockStatsSink();
            } else if (settings.appender != null) {
                final Appender target = configuration.getAppender(settings.appender);
                if (!(target instanceof SpoolAppender) || ((SpoolAppender) target).logObject() == null) {
                    throw new IllegalArgumentException("appender=\"" + settings.appender + "\" is not a started Spool"
                        + " appender of this configuration (declare it before the SockStats element)");
                }
                sink = ((SpoolAppender) target).sockStatsSink();
            } else {
                ring = SharedEngines.acquire(configuration, settings.settings().ring());
                sink = SockStatsEmitter.Sink.into(ring);
            }
            engine = SharedEngines.engineOf(configuration);
            emitter = settings.settings().emitter(sink);
            if (!engine.addEmitter(emitter)) {
                emitter = null; // it said why
            }
        } catch (final IllegalArgumentException | IllegalStateException e) {
            error("SockStats \"" + getName() + "\": " + e.getMessage() + "; sockstat is off");
            releaseRing();
            return;
        }
        super.start();
    }

    /** Inside a Spool appender: started by it, writing into its log objects. */
    void startInside(final SpoolAppender spool) {
        parent = spool;
        start();
    }

    @Override
    public boolean stop(final long timeout, final TimeUnit timeUnit) {
        setStopping();
        if (emitter != null && engine != null) {
            engine.removeEmitter(emitter);
            emitter = null;
        }
        releaseRing();
        setStopped();
        return true;
    }

    private void releaseRing() {
        if (ring != null) {
            SharedEngines.release(configuration, ring);
            ring = null;
        }
    }

    /**
     * Builder of the {@code SockStats} element; every attribute has a public setter. Also the
     * settings of a {@code <SockStats>} inside a {@code Spool} appender.
     */
    public static final class Builder implements org.apache.logging.log4j.core.util.Builder<SockStatsAppender> {
        @PluginBuilderAttribute
        private String name;
        @PluginBuilderAttribute
        private String directory;
        @PluginBuilderAttribute
        private String pollPeriod;
        @PluginBuilderAttribute
        private String maxSize;
        @PluginBuilderAttribute
        private String appender;
        @PluginBuilderAttribute
        private String maxDelay;
        @PluginBuilderAttribute
        private String labelKeys;
        @PluginBuilderAttribute
        private String labelNumbers;
        @PluginBuilderAttribute
        private String interfaceCounters;
        @PluginBuilderAttribute
        private String jfr;
        @PluginBuilderAttribute
        private String jfrLabel;
        @PluginBuilderAttribute
        private String cellularPrefixes;
        @PluginConfiguration
        private Configuration configuration;

        public Builder setName(final String name) {
            this.name = name;
            return this;
        }

        public Builder setDirectory(final String directory) {
            this.directory = directory;
            return this;
        }

        public Builder setPollPeriod(final String pollPeriod) {
            this.pollPeriod = pollPeriod;
            return this;
        }

        public Builder setMaxSize(final String maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        public Builder setAppender(final String appender) {
            this.appender = appender;
            return this;
        }

        /** How long the ring's lines may wait before they are written; 5s by default. */
        public Builder setMaxDelay(final String maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        /** Numbers given to labels: {@code name=number} pairs, comma-separated. */
        public Builder setLabelNumbers(final String labelNumbers) {
            this.labelNumbers = labelNumbers;
            return this;
        }

        public Builder setLabelKeys(final String labelKeys) {
            this.labelKeys = labelKeys;
            return this;
        }

        public Builder setInterfaceCounters(final String interfaceCounters) {
            this.interfaceCounters = interfaceCounters;
            return this;
        }

        public Builder setJfr(final String jfr) {
            this.jfr = jfr;
            return this;
        }

        public Builder setJfrLabel(final String jfrLabel) {
            this.jfrLabel = jfrLabel;
            return this;
        }

        /** Interface name prefixes that mean cellular, besides rmnet, ww and pdp; comma-separated. */
        public Builder setCellularPrefixes(final String cellularPrefixes) {
            this.cellularPrefixes = cellularPrefixes;
            return this;
        }

        public Builder setConfiguration(final Configuration configuration) {
            this.configuration = configuration;
            return this;
        }

        /** These attributes as sockstat's settings. */
        SockStatsSettings settings() {
            return new SockStatsSettings().name(name).directory(directory).pollPeriod(pollPeriod).maxSize(maxSize)
                .maxDelay(maxDelay).labelKeys(labelKeys).labelNumbers(labelNumbers).interfaceCounters(interfaceCounters)
                .jfr(jfr).jfrLabel(jfrLabel).cellularPrefixes(cellularPrefixes);
        }

        @Override
        public SockStatsAppender build() {
            try {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("name is missing");
                }
                settings().check(); // every attribute, now
                return new SockStatsAppender(this, configuration);
            } catch (final IllegalArgumentException e) {
                LOGGER.error("SockStats \"{}\": {}; it is not created", name, e.getMessage());
                return null;
            }
        }
    }
}
