/**
 * Shipping Spool's logs to Apache Kafka. The module's tests run against a real single-node broker
 * in a child JVM (the test fixture {@code KafkaBroker}), killed and restarted where a test needs it.
 */
package dev.spool.kafka;
