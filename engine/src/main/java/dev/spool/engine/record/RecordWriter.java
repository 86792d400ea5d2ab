package dev.spool.engine.record;

import java.util.Arrays;

/**
 * Marshals one record's fields into a reusable byte array, on the caller's thread. Every value is
 * a little-endian 4-byte length ({@link #NULL_LENGTH} for null) followed by that many bytes:
 * UTF-8 for text, 8 bytes for a long, and for a map a 4-byte pair count and then each key and
 * value as text values.
 *
 * <p>Not thread-safe: each thread uses its own (see {@link ThreadScratch}). The array grows as
 * needed; a writer that grew past {@link #RETAINED_CAPACITY} is shrunk back by {@link #reset}, so
 * one huge message does not pin memory for the thread's lifetime.
 */
public final class RecordWriter {
    public static final int NULL_LENGTH = -1;
    static final int INITIAL_CAPACITY = 1024;
    static final int RETAINED_CAPACITY = 64 * 1024;

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int length;
    /** See {@link #replacedSurrogate}. */
    private boolean replacedSurrogate;
    private int mapCountAt = -1;
    private int mapLengthAt = -1;
    private int mapPairs;

    /** Starts a new record. */
    public void reset() {
        if (bytes.length > RETAINED_CAPACITY) {
            bytes = new byte[INITIAL_CAPACITY];
        }
        length = 0;
        mapCountAt = -1;
        mapLengthAt = -1;
        replacedSurrogate = false;
    }

    /**
     * Whether a text written since {@link #reset} had an unpaired surrogate, written as {@code '?'}
     * (as the JDK's encoder writes it). A renderer that writes such a char otherwise (a JSON
     * writer's escape of it) cannot render this record exactly.
     */
    public boolean replacedSurrogate() {
        return replacedSurrogate;
    }

    public void putNull() {
        ensure(4);
        putInt(length, NULL_LENGTH);
        length += 4;
    }

    /** Writes a text value; {@code null} becomes a null value. */
    public void putString(final CharSequence s) {
        if (s == null) {
            putNull();
            return;
        }
        ensure(4 + 3 * s.length());
        final int end = utf8(s, length + 4);
        putInt(length, end - length - 4);
        length = end;
    }

    /** Encodes {@code s} as UTF-8 at {@code start} (room ensured); returns the end, noting a replaced surrogate. */
    private int utf8(final CharSequence s, final int start) {
        final int end = Utf8.encodeMarking(s, bytes, start);
        if (end < 0) {
            replacedSurrogate = true;
            return ~end;
        }
        return end;
    }

    /**
     * Writes a message kept as its text: a map of no pairs followed by the text's UTF-8 bytes
     * (the {@code message} type's short form, FORMAT.md), four bytes more than a string where the
     * pair form takes sixteen. {@code s} is not null.
     */
    public void putMessageText(final CharSequence s) {
        ensure(8 + 3 * s.length());
        final int end = utf8(s, length + 8);
        putInt(length, end - length - 4);
        putInt(length + 4, 0);
        length = end;
    }

    /**
     * Writes a text value that is usually the very same String as in earlier records of this writer
     * (a logger, thread or level name): its UTF-8 bytes are kept for the last few such Strings,
     * matched by identity, so a repeated name is copied instead of encoded. Strings are immutable,
     * so an identical reference always has the same bytes.
     */
    public void putName(final String s) {
        if (s == null || s.length() > MAX_NAME_CHARS) {
            putString(s);
            return;
        }
        for (int i = 0; i < NAMES; i++) {
            if (names[i] == s) {
                putUtf8(nameBytes[i], 0, nameLengths[i]);
                return;
            }
        }
        final int start = length + 4;
        final boolean earlier = replacedSurrogate;
        replacedSurrogate = false;
        putString(s);
        if (replacedSurrogate) {
            return; // not kept: a name copied from the cache would not set the flag
        }
        replacedSurrogate = earlier;
        final int slot = nextName;
        nextName = (nextName + 1) & (NAMES - 1);
        final int n = length - start;
        if (nameBytes[slot] == null || nameBytes[slot].length < n) {
            nameBytes[slot] = new byte[Math.max(n, 64)]; // reused for later names that fit
        }
        System.arraycopy(bytes, start, nameBytes[slot], 0, n);
        nameLengths[slot] = n;
        names[slot] = s;
    }

