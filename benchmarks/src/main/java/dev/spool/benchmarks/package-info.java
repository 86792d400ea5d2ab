/**
 * Measurements. {@link dev.spool.benchmarks.RollPauseProbe} shows what rolling and fsync cost the
 * callers; the JMH suite side by side with the stock appenders comes with the benchmarks work.
 */
package dev.spool.benchmarks;
