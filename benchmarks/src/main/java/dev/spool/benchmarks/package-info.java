/**
 * Measurements. The JMH benchmarks ({@link dev.spool.benchmarks.Log4j2Benchmark}) log the same
 * event through a framework's API to a file with Spool and with the stock setups, and into the
 * framework's no-op appender as its ceiling, one JVM per setup, and check at teardown that the file
 * holds every event ({@link dev.spool.benchmarks.EventLedger}).
 * {@link dev.spool.benchmarks.RollPauseProbe} shows what rolling and fsync cost the callers.
 */
package dev.spool.benchmarks;
