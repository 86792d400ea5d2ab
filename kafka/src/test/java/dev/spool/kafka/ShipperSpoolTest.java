package dev.spool.kafka;

import dev.spool.engine.Log;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.cli.SpoolCat;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static KafkaLogObject.Builder object(final Path spool) {
        return KafkaLogObject.builder("app", spool).bootstrapServers("unused:9092").topic("logs").host("test-host")
            .format("%<msg>").bufferSize(1024).sockLabel(null);
    }
}
