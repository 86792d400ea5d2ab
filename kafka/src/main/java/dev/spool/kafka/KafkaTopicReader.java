package dev.spool.kafka;

import dev.spool.engine.cli.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code spool-cat --kafka}: reads every partition of a topic. The first batch (up to the end the
 * topic had when the read began) is held in memory, sorted and stripped of duplicates by (host,
 * log object, sequence, entry); following, each poll's new records are a batch, a record kept
 * when it comes after the last one given of its (host, log object) (a shipper sends a stream's
 * records in order, to one partition, and sends again only from an earlier checkpoint, so
 * anything at or before the last one given is a duplicate).
 */
public final class KafkaTopicReader implements TopicReader {
    /** How long the first batch's read may go without progress before it gives up. */
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    /** A stream's records in (sequence, entry) order; a buffer's entry is -1. */
    private static final Comparator<Shipped> ORDER = Comparator.comparingLong(Shipped::sequence)
        .thenComparingInt(Shipped::entry);

    @Override
    public void read(final String bootstrap, final String topic, final boolean fromBeginning, final boolean follow,
                     final Sink sink) throws IOException {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "spool-cat");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(STALL.toMillis()));
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
            final Map<String, TreeMap<Shipped, Shipped>> first = new TreeMap<>();
            long lastProgress = System.nanoTime();
            while (!reached(consumer, end)) {
                boolean any = false;
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    any = true;
                    final Shipped s = shipped(topic, r);
                    if (s != null) {
                        first.computeIfAbsent(s.stream(), k -> new TreeMap<>(ORDER)).putIfAbsent(s, s);
                    }
                }
                if (any) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IOException("no progress for " + STALL.toSeconds() + " s reading the topic");
                }
            }
            final Map<String, Shipped> last = new HashMap<>();
            final List<Shipped> batch = new ArrayList<>();
            for (final TreeMap<Shipped, Shipped> stream : first.values()) {
                batch.addAll(stream.keySet());
                last.put(stream.lastKey().stream(), stream.lastKey());
            }
            first.clear();
            sink.batch(batch);
            while (follow && !Thread.interrupted()) {
                batch.clear();
                final ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(POLL);
                } catch (final InterruptException e) {
                    Thread.interrupted(); // cleared while the consumer closes, so it closes cleanly; set again below
                    break;
                }
                for (final ConsumerRecord<byte[], byte[]> r : polled) {
                    final Shipped s = shipped(topic, r);
                    if (s == null) {
                        continue;
                    }
                    final Shipped before = last.get(s.stream());
                    if (before == null || ORDER.compare(s, before) > 0) {
                        batch.add(s);
                        last.put(s.stream(), s);
                    }
                }
                if (!batch.isEmpty()) {
                    sink.batch(batch);
                }
            }
        } catch (final KafkaException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (follow) {
            Thread.currentThread().interrupt(); // following ended for an interrupt: the caller may want to know
        }
    }

    /** The record as Spool shipped it, or null when it lacks Spool's headers. */
    private static Shipped shipped(final String topic, final ConsumerRecord<byte[], byte[]> r) {
        final String host = header(r, KafkaLogObject.HOST);
        final String object = header(r, KafkaLogObject.OBJECT);
        final String sequence = header(r, KafkaLogObject.SEQUENCE);
        final String entry = header(r, KafkaLogObject.ENTRY);
        if (host == null || object == null || sequence == null || r.value() == null) {
            return null;
        }
        try {
            final int e = entry == null ? -1 : Integer.parseInt(entry);
            return entry != null && e < 0 ? null : new Shipped("kafka:" + topic + "/" + host + "/" + object, Long.parseLong(sequence), e,
                r.timestamp(), r.value());
        } catch (final NumberFormatException ex) {
            return null; // not numbers Spool wrote: left out as a record without Spool's headers
        }
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
