package dev.spool.kafka;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

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
}
