package dev.spool.kafka;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spool.engine.cli.SpoolCat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code KafkaLogObject} elements of log4j2.xml and logback.xml against a real broker: a
 * Spool appender configured in the file ships every event its file gets (the Kafka client's own
 * loggers left out), each once, each thread in order, and the shipper is drained when the
 * framework stops; bad settings are said, naming them, and the appender's file keeps working.
 */
class KafkaConfigFilesTest extends SharedBrokerTest {
    private static final int THREADS = 4;
    private static final int EVENTS = 2_000;

    @Test
    void log4j2XmlShipsWhatTheAppenderWritesAndSaysWhatDoesNotApply(@TempDir final Path dir) throws Exception {
        final String kafka = """
            <KafkaLogObject name="kafka" topic="%2$s" spoolDirectory="%1$s/spool" host="test-host" syncSend="true">
              <PatternLayout pattern="%%m%%n"/>
              <Property name="bootstrap.servers">%3$s</Property>
              <Property name="linger.ms">5</Property>
            </KafkaLogObject>
            """.formatted(dir, topic, broker.bootstrap());
        final Status4j status = new Status4j().listen();
        final org.apache.logging.log4j.core.LoggerContext context;
        try {
            context = log4j2(dir, "app.log", kafka);
            logFromThreads((thread, i) -> context.getLogger("app.T" + thread).info("t{} {}", thread, i));
            context.getLogger("org.apache.kafka.clients.NetworkClient").info("from the Kafka client");
            Configurator.shutdown(context); // stops the engine, which drains the shipper
        } finally {
            status.stop();
        }
        assertTrue(status.lines.contains("WARN Spool KafkaLogObject \"kafka\": syncSend=\"true\" does not apply: a"
            + " caller never waits for the broker: the flush thread writes the spool and the shipper sends from it"),
            String.join("\n", status.lines));
        assertTrue(status.lines.stream().anyMatch(l -> l.startsWith("WARN Spool KafkaLogObject \"kafka\": its layout is"
            + " not used")), String.join("\n", status.lines));
        assertEquals(0, status.lines.stream().filter(l -> l.startsWith("ERROR")).count(), String.join("\n", status.lines));
        assertShipped(dir);
    }

    @Test
    void logbackXmlShipsWhatTheAppenderWrites(@TempDir final Path dir) throws Exception {
        final LoggerContext context = logback(dir, """
            <logObject class="dev.spool.kafka.LogbackKafkaLogObject">
              <name>kafka</name>
              <topic>%s</topic>
              <spoolDirectory>%s/spool</spoolDirectory>
              <host>test-host</host>
              <producerConfig>bootstrap.servers=%s</producerConfig>
              <producerConfig>linger.ms=5</producerConfig>
            </logObject>
            """.formatted(topic, dir, broker.bootstrap()));
        logFromThreads((thread, i) -> context.getLogger("app.T" + thread).info("t{} {}", thread, i));
        context.getLogger("org.apache.kafka.clients.NetworkClient").info("from the Kafka client");
        context.stop();
        assertEquals(List.of(), statuses(context, Status.WARN));
        assertShipped(dir);
    }

    @Test
    void log4j2XmlWithShapeLinesShipsEachEventAsOneRecord(@TempDir final Path dir) throws Exception {
        final org.apache.logging.log4j.core.LoggerContext context = log4j2(dir, "app.log", """
            <KafkaLogObject name="kafka" topic="%s" spoolDirectory="%s/spool" host="test-host" bootstrapServers="%s"
                            shape="lines" format="%%[msg]"/>
            """.formatted(topic, dir, broker.bootstrap()));
        logFromThreads((thread, i) -> context.getLogger("app.T" + thread).info("t{} {}", thread, i));
        Configurator.shutdown(context);

        // Read as a consumer that drops duplicates by (host, object, sequence, entry) would.
        final TreeMap<String, String> events = new TreeMap<>();
        for (final ConsumerRecord<byte[], byte[]> r : broker.readAll(topic)) {
            assertEquals("test-host/kafka", new String(r.key(), StandardCharsets.UTF_8));
            final String at = String.format("%020d/%06d", Long.parseLong(header(r, KafkaLogObject.SEQUENCE)),
                Integer.parseInt(header(r, KafkaLogObject.ENTRY)));
            assertEquals(null, events.put(at, new String(r.value(), StandardCharsets.UTF_8)), "no failure: no duplicate");
        }
        assertEquals(THREADS * EVENTS, events.size(), "one record per event");
        assertEachThreadInOrder(events.values());
    }