    private static final int NAMES = 8;
    private static final int MAX_NAME_CHARS = 256;
    private final String[] names = new String[NAMES];
    private final byte[][] nameBytes = new byte[NAMES][];
    private final int[] nameLengths = new int[NAMES];
    private int nextName;

    /** Writes already-encoded UTF-8 bytes as a text value. */
    public void putUtf8(final byte[] utf8, final int offset, final int count) {
        ensure(4 + count);
        putInt(length, count);
        System.arraycopy(utf8, offset, bytes, length + 4, count);
        length += 4 + count;
    }

    public void putLong(final long v) {
        ensure(12);
        putInt(length, 8);
        for (int i = 0; i < 8; i++) {
            bytes[length + 4 + i] = (byte) (v >>> (8 * i));
        }
        length += 12;
    }

    /** Starts a map value; follow with {@link #putPair} calls and one {@link #endMap}. */
    public void beginMap() {
        ensure(8);
        mapLengthAt = length;
        mapCountAt = length + 4;
        mapPairs = 0;
        length += 8;
    }

    public void putPair(final CharSequence key, final CharSequence value) {
        putString(key);
        putString(value);
        mapPairs++;
    }

    /** A pair of two Strings usually the very same from record to record, such as a message's syntax and template. */
    public void putPairNames(final String key, final String value) {
        putName(key);
        putName(value);
        mapPairs++;
    }

    /** A pair whose value is {@code value}'s decimal digits, written without making a String. */
    public void putPairLong(final CharSequence key, final long value) {
        putString(key);
        ensure(4 + 20);
        final int start = length + 4;
        int p = start + 20;
        long v = value;
        boolean negative = v < 0;
        do {
            final int digit = (int) (v % 10);
            bytes[--p] = (byte) ('0' + (negative ? -digit : digit));
            v /= 10;
        } while (v != 0);
        if (negative) {
            bytes[--p] = '-';
        }
        final int n = start + 20 - p;
        System.arraycopy(bytes, p, bytes, start, n);
        putInt(length, n);
        length = start + n;
        mapPairs++;
    }

    /** A pair whose value is the one character {@code value}, written without making a String. */
    public void putPairChar(final CharSequence key, final char value) {
        putString(key);
        ensure(4 + 3);
        final int start = length + 4;
        int p = start;
        if (value < 0x80) {
            bytes[p++] = (byte) value;
        } else if (value < 0x800) {
            bytes[p++] = (byte) (0xC0 | (value >> 6));
            bytes[p++] = (byte) (0x80 | (value & 0x3F));
        } else if (Character.isSurrogate(value)) {
            bytes[p++] = '?'; // a lone surrogate, as String.getBytes writes it
            replacedSurrogate = true;
        } else {
            bytes[p++] = (byte) (0xE0 | (value >> 12));
            bytes[p++] = (byte) (0x80 | ((value >> 6) & 0x3F));
            bytes[p++] = (byte) (0x80 | (value & 0x3F));
        }
        putInt(length, p - start);
        length = p;
        mapPairs++;
    }

    /**
     * A consumer that writes each pair it is given into this writer's open map, for
     * {@code map.forEach(writer.pairs())}: iterating a map that way makes no entry or iterator
     * objects, where its entry set may.
     */
    public java.util.function.BiConsumer<CharSequence, CharSequence> pairs() {
        return pairs;
    }

    private final java.util.function.BiConsumer<CharSequence, CharSequence> pairs = this::putPair;

    public void endMap() {
        putInt(mapCountAt, mapPairs);
        putInt(mapLengthAt, length - mapLengthAt - 4);
        mapCountAt = -1;
        mapLengthAt = -1;
    }

    /** The record's bytes; valid up to {@link #length()} until the next write. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    private void putInt(final int at, final int v) {
        bytes[at] = (byte) v;
        bytes[at + 1] = (byte) (v >>> 8);
        bytes[at + 2] = (byte) (v >>> 16);
        bytes[at + 3] = (byte) (v >>> 24);
    }

    private void ensure(final int more) {
        final long needed = (long) length + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 64) {
                throw new IllegalStateException("record larger than 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 64, 2L * bytes.length)));
        }
    }
}
