package dev.spool.engine.cli;

import java.io.IOException;
import java.util.List;

/**
 * Reads a topic a Kafka log object shipped to, for {@code spool-cat --kafka}: found with
 * {@link java.util.ServiceLoader}, so the engine knows no Kafka class (spool-kafka brings one).
 */
public interface TopicReader {
    /**
     * Reads the topic and gives {@code sink} what Spool shipped to it, in batches: each record once
     * by (host, log object, sequence, entry), each (host, log object)'s records in that order.
     * The first batch holds everything up to the end the topic had when the read began (the records
     * that arrive meanwhile, without {@code fromBeginning}); following, each later batch holds what
     * one poll brought, until the calling thread is interrupted. Records without Spool's headers are
     * left out.
     *
     * @param fromBeginning from the topic's first record; else only records that arrive after the
     *                      call began
     * @throws IOException naming the broker or topic when it cannot be read
     */
    void read(String bootstrap, String topic, boolean fromBeginning, boolean follow, Sink sink) throws IOException;

    /** Receives the records read, a batch at a time. */
    @FunctionalInterface
    interface Sink {
        void batch(List<Shipped> records) throws IOException;
    }

    /**
     * One record a Kafka log object shipped: a buffer (shape buffers, {@code entry} -1, the value a
     * binary log of one buffer) or one event's rendered line (shapes lines and json-lines, the value
     * the line without its line end).
     *
     * @param stream    what spool-cat calls its (host, log object)
     * @param timestamp the record's time in epoch milliseconds (a line's: its event's)
     */
    record Shipped(String stream, long sequence, int entry, long timestamp, byte[] value) {
        /** Whether this is one event's line rather than a buffer. */
        public boolean line() {
            return entry >= 0;
        }
    }
}
