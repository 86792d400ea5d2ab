package dev.spool.engine.format;

import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.record.RecordWriter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Encodes format-1 buffers in format 2 ({@link CompactEncoding}), one after the other, into an
 * array it keeps (for one thread: a log object's preproc step), allocating nothing once its arrays
 * have grown to the buffers' size. The dictionary is a hash table of the places in the output
 * where its strings were written, so no string is kept elsewhere.
 *
 * <p>Over 400 lines because the dictionary, shape and varint steps work on one set of reused
 * arrays; split into classes, they would hand those arrays across on every field.
 */
public final class CompactEncoder {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Each byte of a word: {@code '0'}, {@code 1}, {@code 10}, {@code 0x80}. */
    private static final long ZEROS = 0x3030_3030_3030_3030L;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long TENS = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    /** The first key of a message kept as its text, read as a little-endian int. */
    private static final int TEXT_INT = ByteBuffer.wrap(CompactEncoding.TEXT).order(ByteOrder.LITTLE_ENDIAN).getInt();

    private byte[] out = new byte[1 << 12];
    private int size;
    private ByteBuffer v1;
    /** The buffer being encoded, copied (v1 is a view of it while encoding). */
    private byte[] source = new byte[0];
    private ByteBuffer sourceView = ByteBuffer.wrap(source);
    /** A message's shape; its numbers. */
    private byte[] shape = new byte[256];
    private long[] numbers = new long[8];
    /**
     * The dictionary entry + 1 (0: none) of the last string at each of a record's first places
     * (its strings in order, map keys and values included), and the place of the next string.
     */
    private final int[] lastAt = new int[32];
    private int position;
    /** Open addressing: slot to entry number + 1, valid when {@code slotGeneration} is the current one. */
    private int[] slots = new int[1 << 10];
    private int[] slotGeneration = new int[1 << 10];
    private int generation;
    private int[] entryOffset = new int[256];
    private int[] entryLength = new int[256];
    private int entries;

    /** The array the last {@link #encode} wrote into; its first bytes are the encoded buffer. */
    public byte[] output() {
        return out;
    }

    /**
     * Makes the next {@link #encode} write into {@code into} (grown when too small, so read
     * {@link #output()} afterwards): a caller that keeps several encoded buffers alive at once
     * gives each its own array.
     */
    public void output(final byte[] into) {
        out = into;
    }

    /** Encodes a checked {@code v1} into {@link #output()} and returns the encoded length (a multiple of 8). */
    public int encode(final ByteBuffer v1, final FieldType[] types) {
        return encode(v1, LogBufferHeader.byteCount(v1, 0), LogBufferHeader.sequence(v1, 0),
            LogBufferHeader.lowTimestamp(v1, 0), LogBufferHeader.highTimestamp(v1, 0), types);
    }

    /**
     * Encodes the format-1 buffer {@code buffer[0, byteCount)} whose header's counts, time range
     * and CRCs are not filled in (only its static part, up to the descriptor's end, is read):
     * the preproc step's way, which has the counts at hand and would only throw format 1's
     * CRCs away.
     */
    public int encode(final ByteBuffer buffer, final int byteCount, final long sequence, final long low,
                      final long high, final FieldType[] types) {
        if (source.length < byteCount) {
            source = new byte[Math.max(byteCount, 2 * source.length)];
            sourceView = ByteBuffer.wrap(source).order(ByteOrder.LITTLE_ENDIAN);
        }
        // Read from a heap copy: one bulk copy, then plain array reads instead of a direct buffer's checked ones.
        buffer.get(0, source, 0, byteCount);
        v1 = sourceView;
        final int headerLength = LogBufferHeader.headerLength(sourceView, 0);
        size = 0;
        room(byteCount + 16);
        System.arraycopy(source, 0, out, 0, headerLength);
        size = headerLength;
        newDictionary(byteCount);
        int count = 0;
        long previous = low;
        int p = headerLength;
        while (p < byteCount) {
            final int len = LogEntryHeader.length(v1, p);
            final int payload = LogEntryHeader.payloadLength(v1, p);
            if (len < LogEntryHeader.LENGTH || (len & (LogEntryHeader.ALIGNMENT - 1)) != 0 || len > byteCount - p
                || payload < 0 || payload > len - LogEntryHeader.LENGTH) {
                throw new IllegalArgumentException("entry at offset " + p + " has bad lengths");
            }
            final byte kind = LogEntryHeader.kind(v1, p);
            final int at = p + LogEntryHeader.LENGTH;
            p += len;
            if (kind == LogEntryHeader.KIND_VOID) {
                continue;
            }
            count++;
            room(payload + 32);
            out[size++] = kind;
            final long ts = LogEntryHeader.timestamp(v1, p - len);
            final long step = ts - previous;
            varint((step << 1) ^ (step >> 63));
            previous = ts;
            varint(LogEntryHeader.renderer(v1, p - len) & 0xFFFFFFFFL);
            switch (kind) {
                case LogEntryHeader.KIND_RECORD:
                    record(at, at + payload, types);
                    break;
                case LogEntryHeader.KIND_LOSS:
                    varint(LossEntry.count(v1, at));
                    varint(LossEntry.cause(v1, at) & 0xFFFF);
                    break;
                default: // rendered, or a kind of a later minor version: its bytes as they are
                    varint(payload);
                    v1.get(at, out, size, payload);
                    size += payload;
            }
        }
        final int end = LogEntryHeader.align(size);
        room(end - size);
        Arrays.fill(out, size, end, (byte) 0);
        size = end;
        final ByteBuffer b = ByteBuffer.wrap(out, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(LogBufferHeader.VERSION_OFFSET, CompactEncoding.MAJOR);
        LogBufferHeader.finish(b, size, count, sequence, low, high, crc);
        this.v1 = null;
        return size;
    }

    private final CRC32C crc = new CRC32C();

    private void record(final int from, final int end, final FieldType[] types) {
        int p = from;
        position = 0;
        for (final FieldType type : types) {
            if (p + 4 > end) {
                throw new IllegalArgumentException("record ends before its fields do");
            }
            final int len = (int) INTS.get(source, p);
            p += 4;
            final int value = p;
            p += Math.max(len, 0);
            room(Math.max(len, 0) + 16);
            switch (type) {
                case TIMESTAMP:
                    break;
                case LONG:
                    if (len == RecordWriter.NULL_LENGTH) {
                        out[size++] = 0;
                    } else {
                        out[size++] = 1;
                        final long v = (long) LONGS.get(source, value);
                        varint((v << 1) ^ (v >> 63));
                    }
                    break;
                case MAP:
                case THROWABLE:
                    if (len == RecordWriter.NULL_LENGTH) {
                        varint(0);
                    } else {
                        varint((int) INTS.get(source, value) + 1L);
                        pairs(value);
                    }
                    break;
                case MESSAGE:
                    if (len == RecordWriter.NULL_LENGTH) {
                        varint(0);
                    } else if ((int) INTS.get(source, value) == 0) {
                        // Kept as its text in the short form: encoded as the pair form (text, ...) is.
                        if (!shaped(value + 4, len - 4)) {
                            varint(2L << 1);
                            string(CompactEncoding.TEXT, 0, CompactEncoding.TEXT.length);
                            string(value + 4, len - 4);
                        }
                    } else if (!shapedPair(value)) {
                        varint(((int) INTS.get(source, value) + 1L) << 1);
                        pairs(value);
                    }
                    break;
                default: // STRING
                    string(value, len);
            }
        }
    }

    /** The keys and values of the map at {@code value}, each as a string. */
    private void pairs(final int value) {
        final int pairs = (int) INTS.get(source, value);
        int q = value + 4;
        for (int i = 0; i < 2 * pairs; i++) {
            final int l = (int) INTS.get(source, q);
            q += 4;
            string(q, l);
            q += Math.max(l, 0);
        }
    }

    /** {@link #shaped} for a message in the pair form, {@code (text, the text)}; false for any other map. */
    private boolean shapedPair(final int value) {
        if ((int) INTS.get(source, value) != 1 || (int) INTS.get(source, value + 4) != CompactEncoding.TEXT.length
            || (int) INTS.get(source, value + 8) != TEXT_INT) {
            return false;
        }
        final int len = (int) INTS.get(source, value + 4 + 4 + CompactEncoding.TEXT.length);
        return shaped(value + 4 + 4 + CompactEncoding.TEXT.length + 4, len);
    }

    /**
     * A message kept as its text, written as its shape (the text with each number replaced
     * by a 0 byte; usually in the dictionary) and the numbers as varints, when it has
     * numbers: {@code "Request 1234 took 56 us"} is a dictionary reference and two varints.
     * A number is a run of ASCII digits that fits 18 digits and does not start with 0 (or is
     * "0"), so its digits come back exactly. False (nothing written) for any other
     * text. The text is {@code source[at, at + len)}.
     */
    private boolean shaped(final int at, final int len) {
        if (len <= 0) {
            return false;
        }
        if (shape.length < len) {
            shape = new byte[Math.max(len, 2 * shape.length)];
        }
        final byte[] src = source;
        final byte[] sh = shape;
        int shapeLength = 0; // never ahead of i
        int count = 0;
        int i = 0;
        while (i < len) {
            if (i + 8 <= len) {
                // Eight bytes at a time up to the first digit or 0 byte (the lowest byte a
                // has-less-than test flags is always a true one; later flags may be borrows).
                final long x = (long) LONGS.get(src, at + i);
                final long d = x ^ ZEROS;
                final long hits = ((d - TENS) & ~d | (x - ONES) & ~x) & HIGHS;
                LONGS.set(sh, shapeLength, x); // bytes past the first hit are written over later
                if (hits == 0) {
                    i += 8;
                    shapeLength += 8;
                    continue;
                }
                final int plain = Long.numberOfTrailingZeros(hits) >>> 3;
                i += plain;
                shapeLength += plain;
            }
            final byte c = src[at + i];
            if (c < '0' || c > '9') {
                if (c == 0) {
                    return false; // the text has the marker itself
                }
                sh[shapeLength++] = c;
                i++;
                continue;
            }
            int j = i + 1;
            while (j < len && src[at + j] >= '0' && src[at + j] <= '9') {
                j++;
            }
            if (j - i > 18 || j - i > 1 && c == '0') { // not a number: copied whole, so no part of it is taken for one
                System.arraycopy(src, at + i, sh, shapeLength, j - i);
                shapeLength += j - i;
                i = j;
                continue;
            }
            long n = 0;
            for (; i < j; i++) {
                n = n * 10 + (src[at + i] - '0');
            }
            if (count == numbers.length) {
                numbers = Arrays.copyOf(numbers, 2 * count);
            }
            numbers[count++] = n;
            sh[shapeLength++] = 0;
        }
        if (count == 0) {
            return false;
        }
        varint(((long) count << 1) | 1);
        string(shape, 0, shapeLength);
        room(10 * count);
        for (int k = 0; k < count; k++) {
            varint(numbers[k]);
        }
        return true;
    }

    /** The string {@code v1[at, at + len)} (len -1: null). */
    private void string(final int at, final int len) {
        if (len == RecordWriter.NULL_LENGTH) {
            room(1);
            out[size++] = 0;
            return;
        }
        string(source, at, len);
    }

    /**
     * The string {@code src[from, from + len)}: a reference when the buffer's dictionary has it, else
     * its bytes, which join the dictionary when short. The dictionary's strings are where
     * they were written in the output, so nothing is copied to keep them.
     */
    private void string(final byte[] src, final int from, final int len) {
        final int at = position++;
        room(len + 10);
        if (len > CompactEncoding.DICTIONARY_MAX) {
            varint((len + 1L) << 1);
            System.arraycopy(src, from, out, size, len);
            size += len;
            return;
        }
        if (at < lastAt.length) {
            // Records repeat the strings at the same place in the record before (a logger, a level,
            // the context's keys): tried first, unhashed.
            final int last = lastAt[at] - 1;
            if (last >= 0 && entryLength[last] == len
                && same(out, entryOffset[last], src, from, len)) {
                varint(((long) last << 1) | 1);
                return;
            }
        }
        final int e = dictionary(src, from, len);
        if (at < lastAt.length) {
            lastAt[at] = e + 1;
        }
    }

    /**
     * Writes {@code src[from, from + len)} as a reference to the dictionary's entry for it, or as
     * its bytes when it is new (it joins the dictionary); returns the entry.
     */
    private int dictionary(final byte[] src, final int from, final int len) {
        final int mask = slots.length - 1;
        for (int s = hash(src, from, len) & mask;; s = (s + 1) & mask) {
            if (slotGeneration[s] != generation) { // free: the string is new to this buffer
                varint((len + 1L) << 1);
                System.arraycopy(src, from, out, size, len);
                slotGeneration[s] = generation;
                slots[s] = entries + 1;
                remember(size, len);
                size += len;
                return entries - 1;
            }
            final int e = slots[s] - 1;
            if (entryLength[e] == len
                && same(out, entryOffset[e], src, from, len)) {
                varint(((long) e << 1) | 1);
                return e;
            }
        }
    }

    /** A hash of {@code a[from, from + len)}, eight bytes at a time (the last eight overlapping the ones before). */
    private static int hash(final byte[] a, final int from, final int len) {
        long h = len;
        if (len >= 8) {
            for (int i = 0; i + 8 < len; i += 8) {
                h = (h ^ (long) LONGS.get(a, from + i)) * 0x9E3779B97F4A7C15L;
            }
            h = (h ^ (long) LONGS.get(a, from + len - 8)) * 0x9E3779B97F4A7C15L;
        } else if (len >= 4) {
            final long w = ((int) INTS.get(a, from) & 0xFFFF_FFFFL) | (long) (int) INTS.get(a, from + len - 4) << 32;
            h = (h ^ w) * 0x9E3779B97F4A7C15L;
        } else {
            for (int i = 0; i < len; i++) {
                h = (h ^ a[from + i]) * 0x9E3779B97F4A7C15L;
            }
        }
        return (int) (h ^ (h >>> 32));
    }

    /** Adds the string written at {@code out[at, at + len)} to the dictionary (its slot is taken already). */
    private void remember(final int at, final int len) {
        if (entries == entryOffset.length) {
            entryOffset = Arrays.copyOf(entryOffset, 2 * entries);
            entryLength = Arrays.copyOf(entryLength, 2 * entries);
        }
        entryOffset[entries] = at;
        entryLength[entries] = len;
        entries++;
        if (2 * entries > slots.length) { // keep the table at most half full
            rehash();
        }
    }

    private void rehash() {
        slots = new int[2 * slots.length];
        slotGeneration = new int[slots.length];
        generation = 1;
        final int mask = slots.length - 1;
        for (int e = 0; e < entries; e++) {
            int s = hash(out, entryOffset[e], entryLength[e]) & mask;
            while (slotGeneration[s] == generation) {
                s = (s + 1) & mask;
            }
            slotGeneration[s] = generation;
            slots[s] = e + 1;
        }
    }

    private void newDictionary(final int byteCount) {
        entries = 0;
        Arrays.fill(lastAt, 0);
        if (++generation == Integer.MAX_VALUE) {
            Arrays.fill(slotGeneration, 0);
            generation = 1;
        }
    }

    private void varint(final long v) {
        final byte[] o = out;
        int s = size;
        long x = v;
        while ((x & ~0x7FL) != 0) {
            o[s++] = (byte) ((x & 0x7F) | 0x80);
            x >>>= 7;
        }
        o[s++] = (byte) x;
        size = s;
    }

    /**
     * Whether {@code a[ai, ai + len)} and {@code b[bi, bi + len)} hold the same bytes: words, the
     * last one overlapping the ones before, so no byte loop (short strings: no vector set-up).
     */
    private static boolean same(final byte[] a, final int ai, final byte[] b, final int bi, final int len) {
        if (len >= 8) {
            for (int i = 0; i + 8 < len; i += 8) {
                if ((long) LONGS.get(a, ai + i) != (long) LONGS.get(b, bi + i)) {
                    return false;
                }
            }
            return (long) LONGS.get(a, ai + len - 8) == (long) LONGS.get(b, bi + len - 8);
        }
        if (len >= 4) {
            return (int) INTS.get(a, ai) == (int) INTS.get(b, bi)
                && (int) INTS.get(a, ai + len - 4) == (int) INTS.get(b, bi + len - 4);
        }
        for (int i = 0; i < len; i++) {
            if (a[ai + i] != b[bi + i]) {
                return false;
            }
        }
        return true;
    }

    private void room(final int n) {
        if (out.length - size < n) {
            out = Arrays.copyOf(out, Math.max(2 * out.length, size + n));
        }
    }
}
