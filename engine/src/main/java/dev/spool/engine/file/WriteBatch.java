package dev.spool.engine.file;

import java.nio.ByteBuffer;

/**
 * The bytes of one processed buffer and where each unit in them ends: an event (with any loss
 * line) in a text log, the whole buffer in a binary log. A rolling file may start a new file
 * between two units, never inside one.
 */
public interface WriteBatch {
    /** The bytes, from position to limit. */
    ByteBuffer bytes();

    int units();

    /** Offset, relative to the start of {@link #bytes()}, just past unit {@code i}. */
    int unitEnd(int i);

    /** Timestamp of unit {@code i}, epoch nanoseconds. */
    long unitTimestamp(int i);
}
