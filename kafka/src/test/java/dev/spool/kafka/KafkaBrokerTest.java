package dev.spool.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaBrokerTest {
    private static final String TOPIC = "t";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @Test
    void aBrokerKilledAndRestartedKeepsEveryAcknowledgedRecordInOrder(@TempDir final Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
                send(producer, 0, 100);
                broker.kill();
                broker.restart();
                send(producer, 100, 200);
            }

            assertEquals(values(0, 200), readAll(broker, 200));
        }
    }

    /** Sends the values {@code from} to {@code to} (exclusive) and waits until each is acknowledged. */
    private static void send(final KafkaProducer<String, String> producer, final int from, final int to)
        throws Exception {
        final List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (final String value : values(from, to)) {
            acks.add(producer.send(new ProducerRecord<>(TOPIC, value)));
        }
        producer.flush();
        for (final Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    /** Reads the partition from its beginning until {@code count} records are in, or 30 s have passed. */
    private static List<String> readAll(final KafkaBroker broker, final int count) {
        final List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
            new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < count && System.nanoTime() - deadline < 0) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(record.value());
                }
            }
        }
        return read;
    }

    private static List<String> values(final int from, final int to) {
        return IntStream.range(from, to).mapToObj(i -> "record-" + i).toList();
    }
}
