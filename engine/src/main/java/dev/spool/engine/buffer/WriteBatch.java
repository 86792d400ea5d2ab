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

    /**
     * The batch from unit {@code unit} on, for a write that is tried again after the units before
     * it were written (see {@code PartlyWrittenException}); its {@link #events} are the whole batch's.
     */
    default WriteBatch from(final int unit) {
        if (unit == 0) {
            return this;
        }
        final WriteBatch whole = this;
        final int offset = unitEnd(unit - 1);
        return new WriteBatch() {
            @Override
            public ByteBuffer bytes() {
                final ByteBuffer b = whole.bytes();
                return b.duplicate().position(b.position() + offset);
            }

            @Override
            public int units() {
                return whole.units() - unit;
            }

            @Override
            public int unitEnd(final int i) {
                return whole.unitEnd(unit + i) - offset;
            }

            @Override
            public long unitTimestamp(final int i) {
                return whole.unitTimestamp(unit + i);
            }

            @Override
            public int events() {
                return whole.events();
            }
        };
    }

    /** Whether there is anything to write. */
    default boolean hasBytes() {
        return bytes().hasRemaining();
    }
}
