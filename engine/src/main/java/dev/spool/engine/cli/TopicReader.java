package dev.spool.engine.cli;

import java.io.IOException;
import java.util.List;

/**
 * Reads a topic of shipped buffers for {@code spool-cat --kafka}: found with
 * {@link java.util.ServiceLoader}, so the engine knows no Kafka class (spool-kafka brings one).
 */
public interface TopicReader {
    /**
     * The topic's buffers, one stream per (host, log object): each a binary log in sequence order,
     * every (host, log object, sequence) once.
     *
     * @param fromBeginning from the topic's first record; else only records that arrive after the
     *                      call began (none without following)
     * @throws IOException naming the broker or topic when it cannot be read
     */
    List<Stream> read(String bootstrap, String topic, boolean fromBeginning) throws IOException;

    /** One (host, log object)'s buffers, as a binary log; {@code name} is what spool-cat calls it. */
    record Stream(String name, byte[] buffers) {
    }
}
