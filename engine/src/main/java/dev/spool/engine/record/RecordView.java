package dev.spool.engine.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A reusable, copy-free view of one record entry's fields, over any buffer (a live log buffer on
 * the preproc thread, or bytes read back from a binary log). {@link #wrap} walks the field
 * lengths once and checks them against the payload, so a corrupt record is refused whole
 * instead of read past its end.
 */
public final class RecordView {
    private ByteBuffer buffer;
    private long timestampNanos;
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private int slots;

    /**
     * Points the view at a record payload.
     *
     * @param slotCount the number of stored fields the log object's descriptor names
     * @return {@code null} when the record is well formed, else what is wrong with it
     */
    public String wrap(final ByteBuffer buffer, final int payloadOffset, final int payloadLength,
                       final long timestampNanos, final int slotCount) {
        this.buffer = buffer;
        this.timestampNanos = timestampNanos;
        if (offsets.length < slotCount) {
            offsets = new int[slotCount];
            lengths = new int[slotCount];
        }
        final int end = payloadOffset + payloadLength;
        int p = payloadOffset;
        for (int i = 0; i < slotCount; i++) {
            if (end - p < 4) {
                slots = 0;
                return "record ends before field " + i;
            }
            final int len = buffer.getInt(p);
            p += 4;
            if (len < RecordWriter.NULL_LENGTH || (len > 0 && len > end - p)) {
                slots = 0;
                return "field " + i + " has length " + len + " but " + (end - p) + " bytes remain";
            }
            offsets[i] = p;
            lengths[i] = len;
            p += Math.max(len, 0);
        }
        slots = slotCount;
        return null;
    }

    /**
     * Wraps the record {@code writer} holds now, in place (no copy): for reading back a record just
     * written, as the renderers' proofs at start do.
     */
    public String wrap(final RecordWriter writer, final long timestampNanos, final int slotCount) {
        return wrap(ByteBuffer.wrap(writer.array()).order(ByteOrder.LITTLE_ENDIAN), 0, writer.length(), timestampNanos,
            slotCount);
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public int slots() {
        return slots;
    }

    public boolean isNull(final int slot) {
        return lengths[slot] == RecordWriter.NULL_LENGTH;
    }

    /** Absolute offset of the slot's bytes in {@link #buffer()}. */
    public int offset(final int slot) {
        return offsets[slot];
    }

    /** Byte length of the slot's value, or {@link RecordWriter#NULL_LENGTH}. */
    public int length(final int slot) {
        return lengths[slot];
    }

    /** The slot as a long; 0 for null or a value that is not 8 bytes. */
    public long getLong(final int slot) {
        return lengths[slot] == 8 ? buffer.getLong(offsets[slot]) : 0L;
    }

    /**
     * The slot decoded as a new String. The bytes are copied out through a scratch array this
     * view keeps, so only the String itself is allocated; a view is for one thread at a time.
     */
    public String getString(final int slot) {
        if (isNull(slot)) {
            return null;
        }
        final int length = lengths[slot];
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + offsets[slot], length, StandardCharsets.UTF_8);
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        } else if (scratch.length > SCRATCH_RETAINED && length <= SCRATCH_RETAINED) {
            scratch = new byte[SCRATCH_RETAINED];
        }
        buffer.get(offsets[slot], scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    private static final int SCRATCH_RETAINED = 64 * 1024;
    private byte[] scratch = new byte[256];

    /** The slot as a String from {@code cache} (no allocation once the cache has it); null for null. */
    public String getString(final int slot, final StringCache cache) {
        if (isNull(slot)) {
            return null;
        }
        return cache.get(buffer, offsets[slot], lengths[slot]);
    }

    /** The pairs of a map slot (none for a null slot); the cursor is this view's, reused. */
    public PairCursor pairs(final int slot) {
        return isNull(slot) ? pairs.reset(buffer, 0, 0) : pairs.reset(buffer, offsets[slot], lengths[slot]);
    }

    private final PairCursor pairs = new PairCursor();

    /** Appends the slot's text to {@code out} without making a String; nothing for null. */
    public void appendTo(final int slot, final StringBuilder out) {
        if (isNull(slot)) {
            return;
        }
        int at = offsets[slot];
        int left = lengths[slot];
        // ASCII in bulk (copy, widen, one append of the run); the first other byte hands the rest
        // to the full decoder.
        while (left > 0) {
            final int n = Math.min(left, CHARS);
            if (scratch.length < n) {
                scratch = new byte[CHARS];
            }
            buffer.get(at, scratch, 0, n);
            int ascii = 0;
            while (ascii < n && scratch[ascii] >= 0) {
                chars[ascii] = (char) scratch[ascii];
                ascii++;
            }
            out.append(chars, 0, ascii);
            if (ascii < n) {
                Utf8.decode(buffer, at + ascii, left - ascii, out);
                return;
            }
            at += n;
            left -= n;
        }
    }

    private static final int CHARS = 1024;
    private final char[] chars = new char[CHARS];

    /** Decodes {@code length} UTF-8 bytes at {@code offset} of any buffer. */
    public static String string(final ByteBuffer buffer, final int offset, final int length) {
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + offset, length, StandardCharsets.UTF_8);
        }
        final byte[] b = new byte[length];
        buffer.get(offset, b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
