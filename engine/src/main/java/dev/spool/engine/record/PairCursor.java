package dev.spool.engine.record;

import java.nio.ByteBuffer;

/**
 * Walks the pairs of a map slot ({@link RecordWriter#beginMap}) in the order they were written,
 * without allocating: {@code for (PairCursor c = view.pairs(slot); c.next(); ) use(c.key(cache), c.value(cache));}.
 * One per {@link RecordView}, reused by each {@link RecordView#pairs} call.
 */
public final class PairCursor {
    private ByteBuffer buffer;
    private int position;
    private int end;
    private int left;
    private int keyOffset;
    private int keyLength;
    private int valueOffset;
    private int valueLength;

    PairCursor reset(final ByteBuffer b, final int offset, final int length) {
        buffer = b;
        end = offset + length;
        left = length >= 4 ? b.getInt(offset) : 0;
        position = offset + 4;
        return this;
    }

    /** How many pairs the slot has. */
    public int count() {
        return left;
    }

    /**
     * Moves to the next pair.
     *
     * @return false after the last
     * @throws IllegalStateException when a pair runs past its slot (a damaged record)
     */
    public boolean next() {
        if (left <= 0) {
            return false;
        }
        left--;
        keyLength = buffer.getInt(position);
        keyOffset = position + 4;
        position = keyOffset + Math.max(keyLength, 0);
        valueLength = buffer.getInt(position);
        valueOffset = position + 4;
        position = valueOffset + Math.max(valueLength, 0);
        if (position > end) {
            throw new IllegalStateException("a pair runs past the end of its slot");
        }
        return true;
    }

    /** Whether the pair's key is exactly the UTF-8 bytes {@code key}. */
    public boolean keyEquals(final byte[] key) {
        if (keyLength != key.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (buffer.get(keyOffset + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    /** Absolute offset of the pair's key bytes in the view's buffer. */
    public int keyOffset() {
        return keyOffset;
    }

    /** Byte length of the pair's key, or {@link RecordWriter#NULL_LENGTH} for a null key. */
    public int keyLength() {
        return keyLength;
    }

    /** Absolute offset of the pair's value bytes in the view's buffer. */
    public int valueOffset() {
        return valueOffset;
    }

    /** Byte length of the pair's value, or {@link RecordWriter#NULL_LENGTH} for a null value. */
    public int valueLength() {
        return valueLength;
    }

    /** The pair's key from {@code cache}; null for a null key. */
    public String key(final StringCache cache) {
        return keyLength < 0 ? null : cache.get(buffer, keyOffset, keyLength);
    }

    /** The pair's value from {@code cache}; null for a null value. */
    public String value(final StringCache cache) {
        return valueLength < 0 ? null : cache.get(buffer, valueOffset, valueLength);
    }
}
