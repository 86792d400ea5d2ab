package dev.spool.kafka;

import dev.spool.engine.adapter.LogObjectElement;
import dev.spool.engine.object.LogObjectConfig;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.status.StatusLogger;

import java.util.function.Consumer;

/**
 * A {@code <KafkaLogObject>} inside a {@code Spool} appender in log4j2.xml: the appender's events
 * are also shipped to a Kafka topic ({@link KafkaLogObject}). It reads as Log4j2's own
 * {@code Kafka} element does, whose {@code topic} and {@code <Property>} children (producer
 * properties, {@code bootstrap.servers} among them) carry over as they are:
 * <pre>{@code
 * <Spool name="app" fileName="logs/app.log">
 *   <PatternLayout pattern="%d %p %c - %m%n"/>
 *   <KafkaLogObject name="kafka" topic="app-logs" spoolDirectory="logs/kafka">
 *     <Property name="bootstrap.servers">broker1:9092,broker2:9092</Property>
 *   </KafkaLogObject>
 * </Spool>
 * }</pre>
 * Attributes: {@code name}, {@code topic}, {@code spoolDirectory} (required),
 * {@code bootstrapServers} (or the property), {@code host}, {@code format} (engine syntax with
 * {@code %[field]}; every field of the event by default), {@code spoolBufferSize},
 * {@code segmentBytes}, {@code maxSpoolBytes}, {@code whenFull}, {@code drainTimeout},
 * {@code retry}, {@code sockLabel}, {@code shape} ({@code buffers}, {@code lines} or
 * {@code json-lines}: what a record holds, {@link Shape}). The Kafka element's {@code syncSend}, {@code key},
 * {@code sendEventTimestamp}, {@code retryCount} and a layout are taken and said not to apply
 * (with why), so a configuration moved over keeps working. The element is found on the class
 * path as any Log4j2 plugin; spool-kafka needs no other setting.
 */
@Plugin(name = "KafkaLogObject", category = Core.CATEGORY_NAME, printObject = true)
public final class Log4j2KafkaLogObject implements LogObjectElement {
    private final KafkaLogObject object;

    private Log4j2KafkaLogObject(final KafkaLogObject object) {
        this.object = object;
    }

    @Override
    public String getName() {
        return object.config().name();
    }

    /** Built (and its settings checked) when Log4j2 made the element. */
    @Override
    public LogObjectConfig config(final Consumer<String> error) {
        return object.config();
    }

    /** The object, for its shipping statistics. */
    public KafkaLogObject kafka() {
        return object;
    }

    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Builder of a {@code KafkaLogObject} element; each attribute has a public setter. */
    public static final class Builder implements org.apache.logging.log4j.core.util.Builder<Log4j2KafkaLogObject> {
        private final KafkaElementSettings s = new KafkaElementSettings();
        @PluginBuilderAttribute
        private String name;
        @PluginBuilderAttribute
        private String topic;
        @PluginBuilderAttribute
        private String spoolDirectory;
        @PluginBuilderAttribute
        private String bootstrapServers;
        @PluginBuilderAttribute
        private String host;
        @PluginBuilderAttribute
        private String format;
        @PluginBuilderAttribute
        private String spoolBufferSize;
        @PluginBuilderAttribute
        private String segmentBytes;
        @PluginBuilderAttribute
        private String maxSpoolBytes;
        @PluginBuilderAttribute
        private String whenFull;
        @PluginBuilderAttribute
        private String drainTimeout;
        @PluginBuilderAttribute
        private String retry;
        @PluginBuilderAttribute
        private String sockLabel;
        @PluginBuilderAttribute
        private String shape;
        @PluginBuilderAttribute
        private String syncSend;
        @PluginBuilderAttribute
        private String key;
        @PluginBuilderAttribute
        private String sendEventTimestamp;
        @PluginBuilderAttribute
        private String retryCount;
        @PluginElement("Properties")
        private Property[] properties;
        @PluginElement("Layout")
        private Layout<?> layout;

        public Builder setName(final String name) {
            this.name = name;
            return this;
        }

        public Builder setTopic(final String topic) {
            this.topic = topic;
            return this;
        }

