package dev.spool.kafka;

import dev.spool.engine.Log;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.cli.SpoolCat;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.testing.Conditions;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipper's reading of the spool, with Kafka's MockProducer in place of a broker. */
class ShipperSpoolTest {
    @Test
    void aDamagedBufferIsSkippedWithItsOffsetsAndTheBuffersAfterItAreShipped(@TempDir final Path dir) throws Exception {
        final Path spool = dir.resolve("spool");
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        // Run 1: the producer never answers, so every buffer stays in the spool.
        final MockProducer<byte[], byte[]> silent = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        final KafkaLogObject first = object(spool).producers(() -> silent).drainTimeout(Duration.ofMillis(100)).build();
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .errorListener((m, c) -> errors.add(m)).object(first.config()).build());
        final MutableLogEvent e = new MutableLogEvent().threadName("main");
        for (int i = 0; i < 400; i++) {
            log.access(e.clear().threadName("main").timestampNanos(1_763_802_902_000_000_000L + i).message("event " + i));
        }
        log.stop();
        first.close();

        // One byte of the third buffer's payload flipped on disk.
        final Path segment = SpoolSegments.list(spool, "app").firstEntry().getValue();
        final byte[] bytes = Files.readAllBytes(segment);
        final List<int[]> buffers = new ArrayList<>(); // offset, length
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < bytes.length; at += LogBufferHeader.byteCount(b, at)) {
            buffers.add(new int[] {at, LogBufferHeader.byteCount(b, at)});
        }
        assertTrue(buffers.size() >= 5, buffers.size() + " buffers");
        final int[] damaged = buffers.get(2);
        bytes[damaged[0] + damaged[1] - 3] ^= 0x40;
        Files.write(segment, bytes);

        // Run 2 ships the spool with a producer that acknowledges at once.
        errors.clear();
        final MockProducer<byte[], byte[]> acking = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        final KafkaLogObject second = object(spool).producers(() -> acking).build();
        final Log log2 = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .errorListener((m, c) -> errors.add(m)).object(second.config()).build());
        log2.stop();
        second.close();

        final List<ProducerRecord<byte[], byte[]>> sent = acking.history();
        assertEquals(buffers.size() - 1, sent.size(), "every buffer but the damaged one");
        assertEquals(damaged[1], second.stats().getSkippedBytes());
        assertEquals(List.of("kafka \"app\": bytes " + damaged[0] + " to " + (damaged[0] + damaged[1]) + " of " + segment
            + " are not an intact buffer (damaged?); not shipped, shipping goes on with the next buffer"), errors);
        // The events of every other buffer, in order.
        final Path blog = dir.resolve("sent.blog");
        try (OutputStream out = Files.newOutputStream(blog)) {
            for (final ProducerRecord<byte[], byte[]> r : sent) {
                out.write(r.value());
            }
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, SpoolCat.run(new String[] {blog.toString()}, out, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        final int lost = 400 - lines.size();
        assertTrue(lost > 0, "the damaged buffer held events");
        int firstLost = 0;
        while (lines.get(firstLost).equals("event " + firstLost)) {
            firstLost++;
        }
        final int from = firstLost;
        final List<String> expected = IntStream.range(0, 400).filter(i -> i < from || i >= from + lost)
            .mapToObj(i -> "event " + i).collect(Collectors.toList());
        assertEquals(expected, lines, "every event but one buffer's run of them, in order");
    }

    @Test
    void linesOfABufferHalfAcknowledgedWhenTheProducerFailedAreSentAgainAndReadOnce(@TempDir final Path dir)
        throws Exception {
        final MockProducer<byte[], byte[]> failing = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        final MockProducer<byte[], byte[]> acking = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        final AtomicInteger made = new AtomicInteger();
        final KafkaLogObject kafka = object(dir.resolve("spool")).shape(Shape.LINES).retry(Duration.ofMillis(50))
            .producers(() -> made.getAndIncrement() == 0 ? failing : acking).build();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .errorListener((m, c) -> errors.add(m)).object(kafka.config()).build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < 400; i++) {
            log.access(e.clear().threadName("main").timestampNanos(1_763_802_902_000_000_000L + i).message("event " + i));
        }
        log.flush(log.object("app"));
        Conditions.waitFor(30, () -> failing.history().size() == 400); // every line sent, none acknowledged
        // The broker acknowledges 30 lines (a buffer holds fewer), then the 31st fails.
        for (int i = 0; i < 30; i++) {
            assertTrue(failing.completeNext());
        }
        assertTrue(failing.errorNext(new org.apache.kafka.common.errors.NetworkException("broker away")));
        Conditions.waitFor(30, () -> kafka.stats().getBuffersWaiting() == 0);
        log.stop();

        // The reader's view: the lines acknowledged before the failure, then what the new producer sent.
        final TreeMap<String, String> read = new TreeMap<>();
        int duplicates = 0;
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(failing.history().subList(0, 30));
        records.addAll(acking.history());
        for (final ProducerRecord<byte[], byte[]> r : records) {
            final String at = String.format("%020d/%06d", Long.parseLong(header(r, KafkaLogObject.SEQUENCE)),
                Integer.parseInt(header(r, KafkaLogObject.ENTRY)));
            if (read.put(at, new String(r.value(), StandardCharsets.UTF_8)) != null) {
                duplicates++;
            }
        }
        // Each event once, in order, after dropping duplicates by (sequence, entry).
        final List<String> events = new ArrayList<>(read.values());
        for (int i = 0; i < 400; i++) {
            assertEquals("event " + i, i < events.size() ? events.get(i) : "none", "event " + i + " of " + events.size());
        }
        assertEquals(400, events.size());
        assertTrue(duplicates > 0, "the half-acknowledged buffer's first lines were sent again");
        assertEquals("0", header(acking.history().get(0), KafkaLogObject.ENTRY), "sent again from a buffer's start");
        assertEquals(400 - 30 + duplicates, acking.history().size());
        assertEquals(0, kafka.stats().getSkippedBytes());
        assertEquals(List.of("kafka \"app\": sending to topic \"logs\" failed; the spool keeps every buffer and shipping"
            + " goes on from the last acknowledged one when the broker answers"), errors);
    }

    @Test
    void aSecondObjectOnTheSameSpoolIsRefusedUntilTheFirstHasStopped(@TempDir final Path dir) throws Exception {
        final Path spool = dir.resolve("spool");
        final List<MockProducer<byte[], byte[]>> producers = Collections.synchronizedList(new ArrayList<>());
        final java.util.function.Supplier<org.apache.kafka.clients.producer.Producer<byte[], byte[]>> acking = () -> {
            final MockProducer<byte[], byte[]> p = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
            producers.add(p);
            return p;
        };
        final KafkaLogObject one = object(spool).producers(acking).build();
        final KafkaLogObject two = object(spool).producers(acking).build();
        final Log first = Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(one.config()).build());
        final LogConfigException refused = assertThrows(LogConfigException.class,
            () -> Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(two.config()).build()));
        assertEquals("kafka log object \"app\": the spool " + spool + " is in use by another Kafka log object of that"
            + " name (" + spool.resolve("app.lock") + " is locked, in this process or another); give each its own"
            + " spoolDirectory or name", refused.getMessage());
        first.access(new MutableLogEvent().threadName("main").timestampNanos(1_763_802_902_000_000_000L).message("one"));
        first.stop();
        // Stopped, the first object let go of the spool: the second takes it over.
        final Log second = Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(two.config()).build());
        second.access(new MutableLogEvent().threadName("main").timestampNanos(1_763_802_902_000_000_001L).message("two"));
        second.stop();
        assertEquals(List.of(1, 1), producers.stream().map(p -> p.history().size()).collect(Collectors.toList()),
            "one producer and one buffer for each run");
        assertEquals(0, two.stats().getBuffersWaiting());
    }

    @Test
    void aBufferTooLargeForTheBrokerIsCountedAndTheOthersShipped(@TempDir final Path dir) throws Exception {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        final KafkaLogObject kafka = object(dir.resolve("spool")).producers(() -> producer).build();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .errorListener((m, c) -> errors.add(m)).object(kafka.config()).build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < 3; i++) { // a buffer each
            log.access(e.clear().threadName("main").timestampNanos(1_763_802_902_000_000_000L + i).message("event " + i));
            log.flush(log.object("app"));
        }
        Conditions.waitFor(30, () -> producer.history().size() == 3);
        assertTrue(producer.completeNext());
        assertTrue(producer.errorNext(new RecordTooLargeException("too large")));
        assertTrue(producer.completeNext());
        Conditions.waitFor(30, () -> kafka.stats().getBuffersWaiting() == 0);
        log.stop();
        assertEquals(1, kafka.stats().getBuffersTooLarge());
        assertEquals(2, kafka.stats().getBuffersShipped());
        assertEquals(0, kafka.stats().getEventsTooLarge());
        assertEquals(1, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(0).matches("kafka \"app\": buffer \\d+ \\(\\d+ bytes\\) is larger than the broker or"
            + " producer accepts \\(max.request.size, message.max.bytes\\); it stays only in the spool"), errors.get(0));
    }

    @Test
    void anEventTooLargeForTheBrokerIsCountedOnceThoughItsBufferIsSentAgain(@TempDir final Path dir) throws Exception {
        final MockProducer<byte[], byte[]> failing = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        final MockProducer<byte[], byte[]> refusingEventOne = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                final ProducerRecord<byte[], byte[]> r, final org.apache.kafka.clients.producer.Callback callback) {
                if (!"event 1".equals(new String(r.value(), StandardCharsets.UTF_8))) {
                    return super.send(r, callback);
                }
                final RecordTooLargeException tooLarge = new RecordTooLargeException("too large");
                callback.onCompletion(null, tooLarge);
                return java.util.concurrent.CompletableFuture.failedFuture(tooLarge);
            }
        };
        final AtomicInteger made = new AtomicInteger();
        final KafkaLogObject kafka = object(dir.resolve("spool")).shape(Shape.LINES).retry(Duration.ofMillis(50))
            .producers(() -> made.getAndIncrement() == 0 ? failing : refusingEventOne).build();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .errorListener((m, c) -> errors.add(m)).object(kafka.config()).build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < 5; i++) {
            log.access(e.clear().threadName("main").timestampNanos(1_763_802_902_000_000_000L + i).message("event " + i));
        }
        log.flush(log.object("app"));
        Conditions.waitFor(30, () -> failing.history().size() == 5); // one buffer, five lines
        assertTrue(failing.completeNext());
        assertTrue(failing.errorNext(new RecordTooLargeException("too large"))); // event 1
        assertTrue(failing.completeNext());
        assertTrue(failing.errorNext(new org.apache.kafka.common.errors.NetworkException("broker away"))); // the buffer again
        Conditions.waitFor(30, () -> kafka.stats().getBuffersWaiting() == 0);
        log.stop();
        assertEquals(List.of("event 0", "event 2", "event 3", "event 4"), refusingEventOne.history().stream()
            .map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toList()));
        assertEquals(1, kafka.stats().getEventsTooLarge(), "event 1, refused twice, is one event lost");
        assertEquals(0, kafka.stats().getBuffersTooLarge());
        assertEquals(1, kafka.stats().getBuffersShipped());
        assertEquals(3, errors.size(), String.join("\n", errors)); // event 1 refused at each sending, and the failure
    }

    @Test
    void anEngineRefusedAtStartLeavesNoShipperOrLockBehind(@TempDir final Path dir) throws Exception {
        final java.util.function.Supplier<org.apache.kafka.clients.producer.Producer<byte[], byte[]>> acking =
            () -> new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        final Log running = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(object(dir.resolve("shared")).producers(acking).build().config()).build());
        // The second engine's first object starts its shipper; its second is refused (the spool is in use).
        final KafkaLogObject other = KafkaLogObject.builder("other", dir.resolve("own")).bootstrapServers("localhost:1")
            .topic("t").producers(acking).build();
        assertThrows(LogConfigException.class, () -> Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(other.config()).object(object(dir.resolve("shared")).producers(acking).build().config()).build()));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("spool-kafka-other")),
            "the refused engine's shipper is stopped");
        // And its spool is free: an object of that name takes it.
        final Log again = Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(KafkaLogObject.builder(
            "other", dir.resolve("own")).bootstrapServers("localhost:1").topic("t").producers(acking).build().config())
            .build());
        again.stop();
        running.stop();
    }

    @Test
    void anUnreadableCheckpointIsSaidAndTheEngineStarts(@TempDir final Path dir) throws Exception {
        final Path spool = dir.resolve("spool");
        Files.createDirectories(spool);
        Files.writeString(spool.resolve("app.checkpoint"), "not a checkpoint");
        final MockProducer<byte[], byte[]> acking = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        final KafkaLogObject kafka = object(spool).producers(() -> acking).build();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        // The factory says it while the engine is being built, before the engine's stats exist.
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .errorListener((m, c) -> errors.add(m)).object(kafka.config()).build());
        log.access(new MutableLogEvent().threadName("main").timestampNanos(1_763_802_902_000_000_000L).message("one"));
        log.stop();
        assertEquals(List.of("kafka \"app\": the checkpoint " + spool.resolve("app.checkpoint") + " cannot be read"
            + " (java.lang.NumberFormatException: For input string: \"not\"); shipping from the oldest buffer in the"
            + " spool (the reader drops what it already has)"), errors);
        assertEquals(1, log.stats().getErrorsReported(), "counted once the engine's stats exist");
        assertEquals(1, acking.history().size());
    }

    private static String header(final ProducerRecord<byte[], byte[]> r, final String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private static KafkaLogObject.Builder object(final Path spool) {
        return KafkaLogObject.builder("app", spool).bootstrapServers("unused:9092").topic("logs").host("test-host")
            .format("%<msg>").bufferSize(1024).sockLabel(null);
    }
}
