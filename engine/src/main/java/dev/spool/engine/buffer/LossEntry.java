package dev.spool.engine.buffer;

import java.nio.ByteBuffer;

/**
 * Layout of the payload of a {@link LogEntryHeader#KIND_LOSS} entry: how many events the log
 * object lost before this point, and why. Little-endian, as the whole buffer (readers pass a
 * little-endian {@code ByteBuffer}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 count (events lost, 64 bits)                  |  0
 *  +-------------------------------+-------------------------------+
 *  |     cause (a stable code)     |          reserved (0)         |  8
 *  +-------------------------------+-------------------------------+
 * </pre>
 *
 * The cause is a code that never changes meaning ({@code object.LossCause#code}); a reader that
 * does not know a code says so instead of naming another cause.
 */
public final class LossEntry {
    public static final int COUNT_OFFSET = 0;
    public static final int CAUSE_OFFSET = 8;
    /** Payload length. */
    public static final int LENGTH = 12;

    private LossEntry() {
    }

    /** Writes a loss payload into {@code into[0, LENGTH)}. */
    public static void put(final byte[] into, final long count, final int cause) {
        for (int i = 0; i < 8; i++) {
            into[COUNT_OFFSET + i] = (byte) (count >>> (8 * i));
        }
        into[CAUSE_OFFSET] = (byte) cause;
        into[CAUSE_OFFSET + 1] = (byte) (cause >>> 8);
        into[CAUSE_OFFSET + 2] = 0;
        into[CAUSE_OFFSET + 3] = 0;
    }

    /** The count of the loss payload at {@code payload}. */
    public static long count(final ByteBuffer b, final int payload) {
        return b.getLong(payload + COUNT_OFFSET);
    }

    /** The cause code of the loss payload at {@code payload}. */
    public static int cause(final ByteBuffer b, final int payload) {
        return b.getShort(payload + CAUSE_OFFSET);
    }
}