        public Builder setSpoolDirectory(final String spoolDirectory) {
            this.spoolDirectory = spoolDirectory;
            return this;
        }

        public Builder setBootstrapServers(final String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder setHost(final String host) {
            this.host = host;
            return this;
        }

        public Builder setFormat(final String format) {
            this.format = format;
            return this;
        }

        public Builder setSpoolBufferSize(final String spoolBufferSize) {
            this.spoolBufferSize = spoolBufferSize;
            return this;
        }

        public Builder setSegmentBytes(final String segmentBytes) {
            this.segmentBytes = segmentBytes;
            return this;
        }

        public Builder setMaxSpoolBytes(final String maxSpoolBytes) {
            this.maxSpoolBytes = maxSpoolBytes;
            return this;
        }

        public Builder setWhenFull(final String whenFull) {
            this.whenFull = whenFull;
            return this;
        }

        public Builder setDrainTimeout(final String drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        public Builder setRetry(final String retry) {
            this.retry = retry;
            return this;
        }

        public Builder setSockLabel(final String sockLabel) {
            this.sockLabel = sockLabel;
            return this;
        }

        public Builder setShape(final String shape) {
            this.shape = shape;
            return this;
        }

        public Builder setSyncSend(final String syncSend) {
            this.syncSend = syncSend;
            return this;
        }

        public Builder setKey(final String key) {
            this.key = key;
            return this;
        }

        public Builder setSendEventTimestamp(final String sendEventTimestamp) {
            this.sendEventTimestamp = sendEventTimestamp;
            return this;
        }

        public Builder setRetryCount(final String retryCount) {
            this.retryCount = retryCount;
            return this;
        }

        public Builder setProperties(final Property... properties) {
            this.properties = properties;
            return this;
        }

        public Builder setLayout(final Layout<?> layout) {
            this.layout = layout;
            return this;
        }

        @Override
        public Log4j2KafkaLogObject build() {
            final Consumer<String> error = message -> StatusLogger.getLogger().error("Spool KafkaLogObject \"{}\": {}",
                name, message);
            notApplied("syncSend", syncSend, "a caller never waits for the broker: the flush thread writes the"
                + " spool and the shipper sends from it");
            notApplied("key", key, "each record's key is the host and the log object, so a topic's records of one"
                + " object stay in order in one partition");
            notApplied("sendEventTimestamp", sendEventTimestamp, "a record holds a buffer of events, each with its"
                + " own time");
            notApplied("retryCount", retryCount, "a failed send is retried until the broker acknowledges it; the"
                + " spool keeps it meanwhile");
            if (layout != null) {
                StatusLogger.getLogger().warn("Spool KafkaLogObject \"{}\": its layout is not used: records carry the"
                    + " event's fields (shape buffers, shown by spool-cat --kafka, with --layout for a pattern) or its"
                    + " line in the object's format or JSON (shapes lines and json-lines)", name);
            }
            s.name = name;
            s.topic = topic;
            s.spoolDirectory = spoolDirectory;
            s.bootstrapServers = bootstrapServers;
            s.host = host;
            s.format = format;
            s.spoolBufferSize = spoolBufferSize;
            s.segmentBytes = segmentBytes;
            s.maxSpoolBytes = maxSpoolBytes;
            s.whenFull = whenFull;
            s.drainTimeout = drainTimeout;
            s.retry = retry;
            s.sockLabel = sockLabel;
            s.shape = shape;
            if (properties != null) {
                for (final Property p : properties) {
                    if (p != null) {
                        s.properties.put(p.getName(), p.getValue());
                    }
                }
            }
            try {
                return new Log4j2KafkaLogObject(s.build(error));
            } catch (final IllegalArgumentException e) {
                StatusLogger.getLogger().error("Spool KafkaLogObject \"{}\": {}; it is left out", name, e.getMessage());
                return null;
            }
        }

        private void notApplied(final String attribute, final String value, final String why) {
            if (value != null) {
                StatusLogger.getLogger().warn("Spool KafkaLogObject \"{}\": {}=\"{}\" does not apply: {}", name,
                    attribute, value, why);
            }
        }
    }
}
