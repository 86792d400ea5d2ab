package dev.spool.benchmarks;

import dev.spool.engine.Log;
import dev.spool.engine.cli.SpoolCat;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.kafka.KafkaBroker;
import dev.spool.kafka.KafkaLogObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Caller latency while the broker is away, Spool's Kafka log object beside Log4j2's
 * {@code Kafka} appender (stock settings, {@code syncSend} true and false): one thread logs 500
 * events a second for 25 s; the broker is killed at 5 s and started again at 15 s. Prints, per
 * setup, the calls' latency (p50, p99, max), how many took over 100 ms, the time the caller spent
 * inside log calls, and how many events reached the topic. Run by hand (it takes a few minutes;
 * the broker is spool-kafka's test fixture, {@link KafkaBroker}):
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' dev.spool.benchmarks.OutageLatencyProbe}.
 */
public final class OutageLatencyProbe {
    private static final int RATE = 500;
    private static final int SECONDS = 25;
    private static final int EVENTS = RATE * SECONDS;

    private OutageLatencyProbe() {
    }

    public static void main(final String[] args) throws Exception {
        KafkaBenchmark.quietKafkaClients();
        final Path dir = Files.createTempDirectory("spool-outage-probe");
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            for (final String setup : List.of("spool", "log4j2-sync", "log4j2-async")) {
                final String topic = "probe-" + setup;
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                }
                final long[] nanos;
                final long arrived;
                if (setup.equals("spool")) {
                    final KafkaLogObject kafka = KafkaLogObject.builder("app", dir.resolve("spool"))
                        .bootstrapServers(broker.bootstrap()).topic(topic).host("probe").format("%<msg>")
                        .drainTimeout(Duration.ofSeconds(60)).build();
                    final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(kafka.config()).build());
                    final MutableLogEvent e = new MutableLogEvent().threadName("main").loggerName("probe").level("INFO");
                    nanos = run(broker, i -> log.access(e.timestampNanos(System.currentTimeMillis() * 1_000_000L)
                        .message(Integer.toString(i))));
                    log.stop();
                    kafka.close();
                    arrived = spoolEvents(broker, topic);
                } else {
                    final Path xml = dir.resolve(setup + ".xml");
                    Files.writeString(xml, "<Configuration status=\"warn\"><Appenders>"
                        + "<Kafka name=\"kafka\" topic=\"" + topic + "\" syncSend=\"" + setup.equals("log4j2-sync") + "\">"
                        + "<PatternLayout pattern=\"%m\"/><Property name=\"bootstrap.servers\">" + broker.bootstrap()
                        + "</Property></Kafka></Appenders><Loggers><Logger name=\"org.apache.kafka\" level=\"warn\""
                        + " additivity=\"false\"/><Root level=\"info\"><AppenderRef ref=\"kafka\"/></Root></Loggers>"
                        + "</Configuration>");
                    final LoggerContext context = Configurator.initialize(setup, xml.toString());
                    final Logger logger = context.getLogger("probe");
                    nanos = run(broker, i -> logger.info("{}", i));
                    Configurator.shutdown(context, 60, TimeUnit.SECONDS);
                    arrived = records(broker, topic);
                }
                report(setup, nanos, arrived);
            }
        }
        LogManager.shutdown();
    }

    /**
     * Logs event i at its time (500 a second; a caller held up logs the ones it missed at once),
     * while another thread kills the broker at 5 s and starts it again at 15 s; each call's duration.
     */
    private static long[] run(final KafkaBroker broker, final IntConsumer log) throws Exception {
        final long[] nanos = new long[EVENTS];
        final long start = System.nanoTime();
        final Thread outage = new Thread(() -> {
            try {
                Thread.sleep(5_000);
                broker.kill(); // gone at once, as a crashed broker is
                Thread.sleep(Math.max(0, 15_000 - (System.nanoTime() - start) / 1_000_000));
                broker.restart();
            } catch (final Exception x) {
                throw new IllegalStateException(x);
            }
        }, "outage");
        outage.start();
        for (int i = 0; i < EVENTS; i++) {
            final long due = start + i * (1_000_000_000L / RATE);
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            final long t = System.nanoTime();
            log.accept(i);
            nanos[i] = System.nanoTime() - t;
        }
        outage.join();
        return nanos;
    }

    private static void report(final String setup, final long[] nanos, final long arrived) {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long over = 0;
        long total = 0;
        for (final long n : nanos) {
            total += n;
            if (n > 100_000_000L) {
                over++;
            }
        }
        System.out.printf("%-13s calls %d, p50 %.3f ms, p99 %.3f ms, max %.1f ms, over 100 ms: %d, in log calls: %.1f s,"
                + " arrived: %d%n", setup, nanos.length, sorted[nanos.length / 2] / 1e6, sorted[nanos.length * 99 / 100] / 1e6,
            sorted[nanos.length - 1] / 1e6, over, total / 1e9, arrived);
    }

    private static long records(final KafkaBroker broker, final String topic) {
        final TopicPartition p = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrap()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return c.endOffsets(List.of(p)).get(p);
        }
    }

    private static long spoolEvents(final KafkaBroker broker, final String topic) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        SpoolCat.run(new String[] {"--kafka", broker.bootstrap(), "--topic", topic, "--from-beginning"}, out,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        return out.toString(StandardCharsets.UTF_8).lines().count();
    }
}
