package dev.spool.engine.buffer;

import java.nio.ByteBuffer;

/**
 * What the preproc step made of one buffer, kept with it for the flush step: the bytes to write
 * and where each unit in them ends: an event (with any loss line) in a text log, the whole buffer
 * in a binary log. A rolling file may start a new file between two units, never inside one.
 */
public interface WriteBatch {
    /** The bytes, from position to limit. */
    ByteBuffer bytes();

    int units();

    /** Offset, relative to the start of {@link #bytes()}, just past unit {@code i}. */
    int unitEnd(int i);

    /** Timestamp of unit {@code i}, epoch nanoseconds. */
    long unitTimestamp(int i);

    /** Events in the batch: what is counted as written, or as lost when the write fails. */
    default int events() {
        return units();
    }

    /** Whether there is anything to write. */
    default boolean hasBytes() {
        return bytes().hasRemaining();
    }
}
