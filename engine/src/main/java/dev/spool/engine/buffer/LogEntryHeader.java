package dev.spool.engine.buffer;

import java.nio.ByteBuffer;

/**
 * Layout of the header in front of every entry of a {@link LogBuffer}. Entries start 8-byte
 * aligned; {@code length} covers header, payload and padding, so the next entry starts at
 * {@code offset + length}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 length (header + payload + padding)           |  0
 *  +---------------+---------------+-------------------------------+
 *  |     kind      |  flags (0)    |         reserved (0)          |  4
 *  +---------------+---------------+-------------------------------+
 *  |                 timestamp (epoch ns, 64 bits)                 |  8
 *  +---------------------------------------------------------------+
 *  |                 payloadLength                                 | 16
 *  +---------------------------------------------------------------+
 *  |                 renderer                                      | 20
 *  +---------------------------------------------------------------+
 *  |                 payload ...                                   | 24
 * </pre>
 *
 * Kinds: {@link #KIND_VOID} (marshalling failed; every reader skips it), {@link #KIND_RECORD}
 * (fields captured one by one, rendered later), {@link #KIND_RENDERED} (bytes rendered on the
 * caller's thread, written as they are) and {@link #KIND_LOSS} (a count of events the log object
 * lost before this point, written as soon as there was room again; its payload is laid out by
 * {@link LossEntry}).
 *
 * <p>{@code renderer} is the number of the renderer an adapter registered for the record (see
 * {@code adapter.RendererSwitch}): records captured before a reconfiguration keep the layout that
 * captured them. 0 where the log object has a single renderer or its own format.
 */
public final class LogEntryHeader {
    public static final int LENGTH_OFFSET = 0;
    public static final int KIND_OFFSET = 4;
    public static final int TIMESTAMP_OFFSET = 8;
    public static final int PAYLOAD_LENGTH_OFFSET = 16;
    public static final int RENDERER_OFFSET = 20;
    public static final int LENGTH = 24;

    public static final byte KIND_VOID = 0;
    public static final byte KIND_RECORD = 1;
    public static final byte KIND_RENDERED = 2;
    public static final byte KIND_LOSS = 3;

    public static final int ALIGNMENT = 8;

    private LogEntryHeader() {
    }

    /** Rounds {@code n} up to the entry alignment. */
    public static int align(final int n) {
        return (n + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Total size of an entry whose payload is {@code payloadLength} bytes. */
    public static int entryLength(final int payloadLength) {
        return align(LENGTH + payloadLength);
    }

    public static int length(final ByteBuffer b, final int at) {
        return b.getInt(at + LENGTH_OFFSET);
    }

    public static byte kind(final ByteBuffer b, final int at) {
        return b.get(at + KIND_OFFSET);
    }

    public static long timestamp(final ByteBuffer b, final int at) {
        return b.getLong(at + TIMESTAMP_OFFSET);
    }

    public static int payloadLength(final ByteBuffer b, final int at) {
        return b.getInt(at + PAYLOAD_LENGTH_OFFSET);
    }

    public static int renderer(final ByteBuffer b, final int at) {
        return b.getInt(at + RENDERER_OFFSET);
    }

}
