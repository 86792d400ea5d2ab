package dev.spool.kafka;

import dev.spool.engine.Log;
import dev.spool.engine.cli.SpoolCat;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.sockstat.SockLabel;
import dev.spool.engine.sockstat.SockStats;
import dev.spool.engine.testing.ChildJvm;
import dev.spool.engine.testing.Conditions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Kafka log object against a real broker: what the threads logged arrives, once each after de-duplication, in order. */
class KafkaLogObjectTest extends SharedBrokerTest {
    private static final int THREADS = 4;

    @Test
    void everyEventOfFourThreadsArrivesOnceInOrder(@TempDir final Path dir) throws Exception {
        final SockLabel label = SockStats.global().label("ship-test");
        final KafkaLogObject kafka = object(dir.resolve("spool")).sockLabel("ship-test").build();
        final Log log = start(kafka);
        runThreads(log, 0, 5_000);
        // The Kafka client's own events are not shipped (they would loop back into the client).
        log.access(new MutableLogEvent().threadName("t0").loggerName("org.apache.kafka.clients.NetworkClient")
            .timestampNanos(System.currentTimeMillis() * 1_000_000L).message("5000"));
        final LogObject object = log.object("app");
        log.stop();
        assertEquals(1, object.stats().getEventsRejected());
        kafka.close();

        final Shipped shipped = read();
        assertEquals(0, shipped.duplicates, "no failure, so nothing was sent twice");
        assertEvents(0, 5_000, shipped.text(dir));
        assertEquals(0, kafka.stats().getSpoolBytes(), "shipped segments are deleted");
        // The producer's traffic is in sockstat: the requests sent and the answers received.
        assertTrue(label.tx() > 0 && label.rx() > 0, "tx " + label.tx() + ", rx " + label.rx());
    }

    @Test
    void aBrokerKilledMidRunLosesNothingAndTheReaderDropsTheDuplicates(@TempDir final Path dir) throws Exception {
        final KafkaLogObject kafka = object(dir.resolve("spool"))
            .property("delivery.timeout.ms", "4000").property("request.timeout.ms", "2000")
            .property("max.block.ms", "1000").retry(Duration.ofMillis(200)).drainTimeout(Duration.ofSeconds(60)).build();
        final Log log = start(kafka);
        runThreads(log, 0, 2_000);
        waitFor(() -> kafka.stats().getBuffersShipped() > 0);
        broker.kill();
        runThreads(log, 2_000, 4_000); // callers go on while the broker is away
        Thread.sleep(5_000);            // longer than delivery.timeout.ms: sends fail
        broker.restart();
        runThreads(log, 4_000, 6_000);
        log.stop();
        kafka.close();

        assertTrue(kafka.stats().getSendErrors() > 0, "the sends failed while the broker was away");
        final Shipped shipped = read();
        assertEvents(0, 6_000, shipped.text(dir));
    }

    @Test
    void aBrokerDownAtStartTakesEverythingOnceItIsUp(@TempDir final Path dir) throws Exception {
        broker.stop();
        final KafkaLogObject kafka = object(dir.resolve("spool")).property("max.block.ms", "1000")
            .retry(Duration.ofMillis(200)).drainTimeout(Duration.ofSeconds(60)).build();
        final Log log = start(kafka);
        runThreads(log, 0, 2_000); // the engine started and the callers returned with no broker at all
        waitFor(() -> kafka.stats().getSpoolBytes() > 0);
        assertEquals(0, kafka.stats().getBuffersShipped());
        // What waits is visible in JMX.
        final ObjectName name = new ObjectName("dev.spool:type=KafkaShipper,name=\"app\"");
        final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        assertTrue((long) jmx.getAttribute(name, "SpoolBytes") > 0);
        assertTrue((long) jmx.getAttribute(name, "BuffersWaiting") > 0);
        assertEquals(0L, jmx.getAttribute(name, "AcknowledgedSequence"));
        broker.restart();
        runThreads(log, 2_000, 4_000);
        log.stop();
        kafka.close();

        assertEvents(0, 4_000, read().text(dir));
        assertEquals(0, kafka.stats().getBuffersWaiting());
        assertFalse(jmx.isRegistered(name), "closed: out of JMX");
    }

