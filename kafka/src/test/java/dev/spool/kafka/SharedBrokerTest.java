package dev.spool.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A test class on the JVM's one broker ({@link KafkaBroker#shared}, a start costs seconds), with a
 * topic of its own for each test; a test leaves the broker running, or the next one restarts it.
 */
abstract class SharedBrokerTest {
    static KafkaBroker broker;
    String topic;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.shared();
    }

    @BeforeEach
    void newTopic() throws Exception {
        topic = broker.newTopic(getClass().getSimpleName());
    }

    /** The topic's first record (it has one partition), waiting up to 30 s for one. */
    ConsumerRecord<byte[], byte[]> firstRecord() {
        final TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            for (int i = 0; i < 150; i++) {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    return r;
                }
            }
        }
        throw new AssertionError("no record in " + topic);
    }

    /** Sends {@code r} to the topic once more, headers and all, as a retry after a lost acknowledgement would. */
    void sendAgain(final ConsumerRecord<byte[], byte[]> r) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), r.headers())).get();
        }
    }
}
