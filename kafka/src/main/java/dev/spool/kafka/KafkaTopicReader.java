package dev.spool.kafka;

import dev.spool.engine.cli.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code spool-cat --kafka}: reads every partition of a topic up to the end it had when the read
 * began, keeps one buffer per (host, log object, sequence) and gives each (host, log object)'s
 * buffers in sequence order. Records without Spool's headers are left out.
 * Holds what it read in memory.
 */
public final class KafkaTopicReader implements TopicReader {
    /** How long the read may go without progress before it gives up. */
    private static final Duration STALL = Duration.ofSeconds(30);

    @Override
    public List<Stream> read(final String bootstrap, final String topic, final boolean fromBeginning)
        throws IOException {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "spool-cat");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(STALL.toMillis()));
        final Map<String, TreeMap<Long, byte[]>> byStream = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic, STALL);
            if (infos == null || infos.isEmpty()) {
                throw new IOException("no topic \"" + topic + "\" at " + bootstrap);
            }
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final PartitionInfo i : infos) {
                partitions.add(new TopicPartition(topic, i.partition()));
            }
            consumer.assign(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, STALL);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long lastProgress = System.nanoTime();
            while (!reached(consumer, end)) {
                boolean any = false;
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    any = true;
                    final String host = header(r, KafkaLogObject.HOST);
                    final String object = header(r, KafkaLogObject.OBJECT);
                    final String sequence = header(r, KafkaLogObject.SEQUENCE);
                    if (header(r, KafkaLogObject.ENTRY) != null) {
                        throw new IOException("topic \"" + topic + "\" holds one event per record (a Kafka log object"
                            + " of shape lines or json-lines), which any Kafka consumer reads as it is; spool-cat --kafka"
                            + " reads the shape buffers");
                    }
                    if (host == null || object == null || sequence == null || r.value() == null) {
                        continue;
                    }
                    try {
                        byStream.computeIfAbsent("kafka:" + topic + "/" + host + "/" + object, k -> new TreeMap<>())
                            .putIfAbsent(Long.parseLong(sequence), r.value());
                    } catch (final NumberFormatException e) {
                        // not a sequence Spool wrote: left out as a record without Spool's headers
                    }
                }
                if (any) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IOException("no progress for " + STALL.toSeconds() + " s reading the topic");
                }
            }
        } catch (final KafkaException e) {
            throw new IOException(e.getMessage(), e);
        }
        final List<Stream> streams = new ArrayList<>();
        for (final Map.Entry<String, TreeMap<Long, byte[]>> e : byStream.entrySet()) {
            final ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (final byte[] b : e.getValue().values()) {
                all.write(b);
            }
            streams.add(new Stream(e.getKey(), all.toByteArray()));
        }
        return streams;
    }

    private static boolean reached(final KafkaConsumer<byte[], byte[]> consumer, final Map<TopicPartition, Long> end) {
        for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> r, final String key) {
        final Header h = r.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