    @Test
    void logbackXmlWithShapeJsonLinesShipsEachEventAsItsJson(@TempDir final Path dir) throws Exception {
        final LoggerContext context = logback(dir, """
            <logObject class="dev.spool.kafka.LogbackKafkaLogObject">
              <name>kafka</name>
              <topic>%s</topic>
              <spoolDirectory>%s/spool</spoolDirectory>
              <bootstrapServers>%s</bootstrapServers>
              <shape>json-lines</shape>
            </logObject>
            """.formatted(topic, dir, broker.bootstrap()));
        context.getLogger("app.Orders").info("order {} \"shipped\"", 42);
        context.getLogger("app.Orders").warn("two\nlines");
        context.stop();
        final List<ConsumerRecord<byte[], byte[]>> records = broker.readAll(topic);
        assertEquals(2, records.size());
        final ObjectMapper json = new ObjectMapper();
        final JsonNode first = json.readTree(records.get(0).value());
        final JsonNode second = json.readTree(records.get(1).value());
        assertEquals("kafka", first.get("log").asText());
        assertEquals("INFO", first.get("level").asText());
        assertEquals("app.Orders", first.get("logger").asText());
        assertEquals(Thread.currentThread().getName(), first.get("thread").asText());
        assertEquals("order 42 \"shipped\"", first.get("msg").asText());
        assertEquals("WARN", second.get("level").asText());
        assertEquals("two\nlines", second.get("msg").asText());
        assertEquals(List.of("0", "1"), List.of(header(records.get(0), KafkaLogObject.ENTRY),
            header(records.get(1), KafkaLogObject.ENTRY)));
    }

    @Test
    void badSettingsAreSaidByNameAndTheFileKeepsWorking(@TempDir final Path dir) throws Exception {
        // Logback: a producerConfig that is not key=value is said and left out; acks=1 leaves the object out.
        final LoggerContext context = logback(dir, """
            <logObject class="dev.spool.kafka.LogbackKafkaLogObject">
              <name>kafka</name>
              <topic>%s</topic>
              <spoolDirectory>%s/spool</spoolDirectory>
              <producerConfig>bootstrap.servers=%s</producerConfig>
              <producerConfig>linger.ms</producerConfig>
              <producerConfig>acks=1</producerConfig>
            </logObject>
            """.formatted(topic, dir, broker.bootstrap()));
        context.getLogger("app").info("still written");
        context.stop();
        assertEquals(List.of(
            "Spool appender \"app\": logObject \"kafka\": producerConfig \"linger.ms\" is not key=value; it is left out",
            "Spool appender \"app\": logObject \"kafka\": kafka log object \"kafka\": acks=all and enable.idempotence=true"
                + " are what make delivery at least once with no reordering; they cannot be changed; it is left out"),
            statuses(context, Status.ERROR));
        assertEquals("still written\n", Files.readString(dir.resolve("app.log")));
        assertTrue(Files.notExists(dir.resolve("spool")), "no spool for an object left out");

        // Log4j2: no topic leaves the object out; a bad size falls back to its default, said.
        final Status4j status = new Status4j().listen();
        try {
            final org.apache.logging.log4j.core.LoggerContext log4j = log4j2(dir, "app4j.log", """
                <KafkaLogObject name="kafka" spoolDirectory="%1$s/spool4j" bootstrapServers="%2$s"/>
                <KafkaLogObject name="kafka2" topic="t" spoolDirectory="%1$s/spool4j2" bootstrapServers="%2$s"
                                maxSpoolBytes="lots" drainTimeout="0"/>
                """.formatted(dir, broker.bootstrap()));
            log4j.getLogger("app").info("still written");
            Configurator.shutdown(log4j);
        } finally {
            status.stop();
        }
        assertTrue(status.lines.contains("ERROR Spool KafkaLogObject \"kafka\": topic is missing; it is left out"),
            String.join("\n", status.lines));
        assertTrue(status.lines.contains("ERROR Spool KafkaLogObject \"kafka2\": maxSpoolBytes=\"lots\" is not a size"
            + " (like 256 KB or 10MB); using the default maxSpoolBytes=\"1073741824 bytes\""), String.join("\n", status.lines));
        assertEquals("still written\n", Files.readString(dir.resolve("app4j.log")));
        assertTrue(Files.notExists(dir.resolve("spool4j")), "no spool for an object left out");
        assertTrue(Files.isDirectory(dir.resolve("spool4j2")), "the object with a defaulted setting runs");
    }