    @Test
    void aRestartedApplicationShipsWhatTheLastRunLeftInTheSpool(@TempDir final Path dir) throws Exception {
        final Path spool = dir.resolve("spool");
        // Run 1 ships part of its events, then the broker goes away and the run ends with the rest in the spool.
        final KafkaLogObject first = object(spool).property("max.block.ms", "1000")
            .drainTimeout(Duration.ofMillis(500)).build();
        final Log log1 = start(first);
        runThreads(log1, 0, 2_000);
        waitFor(() -> first.stats().getBuffersShipped() > 0);
        broker.stop();
        runThreads(log1, 2_000, 4_000);
        log1.stop();
        first.close();
        assertTrue(first.stats().getSpoolBytes() > 0, "the spool keeps what was not acknowledged");
        final long waiting = first.stats().getBuffersWaiting();
        assertTrue(waiting > 0, "buffers wait");
        assertTrue(Files.exists(Shipper.checkpointPath(spool, "app")), "a checkpoint was written");

        // Run 2 starts from the checkpoint: the old spool first, then its own events.
        broker.restart();
        final KafkaLogObject second = object(spool).drainTimeout(Duration.ofSeconds(60)).build();
        final Log log2 = start(second);
        waitFor(() -> second.stats().getBuffersShipped() == waiting); // the next run counts what the last one left
        runThreads(log2, 4_000, 6_000);
        log2.stop();
        second.close();

        assertEvents(0, 6_000, read().text(dir));
        assertEquals(0, second.stats().getSpoolBytes(), "shipped segments are deleted");

        // Run 3 finds an empty spool and a checkpoint: its segments are numbered on from the checkpoint's.
        final KafkaLogObject third = object(spool).drainTimeout(Duration.ofSeconds(60)).build();
        final Log log3 = start(third);
        runThreads(log3, 6_000, 8_000);
        log3.stop();
        third.close();
        assertEvents(0, 8_000, read().text(dir));
    }

