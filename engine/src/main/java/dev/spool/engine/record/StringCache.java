package dev.spool.engine.record;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Strings decoded from record bytes, remembered so that the same bytes give the same String
 * without allocating: logger and thread names, levels, markers and context keys repeat from
 * event to event. A direct-mapped table: a miss decodes and replaces whatever the slot held, so
 * memory stays bounded whatever the input. For one thread at a time (a renderer's own).
 */
public final class StringCache {
    /** Longer strings are decoded every time rather than kept. */
    public static final int MAX_CACHED_BYTES = 256;

    private final byte[][] keys;
    private final String[] values;
    private final int mask;

    /** @param capacity slots, rounded up to a power of two */
    public StringCache(final int capacity) {
        final int n = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        keys = new byte[n][];
        values = new String[n];
        mask = n - 1;
    }

    /** The String for these UTF-8 bytes, from the cache when it has them. */
    public String get(final ByteBuffer buffer, final int offset, final int length) {
        if (length > MAX_CACHED_BYTES) {
            return RecordView.string(buffer, offset, length);
        }
        int h = length;
        for (int i = 0; i < length; i++) {
            h = 31 * h + buffer.get(offset + i);
        }
        h ^= h >>> 16;
        final int slot = h & mask;
        final byte[] key = keys[slot];
        if (key != null && key.length == length && same(key, buffer, offset)) {
            return values[slot];
        }
        final byte[] copy = new byte[length];
        buffer.get(offset, copy);
        final String value = RecordView.string(buffer, offset, length);
        keys[slot] = copy;
        values[slot] = value;
        return value;
    }

    private static boolean same(final byte[] key, final ByteBuffer buffer, final int offset) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != buffer.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /** Forgets everything. */
    public void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
    }
}