    @Test
    void theReadmesLog4j2SnippetShipsWhatItsFileGets(@TempDir final Path dir) throws Exception {
        final Path xml = dir.resolve("log4j2.xml");
        Files.writeString(xml, """
            <Configuration status="warn">
              <Appenders>
            %s
              </Appenders>
              <Loggers>
                <Root level="info"><AppenderRef ref="app"/></Root>
              </Loggers>
            </Configuration>
            """.formatted(readmeSnippet("<KafkaLogObject", dir)));
        final Status4j status = new Status4j().listen();
        try {
            final org.apache.logging.log4j.core.LoggerContext context = Configurator.initialize("readme", null, xml.toUri());
            logFromThreads((thread, i) -> context.getLogger("app.T" + thread).info("t{} {}", thread, i));
            Configurator.shutdown(context);
        } finally {
            StatusLogger.getLogger().removeListener(status);
        }
        assertEquals(List.of(), status.lines);
        assertReadmeSnippetShipped(dir);
    }

    @Test
    void theReadmesLogbackSnippetShipsWhatItsFileGets(@TempDir final Path dir) throws Exception {
        final LoggerContext context = new LoggerContext();
        context.setName("readme");
        context.setMDCAdapter(new LogbackMDCAdapter());
        final JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(new ByteArrayInputStream("""
            <configuration>
            %s
              <root level="INFO"><appender-ref ref="app"/></root>
            </configuration>
            """.formatted(readmeSnippet("LogbackKafkaLogObject", dir)).getBytes(StandardCharsets.UTF_8)));
        logFromThreads((thread, i) -> context.getLogger("app.T" + thread).info("t{} {}", thread, i));
        context.stop();
        assertEquals(List.of(), statuses(context, Status.WARN));
        assertReadmeSnippetShipped(dir);
    }

    /**
     * The "after" half of the README's XML snippet holding {@code marker}, made to run here: the
     * brokers are the test broker, the topic this test's, {@code logs/} is {@code dir}.
     */
    private String readmeSnippet(final String marker, final Path dir) throws Exception {
        final Matcher m = Pattern.compile("(?s)```xml\n(.*?)```").matcher(Files.readString(Path.of("..", "README.md")));
        while (m.find()) {
            final String xml = m.group(1);
            final int after = xml.indexOf("<!-- after");
            if (xml.contains(marker) && after >= 0) {
                final String snippet = xml.substring(xml.indexOf('\n', after) + 1)
                    .replace("broker-1:9092,broker-2:9092", broker.bootstrap()).replace("broker-1:9092", broker.bootstrap())
                    .replace("topic=\"logs\"", "topic=\"" + topic + "\"").replace("<topic>logs</topic>", "<topic>" + topic + "</topic>")
                    .replace("logs/", dir + "/");
                assertTrue(snippet.contains(broker.bootstrap()) && snippet.contains(topic) && snippet.contains(dir + "/app.log"),
                    snippet);
                return snippet;
            }
        }
        throw new AssertionError("no XML snippet with " + marker + " and an \"after\" half in the README");
    }

    /** The README's snippets: each thread's events in the file (its pattern) and, once each and in order, in the topic. */
    private void assertReadmeSnippetShipped(final Path dir) throws Exception {
        final List<String> shipped = shippedMessages();
        assertEquals(THREADS * EVENTS, shipped.size(), "events shipped");
        assertEachThreadInOrder(shipped);
        final List<String> file = Files.readAllLines(dir.resolve("app.log"));
        assertEquals(THREADS * EVENTS, file.size());
        final List<String> messages = new ArrayList<>();
        for (final String line : file) {
            messages.add(line.substring(line.indexOf(" - ") + 3));
        }
        assertEachThreadInOrder(messages);
    }

