package dev.spool.kafka;

import dev.spool.engine.cli.BufferLines;
import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.LogFileFactory;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.sockstat.SockStats;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A log object that ships its buffers to a Kafka topic. The engine writes the object's binary
 * log into a local spool (numbered segment files in {@code spoolDirectory}) as it writes any
 * file, and a shipper thread sends each buffer as one Kafka record (shape "buffers": the buffer as
 * written, for Spool's own reader) or each event as one (shapes "lines" and "json-lines", for
 * consumers that expect text or JSON lines, with header {@value #ENTRY}), keyed by host and log
 * object, with headers {@value #HOST}, {@value #OBJECT} and {@value #SEQUENCE}. A checkpoint file
 * in the spool directory says how far the broker has acknowledged; a restarted application
 * resumes there.
 *
 * <pre>{@code
 * KafkaLogObject kafka = KafkaLogObject.builder("app", spoolDir)
 *     .bootstrapServers("broker:9092").topic("logs").build();
 * Log log = Log.start(LogConfig.builder().object(kafka.config()).build());
 * ...
 * log.stop(); // the shipper sends what the spool holds, waiting at most drainTimeout
 * }</pre>
 *
 * <p>The shipper starts when the engine opens the object's file and stops when the engine closes
 * it (the engine's stop, or the object's removal), after sending what the spool holds and waiting
 * at most {@code drainTimeout} for the broker: the engine's stop takes that much longer while the
 * broker is away. The adapters' {@code KafkaLogObject} elements (log4j2.xml, logback.xml) make
 * one of these.
 *
 * <p>Delivery is at least once, and exactly once per buffer for a reader that drops duplicates
 * by (host, log object, sequence). A broker that is away never blocks a caller or the flush
 * thread: the spool grows up to {@code maxSpoolBytes}, then the object's {@code whenFull} decides.
 */
public final class KafkaLogObject implements AutoCloseable {
    /** Events of loggers whose name holds this (the Kafka client's) are rejected by the object. */
    public static final String KAFKA_CLIENT_LOGGERS = "org.apache.kafka.";
    /** The sockstat label of the shipper's traffic unless another is given. */
    public static final String DEFAULT_SOCK_LABEL = "spool-ship";
    /** Header: the host the buffer was logged on (UTF-8). */
    public static final String HOST = "spool.host";
    /** Header: the log object's name (UTF-8). */
    public static final String OBJECT = "spool.object";
    /** Header: the buffer's spool sequence number (decimal ASCII), the same each time it is sent. */
    public static final String SEQUENCE = "spool.sequence";
    /** Header of the shapes of lines: the event's place in its buffer (decimal ASCII, from 0), the same each time it is sent. */
    public static final String ENTRY = "spool.entry";

    private final Builder settings;
    private final LogObjectConfig config;
    private final ShipperStats stats = new ShipperStats();
    private volatile ObjectName registered;

    private KafkaLogObject(final Builder settings) {
        final Builder b = settings.copy(); // a builder changed after build() changes nothing here
        this.settings = b;
        final LogFileFactory files = (description, context) -> {
            final ErrorListener errors = context.errors();
            final FileChannel lock = SpoolSegments.lock(b.spoolDirectory, b.name, errors);
            final Shipper[] made = new Shipper[1];
            final Shipper.Checkpoint checkpoint = Shipper.readCheckpoint(b.spoolDirectory, b.name, errors);
            final SpoolSegments s = new SpoolSegments(b.spoolDirectory, b.name, b.segmentBytes, b.maxSpoolBytes,
                description.fsync(), errors, context.space().budgetFor(description.file()), description.attributes(),
                () -> {
                    final Shipper sh = made[0];
                    if (sh != null) {
                        sh.wake();
                    }
                }, checkpoint.segment());
            final Properties producer = producerProperties(b);
            final Supplier<Producer<byte[], byte[]>> producers = b.producers != null ? b.producers
                : () -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
            final Shipper sh = new Shipper(s, b.spoolDirectory, b.name, b.topic, b.host, producers, errors,
                b.maxInFlight, b.retry, checkpoint, b.sockLabel == null ? null : SockStats.global().label(b.sockLabel),
                b.shape == Shape.BUFFERS ? null : new BufferLines(null, b.shape == Shape.JSON_LINES));
            made[0] = sh;
            stats.started(sh, s);
            register(errors);
            sh.start("spool-kafka-" + b.name);
            s.onClose(() -> stop(sh));
            s.holding(lock);
            return s;
        };
        // The object's file names the segments (in messages); SpoolSegments makes the real ones.
        final LogObjectConfig.Builder c = LogObjectConfig.builder(b.name).mode(LogMode.BINARY)
            .file(b.spoolDirectory.resolve(b.name + ".*" + SpoolSegments.SUFFIX)).files(files).whenFull(b.whenFull)
            // The Kafka client's own events never go to Kafka through it: no loop while it logs
            // from its I/O thread about the broker this object is waiting for.
            .filter(LogFilter.reject("logger", LogFilter.Operator.CONTAIN, KAFKA_CLIENT_LOGGERS));
        if (b.format != null) {
            c.format(b.format);
        }
        if (b.bufferSize > 0) {
            c.bufferSize(b.bufferSize);
        }
        this.config = c.build();
    }

    private void register(final ErrorListener errors) {
        try {
            final ObjectName name = new ObjectName("dev.spool:type=KafkaShipper,name=" + ObjectName.quote(settings.name));
            ManagementFactory.getPlatformMBeanServer().registerMBean(stats, name);
            registered = name;
        } catch (final JMException e) {
            errors.onError("kafka log object \"" + settings.name + "\": its statistics are not in JMX (" + e + ")", null);
        }
    }

    private void unregister() {
        final ObjectName name = registered;
        registered = null;
        if (name != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (final JMException e) {
                // gone already
            }
        }
    }

    static Properties producerProperties(final Builder b) {
        final Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "spool-" + b.name);
        p.putAll(b.properties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        return p;
    }

    public static Builder builder(final String name, final Path spoolDirectory) {
        return new Builder(name, spoolDirectory);
    }

    /** The log object to add to the engine ({@code LogConfig.Builder.object}). */
    public LogObjectConfig config() {
        return config;
    }

    /**
     * How shipping goes: spool bytes and buffers waiting, the acknowledged sequence, errors. The
     * same object is in JMX as {@code dev.spool:type=KafkaShipper,name="N"} while the object runs.
     */
    public KafkaShipperMXBean stats() {
        return stats;
    }

    /**
     * Stops shipping now, after sending what the spool holds and waiting at most the drain timeout
     * for the broker's acknowledgement; what is not acknowledged stays in the spool for the next
     * run. The engine's stop does this itself; a call after it does nothing.
     */
    @Override
    public void close() {
        final Shipper s = stats.shipper();
        if (s != null) {
            stop(s);
        }
        unregister();
    }

    /** Stops {@code s} after its drain (once; later calls return at once) and takes the stats out of JMX. */
    private void stop(final Shipper s) {
        try {
            s.stop(settings.drainTimeout);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt(); // the shipper stops on its own; the spool keeps the rest
        } finally {
            unregister();
        }
    }

    /** Settings of a {@link KafkaLogObject}; producer properties pass through to the Kafka producer. */
    public static final class Builder {
        private final String name;
        private final Path spoolDirectory;
        private String bootstrapServers;
        private String topic;
        private String host = localHost();
        private String format;
        private int bufferSize;
        private long segmentBytes = 16L << 20;
        private long maxSpoolBytes = 1L << 30;
        private WhenFull whenFull = WhenFull.BLOCK;
        private int maxInFlight = 64;
        private Duration retry = Duration.ofSeconds(1);
        private Duration drainTimeout = Duration.ofSeconds(10);
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String sockLabel = DEFAULT_SOCK_LABEL;
        private Shape shape = Shape.BUFFERS;
        /** Tests: the producers the shipper uses instead of Kafka's own. */
        private Supplier<Producer<byte[], byte[]>> producers;

        private Builder(final String name, final Path spoolDirectory) {
            this.name = name;
            this.spoolDirectory = spoolDirectory;
        }

        private Builder copy() {
            final Builder c = new Builder(name, spoolDirectory).bootstrapServers(bootstrapServers).topic(topic).host(host)
                .format(format).bufferSize(bufferSize).segmentBytes(segmentBytes).maxSpoolBytes(maxSpoolBytes)
                .whenFull(whenFull).retry(retry).drainTimeout(drainTimeout).sockLabel(sockLabel).shape(shape);
            c.maxInFlight = maxInFlight;
            c.producers = producers;
            c.properties.putAll(properties);
            return c;
        }

        /** Tests: the shipper's producers (such as Kafka's MockProducer) instead of KafkaProducers. */
        Builder producers(final Supplier<Producer<byte[], byte[]>> producers) {
            this.producers = producers;
            return this;
        }

        private static String localHost() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (final UnknownHostException e) {
                return "localhost";
            }
        }

        public Builder bootstrapServers(final String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        public Builder topic(final String topic) {
            this.topic = topic;
            return this;
        }

        /**
         * What a record holds: a buffer ({@link Shape#BUFFERS}, the default), or one event as a
         * line of the object's format or as JSON, with header {@value #ENTRY}.
         */
        public Builder shape(final Shape shape) {
            this.shape = shape;
            return this;
        }

        /** The host id in the key and headers; the local host name by default. */
        public Builder host(final String host) {
            this.host = host;
            return this;
        }

        /** The engine format whose fields the buffers store (the engine's default when not given). */
        public Builder format(final String format) {
            this.format = format;
            return this;
        }

        public Builder bufferSize(final int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        /** The size at which the spool starts a new segment file (16 MiB by default). */
        public Builder segmentBytes(final long bytes) {
            this.segmentBytes = bytes;
            return this;
        }

        /** The spool's limit (1 GiB by default): past it, {@link #whenFull} decides. */
        public Builder maxSpoolBytes(final long bytes) {
            this.maxSpoolBytes = bytes;
            return this;
        }

        public Builder whenFull(final WhenFull whenFull) {
            this.whenFull = whenFull;
            return this;
        }

        /** A Kafka producer property (e.g. {@code linger.ms}, {@code compression.type}, security settings). */
        public Builder property(final String key, final String value) {
            properties.put(key, value);
            return this;
        }

        /**
         * The sockstat label the shipper's network bytes are counted under ({@value #DEFAULT_SOCK_LABEL}
         * by default), so shipping shows in the socket statistics beside the application's own
         * traffic; null: not counted.
         */
        public Builder sockLabel(final String label) {
            this.sockLabel = label;
            return this;
        }

        /** How long the shipper waits after a failed send before it tries again (1 s by default). */
        public Builder retry(final Duration retry) {
            this.retry = retry;
            return this;
        }

        /** How long {@link KafkaLogObject#close} waits for the spool to be acknowledged (10 s by default). */
        public Builder drainTimeout(final Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** @throws LogConfigException naming the log object and the setting at fault */
        public KafkaLogObject build() {
            final String where = "kafka log object \"" + name + "\": ";
            if (spoolDirectory == null) {
                throw new LogConfigException(where + "spoolDirectory is required");
            }
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new LogConfigException(where + "bootstrapServers is required");
            }
            if (topic == null || topic.isBlank()) {
                throw new LogConfigException(where + "topic is required");
            }
            if (sockLabel != null) {
                try {
                    SockStats.global().label(sockLabel);
                } catch (final IllegalArgumentException e) {
                    throw new LogConfigException(where + "sockLabel: " + e.getMessage(), e);
                }
            }
            if (host == null || host.isEmpty()) {
                throw new LogConfigException(where + "host must not be empty");
            }
            if (segmentBytes < 1024) {
                throw new LogConfigException(where + "segmentBytes must be at least 1024, not " + segmentBytes);
            }
            if (maxSpoolBytes < segmentBytes) {
                throw new LogConfigException(where + "maxSpoolBytes (" + maxSpoolBytes + ") must be at least segmentBytes ("
                    + segmentBytes + ")");
            }
            Objects.requireNonNull(whenFull, "whenFull");
            Objects.requireNonNull(shape, "shape");
            if ("false".equalsIgnoreCase(properties.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))
                || properties.containsKey(ProducerConfig.ACKS_CONFIG) && !"all".equals(properties.get(ProducerConfig.ACKS_CONFIG))
                && !"-1".equals(properties.get(ProducerConfig.ACKS_CONFIG))) {
                throw new LogConfigException(where + "acks=all and enable.idempotence=true are what make delivery"
                    + " at least once with no reordering; they cannot be changed");
            }
            return new KafkaLogObject(this);
        }
    }
}
