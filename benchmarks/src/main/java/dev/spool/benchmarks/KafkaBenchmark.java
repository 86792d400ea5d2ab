package dev.spool.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObject;
import dev.spool.kafka.KafkaBroker;
import dev.spool.kafka.KafkaLogObject;
import dev.spool.kafka.Shape;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Events per second <em>shipped</em> to Kafka: one invocation logs {@value #BATCH} events on one
 * thread and returns once the broker has acknowledged all of them, so the figure is end to end
 * (caller, rendering, producer, broker), not how fast callers hand events over. The broker is a
 * real single-node one on this machine (spool-kafka's test fixture: Kafka's own server in a child
 * JVM), started once per fork, with a topic per setup.
 *
 * <ul>
 *   <li>{@code spool-buffers}, {@code spool-lines}: Spool's Kafka log object, one record per
 *       buffer or per event; done when its shipper has nothing waiting after a flush.</li>
 *   <li>{@code log4j2-sync}, {@code log4j2-async}: Log4j2's {@code Kafka} appender with its stock
 *       settings, {@code syncSend} true (its default) and false, a {@code PatternLayout} giving the
 *       same line as Spool's lines; done when the topic's end offset has grown by the batch.</li>
 * </ul>
 * Run it by name (it starts a broker, so no script runs it by default):
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main KafkaBenchmark -f 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class KafkaBenchmark {
    static final int BATCH = 10_000;
    private static final String FORMAT = "%<time> %<level> [%<thread>] %<logger> - %<msg>";

    @Param({"spool-buffers", "spool-lines", "log4j2-sync", "log4j2-async"})
    public String setup;

    private Path dir;
    private KafkaBroker broker;
    private String topic;
    private Log log;
    private LogObject object;
    private KafkaLogObject kafka;
    private MutableLogEvent event;
    private org.apache.logging.log4j.core.LoggerContext log4j;
    private Logger logger;
    private KafkaConsumer<byte[], byte[]> offsets;
    private TopicPartition partition;
    private long expectedEnd;
    private final Arguments args = new Arguments();
    private final StringBuilder message = new StringBuilder(64);

    /** The Kafka clients log through slf4j, whose binding here is Logback: warnings only. */
    static void quietKafkaClients() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("org.apache.kafka")
            .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        quietKafkaClients();
        dir = EventLedger.benchDirectory("spool-bench-kafka");
        broker = KafkaBroker.start(dir.resolve("broker"));
        topic = broker.newTopic("bench-" + setup);
        partition = new TopicPartition(topic, 0);
        offsets = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
            new ByteArrayDeserializer(), new ByteArrayDeserializer());
        if (setup.startsWith("spool")) {
            kafka = KafkaLogObject.builder("bench", dir.resolve("spool")).bootstrapServers(broker.bootstrap()).topic(topic)
                .host("bench").format(FORMAT).shape(setup.equals("spool-lines") ? Shape.LINES : Shape.BUFFERS)
                .drainTimeout(Duration.ofSeconds(60)).build();
            log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(kafka.config()).build());
            object = log.object("bench");
            event = new MutableLogEvent().level("INFO").loggerName("bench.Requests").threadName("worker-1");
        } else {
            final Path xml = dir.resolve(setup + ".xml");
            Files.writeString(xml, "<Configuration status=\"warn\"><Appenders>"
                + "<Kafka name=\"kafka\" topic=\"" + topic + "\" syncSend=\"" + setup.equals("log4j2-sync") + "\">"
                + "<PatternLayout pattern=\"%d{yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX} %p [%t] %c - %m\"/>"
                + "<Property name=\"bootstrap.servers\">" + broker.bootstrap() + "</Property></Kafka></Appenders>"
                + "<Loggers><Logger name=\"org.apache.kafka\" level=\"warn\" additivity=\"false\"/>"
                + "<Root level=\"info\"><AppenderRef ref=\"kafka\"/></Root></Loggers></Configuration>");
            log4j = Configurator.initialize(setup, xml.toString());
            logger = log4j.getLogger("bench.Requests");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (log != null) {
            log.stop();
        }
        if (log4j != null) {
            Configurator.shutdown(log4j, 60, TimeUnit.SECONDS);
        }
        offsets.close();
        broker.close();
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (final Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Logs a batch and waits until the broker has acknowledged every event of it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ship() {
        if (log != null) {
            for (int i = 0; i < BATCH; i++) {
                message.setLength(0);
                message.append("Request ").append(args.requestId().longValue()).append(" completed in ")
                    .append(args.micros().intValue()).append(" us");
                log.access(event.timestampNanos(System.currentTimeMillis() * 1_000_000L).message(message));
            }
            log.flush(object);
            while (kafka.stats().getBuffersWaiting() > 0) {
                LockSupport.parkNanos(200_000L);
            }
        } else {
            for (int i = 0; i < BATCH; i++) {
                logger.info("Request {} completed in {} us", args.requestId(), args.micros());
            }
            expectedEnd += BATCH;
            while (offsets.endOffsets(List.of(partition)).get(partition) < expectedEnd) {
                LockSupport.parkNanos(1_000_000L);
            }
        }
    }
}