    /**
     * A Log4j2 context configured by a log4j2.xml in {@code dir} whose Spool appender writes
     * {@code file} (%m%n) and holds {@code inner}.
     */
    private static org.apache.logging.log4j.core.LoggerContext log4j2(final Path dir, final String file,
                                                                   final String inner) throws Exception {
        final Path xml = dir.resolve(file + ".log4j2.xml");
        Files.writeString(xml, """
            <Configuration status="warn">
              <Appenders>
                <Spool name="app" fileName="%s">
                  <PatternLayout pattern="%%m%%n"/>
                  %s
                </Spool>
              </Appenders>
              <Loggers>
                <Root level="info"><AppenderRef ref="app"/></Root>
              </Loggers>
            </Configuration>
            """.formatted(dir.resolve(file), inner));
        return Configurator.initialize(file, null, xml.toUri());
    }

    /** A Logback context with a Spool appender writing {@code app.log} (%msg%n) that holds {@code logObject}. */
    private static LoggerContext logback(final Path dir, final String logObject) throws Exception {
        final LoggerContext context = new LoggerContext();
        context.setName("kafka-config-test");
        context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's binding would set (slf4j-simple is the binding here)
        final JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(new ByteArrayInputStream("""
            <configuration>
              <appender name="app" class="dev.spool.logback.SpoolAppender">
                <file>%s/app.log</file>
                <encoder><pattern>%%msg%%n</pattern></encoder>
                %s
              </appender>
              <root level="INFO"><appender-ref ref="app"/></root>
            </configuration>
            """.formatted(dir, logObject).getBytes(StandardCharsets.UTF_8)));
        return context;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> r, final String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    /** The messages of the context's statuses from {@code level} up. */
    private static List<String> statuses(final LoggerContext context, final int level) {
        final List<String> messages = new ArrayList<>();
        for (final Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() >= level) {
                messages.add(s.getMessage());
            }
        }
        return messages;
    }

    private static void logFromThreads(final BiConsumer<Integer, Integer> log) throws InterruptedException {
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    log.accept(thread, i);
                }
            }, "T" + t));
        }
        threads.forEach(Thread::start);
        for (final Thread t : threads) {
            t.join();
        }
    }

    /**
     * The topic, read back by spool-cat, holds each thread's events once, in order, and nothing
     * of the Kafka client's loggers; the appender's own file has them all and that one too. The
     * framework's stop drained the shipper and stopped it (its thread is gone).
     */
    private void assertShipped(final Path dir) throws Exception {
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("spool-kafka-kafka")),
            "the framework's stop stopped the shipper");
        final List<String> lines = shippedMessages();
        assertEquals(THREADS * EVENTS, lines.size(), "events shipped");
        assertEachThreadInOrder(lines);
        final List<String> file = Files.readAllLines(dir.resolve("app.log"));
        assertEquals(THREADS * EVENTS + 1, file.size());
        assertEquals("from the Kafka client", file.get(file.size() - 1));
    }

    /** The messages of the topic's events, read back by spool-cat (which must say nothing and end with 0). */
    private List<String> shippedMessages() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = SpoolCat.run(new String[] {"--kafka", broker.bootstrap(), "--topic", topic, "--from-beginning",
            "--format", "%<msg>"}, out, new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, status);
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    /** The lines are "tK i", each thread K's i counting from 0 with none missing or repeated. */
    private static void assertEachThreadInOrder(final Iterable<String> lines) {
        final int[] next = new int[THREADS];
        for (final String line : lines) {
            final int thread = Integer.parseInt(line.substring(1, line.indexOf(' ')));
            assertEquals("t" + thread + " " + next[thread], line, "thread " + thread + " in order, once each");
            next[thread]++;
        }
    }

    /** Log4j2's status lines from WARN up, as "LEVEL message". */
    private static final class Status4j implements StatusListener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Status4j listen() {
            StatusLogger.getLogger().registerListener(this);
            return this;
        }

        void stop() {
            StatusLogger.getLogger().removeListener(this);
        }

        @Override
        public void log(final StatusData data) {
            lines.add(data.getLevel() + " " + data.getMessage().getFormattedMessage());
        }

        @Override
        public Level getStatusLevel() {
            return Level.WARN;
        }

        @Override
        public void close() {
        }
    }
}
