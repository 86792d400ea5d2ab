package dev.spool.kafka;

import dev.spool.engine.adapter.AdapterSettings;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The settings of a {@code KafkaLogObject} element as the frameworks' configuration files give
 * them (text), checked and turned into a {@link KafkaLogObject} the same way for Log4j2 and
 * Logback. A required setting that is missing, or one Kafka delivery depends on, leaves the
 * object out with an error naming it; an optional one that does not parse is said and its default
 * used, as for the adapters' other settings.
 */
final class KafkaElementSettings {
    private static final String PRODUCER_BOOTSTRAP = "bootstrap.servers";

    String name;
    String topic;
    String spoolDirectory;
    String bootstrapServers;
    String host;
    String format;
    String spoolBufferSize;
    String segmentBytes;
    String maxSpoolBytes;
    String whenFull;
    String drainTimeout;
    String retry;
    String sockLabel;
    String shape;
    /** Producer properties, in the order given. */
    final Map<String, String> properties = new LinkedHashMap<>();

    /**
     * The object, its producer properties passed through.
     *
     * @param error told of an optional setting that is bad (its default is used)
     * @throws IllegalArgumentException naming the setting that leaves the object out
     */
    KafkaLogObject build(final Consumer<String> error) {
        if (blank(name)) {
            throw new IllegalArgumentException("name is missing");
        }
        if (blank(topic)) {
            throw new IllegalArgumentException("topic is missing");
        }
        if (blank(spoolDirectory)) {
            throw new IllegalArgumentException("spoolDirectory is missing (where the object keeps what the broker"
                + " has not acknowledged yet)");
        }
        final String fromProperty = properties.get(PRODUCER_BOOTSTRAP);
        final String servers;
        if (!blank(bootstrapServers)) {
            servers = bootstrapServers.trim();
            if (fromProperty != null && !fromProperty.trim().equals(servers)) {
                error.accept("bootstrapServers=\"" + servers + "\" and the property " + PRODUCER_BOOTSTRAP + "=\""
                    + fromProperty.trim() + "\" differ; using bootstrapServers");
            }
        } else if (!blank(fromProperty)) {
            servers = fromProperty.trim();
        } else {
            throw new IllegalArgumentException("bootstrapServers is missing (or a producer property "
                + PRODUCER_BOOTSTRAP + ")");
        }
        final KafkaLogObject.Builder b = KafkaLogObject.builder(name.trim(), Path.of(spoolDirectory.trim()))
            .topic(topic.trim()).bootstrapServers(servers)
            // The event's fields, as the adapters' binary logs keep them: spool-cat shows any of them later.
            .format(blank(format) ? LogObjectConfig.EVENT_FORMAT : format.trim());
        for (final Map.Entry<String, String> p : properties.entrySet()) {
            if (!p.getKey().equals(PRODUCER_BOOTSTRAP)) {
                b.property(p.getKey(), p.getValue());
            }
        }
        if (!blank(host)) {
            b.host(host.trim());
        }
        if (sockLabel != null) {
            b.sockLabel(sockLabel.isBlank() ? null : sockLabel.trim());
        }
        b.shape(AdapterSettings.orDefault("shape", shape, Shape.BUFFERS, "buffers", KafkaElementSettings::parseShape, error));
        b.whenFull(AdapterSettings.orDefault("whenFull", whenFull, WhenFull.BLOCK, "block",
            AdapterSettings::parseWhenFull, error));
        if (spoolBufferSize != null) {
            b.bufferSize((int) size("spoolBufferSize", spoolBufferSize, LogObjectConfig.DEFAULT_BUFFER_SIZE,
                LogObjectConfig.MIN_BUFFER_SIZE, LogObjectConfig.MAX_BUFFER_SIZE, error));
        }
        final long segment = size("segmentBytes", segmentBytes, 16L << 20, 1024, 1L << 40, error);
        b.segmentBytes(segment);
        b.maxSpoolBytes(size("maxSpoolBytes", maxSpoolBytes, Math.max(1L << 30, segment), segment, Long.MAX_VALUE,
            error));
        b.drainTimeout(duration("drainTimeout", drainTimeout, Duration.ofSeconds(10), Duration.ZERO, error));
        b.retry(duration("retry", retry, Duration.ofSeconds(1), Duration.ofMillis(1), error));
        return b.build();
    }

    /** {@code buffers}, {@code lines} or {@code json-lines}, in any case. */
    static Shape parseShape(final String value) {
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "buffers": return Shape.BUFFERS;
            case "lines": return Shape.LINES;
            case "json-lines": return Shape.JSON_LINES;
            default: throw new IllegalArgumentException("shape=\"" + value + "\" is not buffers, lines or json-lines");
        }
    }

    private static boolean blank(final String s) {
        return s == null || s.isBlank();
    }

    /** A size setting between {@code min} and {@code max}; its default (said) when it does not parse or is out of range. */
    private static long size(final String attribute, final String value, final long otherwise, final long min,
                             final long max, final Consumer<String> error) {
        return AdapterSettings.orDefault(attribute, value, otherwise, otherwise + " bytes", v -> {
            final long n = AdapterSettings.parseSize(attribute, v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(attribute + "=\"" + v + "\" is out of range: at least " + min
                    + (max == Long.MAX_VALUE ? "" : " and at most " + max) + " bytes");
            }
            return n;
        }, error);
    }

    /** A duration setting of at least {@code min}; its default (said) otherwise. */
    private static Duration duration(final String attribute, final String value, final Duration otherwise,
                                     final Duration min, final Consumer<String> error) {
        return AdapterSettings.orDefault(attribute, value, otherwise, otherwise.toMillis() + " ms", v -> {
            final Duration d = AdapterSettings.parseDuration(attribute, v, otherwise);
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException(attribute + "=\"" + v + "\" is less than " + min.toMillis() + " ms");
            }
            return d;
        }, error);
    }
}
