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
    private final byte[] scratch = new byte[MAX_CACHED_BYTES];

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
        // One bulk copy, then vectorised compares, instead of a byte-by-byte walk of the buffer.
        buffer.get(offset, scratch, 0, length);
        final int slot = hash(scratch, length) & mask;
        final byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, scratch, 0, length)) {
            return values[slot];
        }
        final byte[] copy = Arrays.copyOf(scratch, length);
        final String value = new String(copy, java.nio.charset.StandardCharsets.UTF_8);
        keys[slot] = copy;
        values[slot] = value;
        return value;
    }

    /**
     * A hash of the length and of up to 16 bytes spread over the key: enough to spread names and
     * values over the slots, without a pass over every byte (the compare makes it exact).
     */
    private static int hash(final byte[] b, final int length) {
        int h = length;
        final int step = Math.max(1, length / 16);
        for (int i = 0; i < length; i += step) {
            h = 31 * h + b[i];
        }
        if (length > 0) {
            h = 31 * h + b[length - 1];
        }
        return h ^ (h >>> 16);
    }

    /** Forgets everything. */
    public void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
    }
}