    @Test
    void aFullSpoolUnderWhenFullDropCountsEveryEventItDrops(@TempDir final Path dir) throws Exception {
        broker.stop();
        final Path spool = dir.resolve("spool");
        // A spool of 4 KiB: full after its first buffer or two, however many buffers the callers
        // fill before dropping for want of one (on a loaded machine nearly all events are dropped
        // that way, and the few buffers written, compacted, did not fill a 64 KiB spool).
        final KafkaLogObject first = object(spool).maxSpoolBytes(4 * 1024).segmentBytes(1024)
            .whenFull(WhenFull.DROP).property("max.block.ms", "1000").drainTimeout(Duration.ofMillis(200)).build();
        final Log log = start(first);
        final LogObject object = log.object("app");
        runThreads(log, 0, 5_000); // about 20 bytes an event: far more than the spool holds
        log.stop();
        first.close();
        assertTrue(object.stats().getEventsLostNoSpace() > 0, "the spool filled up");
        // Callers also drop when every buffer is taken (whenFull=drop's other cause): counted too.
        final long lost = object.stats().getEventsLost();

        broker.restart();
        final KafkaLogObject second = object(spool).drainTimeout(Duration.ofSeconds(60)).build();
        final Log log2 = start(second);
        log2.stop();
        second.close();
        final Map<String, List<Integer>> read = perThread(read().text(dir));
        long arrived = 0;
        for (final List<Integer> events : read.values()) {
            arrived += events.size();
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i - 1) < events.get(i), "each thread's events in order");
            }
        }
        assertEquals(THREADS * 5_000L, arrived + lost, "every event arrived or was counted as lost");
    }

    @Test
    void anApplicationKilledMidRunResumesFromTheCheckpoint(@TempDir final Path dir) throws Exception {
        final Path spool = dir.resolve("spool");
        final Process app = ChildJvm.start(List.of("-Xmx256m", "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider"), ShippingApp.class, broker.bootstrap(), topic,
            spool.toString());
        try {
            waitFor(() -> Shipper.readCheckpoint(spool, "app", (m, c) -> { }).sequence() >= 5);
        } finally {
            app.destroyForcibly(); // kill -9
            app.waitFor();
        }

        // The next run ships what the killed one left in the spool, then its own events.
        final KafkaLogObject second = object(spool).drainTimeout(Duration.ofSeconds(60)).build();
        final Log log = start(second);
        runThreads(log, 0, 1_000, "r");
        log.stop();
        second.close();

        final Map<String, List<Integer>> read = perThread(read().text(dir));
        for (int t = 0; t < THREADS; t++) {
            // The killed run's events: from 0 on without a gap; only its last ones (still in memory) may be missing.
            final List<Integer> killed = read.get("t" + t);
            assertTrue(killed.size() > 0, "thread t" + t + " of the killed run shipped events");
            for (int i = 0; i < killed.size(); i++) {
                assertEquals(i, killed.get(i), "thread t" + t + "'s events from the killed run");
            }
            assertEquals(expected(0, 1_000).get("t0"), read.get("r" + t), "thread r" + t + " of the second run");
        }
    }

    @Test
    void aFullSpoolUnderWhenFullBlockHoldsTheCallersUntilTheBrokerTakesItAndLosesNothing(@TempDir final Path dir)
        throws Exception {
        broker.stop();
        final KafkaLogObject kafka = object(dir.resolve("spool")).maxSpoolBytes(64 * 1024).segmentBytes(16 * 1024)
            .property("max.block.ms", "1000").retry(Duration.ofMillis(200)).drainTimeout(Duration.ofSeconds(60)).build();
        final Log log = start(kafka);
        final Thread callers = new Thread(() -> {
            try {
                runThreads(log, 0, 5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        callers.start();
        waitFor(() -> kafka.stats().getSpoolBytes() >= 64 * 1024);
        callers.join(2_000);
        assertTrue(callers.isAlive(), "the callers wait while the spool is full");
        broker.restart();
        callers.join(60_000);
        assertFalse(callers.isAlive(), "the callers went on once the broker took the spool");
        final LogObject object = log.object("app");
        log.stop();
        kafka.close();
        assertEquals(0, object.stats().getEventsLost());
        assertEvents(0, 5_000, read().text(dir));
    }

    /**
     * With the producer's own timeouts, a send made while the broker is away fails in send() itself
     * (no metadata within max.block.ms), before the sends ahead of it have failed: the shipper must
     * still start again from the last acknowledged buffer.
     */
    @Test
    void aBrokerKilledUnderTheDefaultTimeoutsLosesNothing(@TempDir final Path dir) throws Exception {
        final KafkaLogObject kafka = object(dir.resolve("spool")).drainTimeout(Duration.ofSeconds(40)).build();
        final Log log = start(kafka);
        runThreads(log, 0, 2_000);
        waitFor(() -> kafka.stats().getBuffersShipped() > 0);
        broker.kill();
        runThreads(log, 2_000, 4_000);
        Thread.sleep(3_000);
        broker.restart();
        runThreads(log, 4_000, 6_000);
        log.stop();
        kafka.close();
        assertEvents(0, 6_000, read().text(dir));
    }

    @Test
    void aLostCheckpointNeverMakesTheNextRunReuseASequenceNumber(@TempDir final Path dir) throws Exception {
        final Path spool = dir.resolve("spool");
        for (int run = 0; run < 2; run++) {
            final KafkaLogObject kafka = object(spool).drainTimeout(Duration.ofSeconds(60)).build();
            final Log log = start(kafka);
            runThreads(log, run * 1_000, (run + 1) * 1_000);
            log.stop();
            kafka.close();
            assertEquals(0, kafka.stats().getBuffersWaiting());
            Files.delete(Shipper.checkpointPath(spool, "app")); // lost: the next run starts from the spool alone
        }
        // Had the second run numbered its buffers from 0 again, the reader would drop them as duplicates.
        final Shipped shipped = read();
        assertEquals(0, shipped.duplicates);
        assertEvents(0, 2_000, shipped.text(dir));
    }

    @Test
    void spoolCatReadsTheTopicWithEachBufferOnceAndHostsMergedInTime(@TempDir final Path dir) throws Exception {
        final long t0 = 1_763_802_902_000_000_000L;
        for (final String host : List.of("host-a", "host-b")) {
            final KafkaLogObject kafka = KafkaLogObject.builder("app", dir.resolve(host)).bootstrapServers(broker.bootstrap())
                .topic(topic).host(host).format("%<thread> %<msg>").bufferSize(4 * 1024).build();
            final Log log = start(kafka);
            final MutableLogEvent e = new MutableLogEvent();
            for (int i = 0; i < 1_000; i++) { // host-a at even microseconds, host-b at odd ones
                log.access(e.clear().threadName(host).timestampNanos(t0 + (2L * i + (host.equals("host-a") ? 0 : 1)) * 1_000)
                    .message(Integer.toString(i)));
            }
            log.stop();
            kafka.close();
        }
        // One buffer sent twice, as a retry after a lost acknowledgement would: read once.
        sendAgain(firstRecord());

        final StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            expected.append("host-a ").append(i).append('\n').append("host-b ").append(i).append('\n');
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = SpoolCat.run(new String[] {"--kafka", broker.bootstrap(), "--topic", topic, "--from-beginning"},
            out, new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, status);
        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));

        // --stats: each (host, log object) and their total, the duplicate left out.
        out.reset();
        assertEquals(0, SpoolCat.run(new String[] {"--kafka", broker.bootstrap(), "--topic", topic, "--from-beginning",
            "--stats"}, out, new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])));
        final List<String> stats = out.toString(StandardCharsets.UTF_8).lines().collect(java.util.stream.Collectors.toList());
        assertEquals(List.of("kafka:" + topic + "/host-a/app", "kafka:" + topic + "/host-b/app", "total of 2 streams"),
            stats.stream().filter(l -> !l.startsWith(" ")).collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of("  events:          1000", "  events:          1000", "  events:          2000"),
            stats.stream().filter(l -> l.startsWith("  events:")).collect(java.util.stream.Collectors.toList()));
        assertEquals(3, stats.stream().filter(l -> l.equals("  damaged regions: 0")).count());

        // Without --from-beginning, only what arrives meanwhile: nothing.
        out.reset();
        assertEquals(0, SpoolCat.run(new String[] {"--kafka", broker.bootstrap(), "--topic", topic}, out,
            new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        // A topic that is not there is said, naming it.
        assertEquals(1, SpoolCat.run(new String[] {"--kafka", broker.bootstrap(), "--topic", "nothing-here", "--from-beginning"},
            out, new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no topic \"nothing-here\""), err.toString(StandardCharsets.UTF_8));
    }

    private KafkaLogObject.Builder object(final Path spool) {
        return KafkaLogObject.builder("app", spool).bootstrapServers(broker.bootstrap()).topic(topic).host("test-host")
            .format("%<thread> %<msg>").bufferSize(16 * 1024).segmentBytes(64 * 1024);
    }

    /** Each of the threads logs "n" for n in [from, to), in order. */
    private static void runThreads(final Log log, final int from, final int to) throws InterruptedException {
        runThreads(log, from, to, "t");
    }

    /** Each of the threads ({@code prefix0}, {@code prefix1}, ...) logs "n" for n in [from, to), in order. */
    private static void runThreads(final Log log, final int from, final int to, final String prefix)
        throws InterruptedException {
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final String name = prefix + t;
            threads.add(new Thread(() -> {
                final MutableLogEvent e = new MutableLogEvent().threadName(name);
                for (int i = from; i < to; i++) {
                    log.access(e.clear().threadName(name).timestampNanos(System.currentTimeMillis() * 1_000_000L)
                        .message(Integer.toString(i)));
                }
            }, name));
        }
        threads.forEach(Thread::start);
        for (final Thread t : threads) {
            t.join();
        }
    }

    /** Each thread's events in {@code text} are exactly [from, to), in order; a failure says where they differ first. */
    private static void assertEvents(final int from, final int to, final String text) {
        final Map<String, List<Integer>> expected = expected(from, to);
        final Map<String, List<Integer>> read = perThread(text);
        assertEquals(expected.keySet(), read.keySet(), "threads");
        for (final Map.Entry<String, List<Integer>> e : expected.entrySet()) {
            final List<Integer> got = read.get(e.getKey());
            int i = 0;
            while (i < Math.min(got.size(), e.getValue().size()) && got.get(i).equals(e.getValue().get(i))) {
                i++;
            }
            if (i < e.getValue().size() || i < got.size()) {
                throw new AssertionError("thread " + e.getKey() + ": " + e.getValue().size() + " events expected, "
                    + got.size() + " read; the first difference is at index " + i + ": expected "
                    + (i < e.getValue().size() ? e.getValue().get(i) : "none") + ", read " + (i < got.size() ? got.get(i) : "none"));
            }
        }
    }

    private static Map<String, List<Integer>> expected(final int from, final int to) {
        final Map<String, List<Integer>> m = new TreeMap<>();
        for (int t = 0; t < THREADS; t++) {
            final List<Integer> l = new ArrayList<>();
            for (int i = from; i < to; i++) {
                l.add(i);
            }
            m.put("t" + t, l);
        }
        return m;
    }

    private static Map<String, List<Integer>> perThread(final String text) {
        final Map<String, List<Integer>> m = new TreeMap<>();
        for (final String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("spool: ")) { // a loss line: the lost events are counted apart
                continue;
            }
            final String[] parts = line.split(" ");
            m.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        return m;
    }

    /** The buffers read back, one per (host, object, sequence), by sequence. */
    private record Shipped(TreeMap<Long, byte[]> buffers, int duplicates) {
        /** The buffers as one binary log, rendered by spool-cat. */
        String text(final Path dir) throws Exception {
            final Path blog = dir.resolve("read-back.blog");
            try (OutputStream out = Files.newOutputStream(blog)) {
                for (final byte[] b : buffers.values()) {
                    out.write(b);
                }
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int status = SpoolCat.run(new String[] {blog.toString()}, out,
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
            assertEquals("", err.toString(StandardCharsets.UTF_8));
            assertEquals(0, status);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Reads the topic from its beginning to its end (everything acknowledged is there), or fails after 60 s. */
    private Shipped read() {
        final TopicPartition partition = new TopicPartition(topic, 0);
        final TreeMap<Long, byte[]> buffers = new TreeMap<>();
        int duplicates = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(partition) < end) {
                assertTrue(System.nanoTime() - deadline < 0, "the topic read to its end in 60 s");
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals("test-host", header(r, KafkaLogObject.HOST));
                    assertEquals("app", header(r, KafkaLogObject.OBJECT));
                    assertEquals("test-host/app", new String(r.key(), StandardCharsets.UTF_8));
                    final long sequence = Long.parseLong(header(r, KafkaLogObject.SEQUENCE));
                    if (buffers.putIfAbsent(sequence, r.value()) != null) {
                        duplicates++;
                    }
                }
            }
        }
        assertTrue(buffers.size() > 0, "buffers read back");
        return new Shipped(buffers, duplicates);
    }

    private static String header(final ConsumerRecord<byte[], byte[]> r, final String key) {
        final Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A broker start or restart takes seconds on a loaded machine: 30 s, not the usual 10. */
    private static void waitFor(final java.util.function.BooleanSupplier condition) throws InterruptedException {
        Conditions.waitFor(30, condition);
    }

    /** An engine with just this Kafka object. */
    private static Log start(final KafkaLogObject kafka) {
        return Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(kafka.config()).build());
    }
}
