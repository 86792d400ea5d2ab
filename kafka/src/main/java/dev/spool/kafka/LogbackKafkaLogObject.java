package dev.spool.kafka;

import dev.spool.engine.adapter.LogObjectElement;
import dev.spool.engine.object.LogObjectConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@code <logObject class="dev.spool.kafka.LogbackKafkaLogObject">} inside a Spool appender in
 * logback.xml: the appender's events are also shipped to a Kafka topic ({@link KafkaLogObject}).
 * Producer properties are given as {@code <producerConfig>key=value</producerConfig>}, one per
 * element, as the widely used Logback Kafka appender takes them:
 * <pre>{@code
 * <appender name="FILE" class="dev.spool.logback.SpoolAppender">
 *   <file>logs/app.log</file>
 *   <encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>
 *   <logObject class="dev.spool.kafka.LogbackKafkaLogObject">
 *     <name>kafka</name>
 *     <topic>app-logs</topic>
 *     <spoolDirectory>logs/kafka</spoolDirectory>
 *     <producerConfig>bootstrap.servers=broker1:9092,broker2:9092</producerConfig>
 *   </logObject>
 * </appender>
 * }</pre>
 * Properties: {@code name}, {@code topic}, {@code spoolDirectory} (required),
 * {@code bootstrapServers} (or the producer property), {@code host}, {@code format},
 * {@code spoolBufferSize}, {@code segmentBytes}, {@code maxSpoolBytes}, {@code whenFull},
 * {@code drainTimeout}, {@code retry}, {@code sockLabel}, {@code shape}; Joran sets them through the setters.
 */
public class LogbackKafkaLogObject implements LogObjectElement {
    private final KafkaElementSettings s = new KafkaElementSettings();
    private volatile KafkaLogObject object;
    private final List<String> badProducerConfig = new ArrayList<>();

    @Override
    public String getName() {
        return s.name;
    }

    /** Makes the object (again at each start of the appender). */
    @Override
    public LogObjectConfig config(final Consumer<String> error) {
        for (final String bad : badProducerConfig) {
            error.accept("producerConfig \"" + bad + "\" is not key=value; it is left out");
        }
        final KafkaLogObject k = s.build(error);
        object = k;
        return k.config();
    }

    /** The object made at the appender's last start (null before), for its shipping statistics. */
    public KafkaLogObject kafka() {
        return object;
    }

    public void setName(final String name) {
        s.name = name;
    }

    public void setTopic(final String topic) {
        s.topic = topic;
    }

    public void setSpoolDirectory(final String spoolDirectory) {
        s.spoolDirectory = spoolDirectory;
    }

    public void setBootstrapServers(final String bootstrapServers) {
        s.bootstrapServers = bootstrapServers;
    }

    public void setHost(final String host) {
        s.host = host;
    }

    public void setFormat(final String format) {
        s.format = format;
    }

    public void setSpoolBufferSize(final String spoolBufferSize) {
        s.spoolBufferSize = spoolBufferSize;
    }

    public void setSegmentBytes(final String segmentBytes) {
        s.segmentBytes = segmentBytes;
    }

    public void setMaxSpoolBytes(final String maxSpoolBytes) {
        s.maxSpoolBytes = maxSpoolBytes;
    }

    public void setWhenFull(final String whenFull) {
        s.whenFull = whenFull;
    }

    public void setDrainTimeout(final String drainTimeout) {
        s.drainTimeout = drainTimeout;
    }

    public void setRetry(final String retry) {
        s.retry = retry;
    }

    public void setSockLabel(final String sockLabel) {
        s.sockLabel = sockLabel;
    }

    /** {@code buffers} (the default), {@code lines} or {@code json-lines}: what a record holds ({@link Shape}). */
    public void setShape(final String shape) {
        s.shape = shape;
    }

    /** A producer property as {@code key=value}; anything else is said at the start and left out. */
    public void addProducerConfig(final String keyValue) {
        final int eq = keyValue == null ? -1 : keyValue.indexOf('=');
        if (eq <= 0) {
            badProducerConfig.add(keyValue);
            return;
        }
        s.properties.put(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1).trim());
    }
}
