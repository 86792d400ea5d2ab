package dev.spool.engine.buffer;

import java.nio.ByteBuffer;

/**
 * Walks the entries of a buffer, checking each entry header against the bytes that remain, so a
 * damaged buffer stops the walk with a reason instead of an exception. Reusable; not thread-safe.
 */
public final class EntryCursor {
    private ByteBuffer buffer;
    private int next;
    private int end;
    private int offset;
    private int length;
    private byte kind;
    private long timestamp;
    private int payloadLength;
    private String problem;

    /** Starts a walk over the entries in {@code buffer[from, end)}. */
    public EntryCursor reset(final ByteBuffer buffer, final int from, final int end) {
        this.buffer = buffer;
        this.next = from;
        this.end = end;
        this.problem = null;
        return this;
    }

    /**
     * Moves to the next entry.
     *
     * @return {@code false} at the end, or when the next entry is malformed ({@link #problem()}
     *     then says why and where)
     */
    public boolean next() {
        if (next >= end || problem != null) {
            return false;
        }
        final int p = next;
        if (end - p < LogEntryHeader.LENGTH) {
            problem = "entry header at offset " + p + " is cut off: " + (end - p) + " bytes remain";
            return false;
        }
        final int len = LogEntryHeader.length(buffer, p);
        final int payload = LogEntryHeader.payloadLength(buffer, p);
        if (len < LogEntryHeader.LENGTH || (len & (LogEntryHeader.ALIGNMENT - 1)) != 0 || len > end - p
            || payload < 0 || payload > len - LogEntryHeader.LENGTH) {
            problem = "entry at offset " + p + " has bad lengths (entry " + len + ", payload " + payload
                + ", " + (end - p) + " bytes remain)";
            return false;
        }
        offset = p;
        length = len;
        kind = LogEntryHeader.kind(buffer, p);
        timestamp = LogEntryHeader.timestamp(buffer, p);
        payloadLength = payload;
        next = p + len;
        return true;
    }

    /** Why the walk stopped early, or {@code null}. */
    public String problem() {
        return problem;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public byte kind() {
        return kind;
    }

    public long timestamp() {
        return timestamp;
    }

    public int payloadOffset() {
        return offset + LogEntryHeader.LENGTH;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** The renderer number in the current entry's header (see {@link LogEntryHeader}). */
    public int renderer() {
        return LogEntryHeader.renderer(buffer, offset);
    }
}
