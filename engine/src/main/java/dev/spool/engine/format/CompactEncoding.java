package dev.spool.engine.format;

import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.record.RecordWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Format 2's entries (a draft, not written by any log object yet; see FORMAT.md): the same buffer
 * header as format 1, with the major 2, and entries without alignment, fixed-width numbers or
 * repeated strings. Each entry is its kind (1 byte), its timestamp as a zigzag varint distance from
 * the entry before it (the first entry's from the buffer's {@code lowTimestamp}), its renderer as a varint, then:
 * <ul>
 *   <li>record: each stored field in the descriptor's order, by its type: a string as a varint
 *       {@code v} (0: null; odd: the string the buffer's dictionary holds at {@code v >> 1}; even:
 *       {@code (v >> 1) - 1} literal UTF-8 bytes follow, and a string of at most
 *       {@link #DICTIONARY_MAX} bytes joins the dictionary); a long as a byte (0: null, 1: a
 *       value) and a zigzag varint; a map or a throwable as a varint (0: null, else the pair count
 *       plus one) and each key and value as a string; a timestamp as nothing;</li>
 *   <li>rendered: a varint length and the bytes;</li>
 *   <li>loss: the count and the cause code as varints.</li>
 * </ul>
 * The dictionary is each buffer's own, built in entry order by writer and reader alike, so a
 * buffer is still read alone. Void entries are left out. {@link #decode} gives a reader the
 * buffer in format 1's layout again, so everything that reads format 1 reads format 2.
 */
public final class CompactEncoding {
    /** The major version of buffers in this encoding. */
    public static final short MAJOR = 2;
    /** Longest string (UTF-8 bytes) a buffer's dictionary takes: longer ones are rarely repeated. */
    public static final int DICTIONARY_MAX = 128;

    private CompactEncoding() {
    }

    /**
     * Encodes a checked format-1 buffer ({@code v1[0, byteCount)}, little-endian) whose records
     * store fields of {@code types}.
     */
    public static byte[] encode(final ByteBuffer v1, final List<FieldType> types) {
        final Encoder e = new Encoder();
        final int length = e.encode(v1, types.toArray(new FieldType[0]));
        return Arrays.copyOf(e.output(), length);
    }

    /**
     * Encodes buffers one after the other into an array it keeps (for one thread: a log
     * object's preproc step), allocating nothing once its array and dictionary have grown to the
     * buffers' size. The dictionary is a hash table of the strings' places in the buffer being
     * encoded, so no string is copied.
     */
    public static final class Encoder {
        private byte[] out = new byte[1 << 12];
        private int size;
        private ByteBuffer v1;
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
         * Encodes the format-1 buffer {@code v1[0, byteCount)} whose header's counts, time range
         * and CRCs are not filled in (only its static part, up to the descriptor's end, is read):
         * the preproc step's way, which has the counts at hand and would only throw format 1's
         * CRCs away.
         */
        public int encode(final ByteBuffer v1, final int byteCount, final long sequence, final long low,
                          final long high, final FieldType[] types) {
            this.v1 = v1;
            final int headerLength = LogBufferHeader.headerLength(v1, 0);
            size = 0;
            room(byteCount + 16);
            v1.get(0, out, 0, headerLength);
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
            b.putShort(LogBufferHeader.VERSION_OFFSET, MAJOR);
            LogBufferHeader.finish(b, size, count, sequence, low, high, crc);
            this.v1 = null;
            return size;
        }

        private final CRC32C crc = new CRC32C();

        private void record(final int from, final int end, final FieldType[] types) {
            int p = from;
            for (final FieldType type : types) {
                if (p + 4 > end) {
                    throw new IllegalArgumentException("record ends before its fields do");
                }
                final int len = v1.getInt(p);
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
                            final long v = v1.getLong(value);
                            varint((v << 1) ^ (v >> 63));
                        }
                        break;
                    case MAP:
                    case THROWABLE:
                    case MESSAGE:
                        if (len == RecordWriter.NULL_LENGTH) {
                            varint(0);
                            break;
                        }
                        final int pairs = v1.getInt(value);
                        varint(pairs + 1L);
                        int q = value + 4;
                        for (int i = 0; i < 2 * pairs; i++) {
                            final int l = v1.getInt(q);
                            q += 4;
                            room(Math.max(l, 0) + 16);
                            string(q, l);
                            q += Math.max(l, 0);
                        }
                        break;
                    default: // STRING
                        string(value, len);
                }
            }
        }

        private void string(final int at, final int len) {
            if (len == RecordWriter.NULL_LENGTH) {
                out[size++] = 0;
                return;
            }
            if (len <= DICTIONARY_MAX) {
                final int h = hash(at, len);
                final int mask = slots.length - 1;
                for (int s = h & mask;; s = (s + 1) & mask) {
                    if (slotGeneration[s] != generation) { // free: the string is new to this buffer
                        slotGeneration[s] = generation;
                        slots[s] = entries + 1;
                        remember(at, len);
                        break;
                    }
                    final int e = slots[s] - 1;
                    if (entryLength[e] == len && same(entryOffset[e], at, len)) {
                        varint(((long) e << 1) | 1);
                        return;
                    }
                }
            }
            varint((len + 1L) << 1);
            v1.get(at, out, size, len);
            size += len;
        }

        /** A hash of {@code v1[at, at + len)}, eight bytes at a time. */
        private int hash(final int at, final int len) {
            long h = len;
            int i = 0;
            for (; i + 8 <= len; i += 8) {
                h = (h ^ v1.getLong(at + i)) * 0x9E3779B97F4A7C15L;
            }
            for (; i < len; i++) {
                h = (h ^ v1.get(at + i)) * 0x9E3779B97F4A7C15L;
            }
            return (int) (h ^ (h >>> 32));
        }

        private boolean same(final int a, final int b, final int len) {
            int i = 0;
            for (; i + 8 <= len; i += 8) {
                if (v1.getLong(a + i) != v1.getLong(b + i)) {
                    return false;
                }
            }
            for (; i < len; i++) {
                if (v1.get(a + i) != v1.get(b + i)) {
                    return false;
                }
            }
            return true;
        }

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
                int s = hash(entryOffset[e], entryLength[e]) & mask;
                while (slotGeneration[s] == generation) {
                    s = (s + 1) & mask;
                }
                slotGeneration[s] = generation;
                slots[s] = e + 1;
            }
        }

        private void newDictionary(final int byteCount) {
            entries = 0;
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(slotGeneration, 0);
                generation = 1;
            }
        }

        private void varint(final long v) {
            long x = v;
            while ((x & ~0x7FL) != 0) {
                out[size++] = (byte) ((x & 0x7F) | 0x80);
                x >>>= 7;
            }
            out[size++] = (byte) x;
        }

        private void room(final int n) {
            if (out.length - size < n) {
                out = Arrays.copyOf(out, Math.max(2 * out.length, size + n));
            }
        }
    }

    private static byte[] bytes(final ByteBuffer b, final int at, final int len) {
        final byte[] a = new byte[len];
        b.get(at, a);
        return a;
    }

    /**
     * The format-1 layout of a checked format-2 buffer ({@code v2[0, byteCount)}), CRCs and all,
     * with the major 1.
     *
     * @throws IllegalArgumentException when the entries do not decode (a bug, as the CRC held)
     */
    public static ByteBuffer decode(final ByteBuffer v2, final List<FieldType> types) {
        final int headerLength = LogBufferHeader.headerLength(v2, 0);
        final int end = LogBufferHeader.byteCount(v2, 0);
        final long low = LogBufferHeader.lowTimestamp(v2, 0);
        final In in = new In(v2, headerLength, end);
        final Out out = new Out(4 * end);
        out.bytes(v2, 0, headerLength);
        final List<byte[]> dictionary = new ArrayList<>();
        int entries = 0;
        long previous = low;
        while (in.p < end) {
            final int kind = in.u8();
            if (kind == LogEntryHeader.KIND_VOID) { // never written: the padding to 8 bytes
                if (!in.allZeroFrom(in.p - 1)) {
                    throw new IllegalArgumentException("an entry of kind 0 at " + (in.p - 1));
                }
                break;
            }
            entries++;
            final long step = in.varint();
            final long timestamp = previous + ((step >>> 1) ^ -(step & 1));
            previous = timestamp;
            final int renderer = (int) in.varint();
            final int start = out.length();
            out.zeros(LogEntryHeader.LENGTH);
            switch (kind) {
                case LogEntryHeader.KIND_RECORD:
                    for (final FieldType type : types) {
                        decodeField(type, in, dictionary, out);
                    }
                    break;
                case LogEntryHeader.KIND_LOSS:
                    final byte[] loss = new byte[LossEntry.LENGTH];
                    LossEntry.put(loss, in.varint(), (int) in.varint());
                    out.bytes(loss);
                    break;
                default:
                    out.bytes(in.bytes((int) in.varint()));
            }
            final int payload = out.length() - start - LogEntryHeader.LENGTH;
            out.pad8();
            final ByteBuffer b = out.view();
            b.putInt(start + LogEntryHeader.LENGTH_OFFSET, out.length() - start);
            b.put(start + LogEntryHeader.KIND_OFFSET, (byte) kind);
            b.putLong(start + LogEntryHeader.TIMESTAMP_OFFSET, timestamp);
            b.putInt(start + LogEntryHeader.PAYLOAD_LENGTH_OFFSET, payload);
            b.putInt(start + LogEntryHeader.RENDERER_OFFSET, renderer);
        }
        final ByteBuffer b = out.view();
        b.putShort(LogBufferHeader.VERSION_OFFSET, LogBufferHeader.MAJOR);
        LogBufferHeader.finish(b, b.limit(), entries, LogBufferHeader.sequence(v2, 0), low,
            LogBufferHeader.highTimestamp(v2, 0), new CRC32C());
        return ByteBuffer.wrap(Arrays.copyOf(b.array(), b.limit())).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void decodeField(final FieldType type, final In in, final List<byte[]> dictionary, final Out out) {
        switch (type) {
            case TIMESTAMP:
                out.int32(0);
                break;
            case LONG:
                if (in.u8() == 0) {
                    out.int32(RecordWriter.NULL_LENGTH);
                } else {
                    final long z = in.varint();
                    out.int32(8);
                    out.int64((z >>> 1) ^ -(z & 1));
                }
                break;
            case MAP:
            case THROWABLE:
            case MESSAGE:
                final long n = in.varint();
                if (n == 0) {
                    out.int32(RecordWriter.NULL_LENGTH);
                    break;
                }
                final int lengthAt = out.length();
                out.int32(0);
                out.int32((int) (n - 1));
                for (long i = 0; i < 2 * (n - 1); i++) {
                    decodeString(in, dictionary, out);
                }
                out.view().putInt(lengthAt, out.length() - lengthAt - 4);
                break;
            default:
                decodeString(in, dictionary, out);
        }
    }

    private static void decodeString(final In in, final List<byte[]> dictionary, final Out out) {
        final long v = in.varint();
        if (v == 0) {
            out.int32(RecordWriter.NULL_LENGTH);
            return;
        }
        final byte[] s;
        if ((v & 1) == 1) {
            final long index = v >>> 1;
            if (index >= dictionary.size()) {
                throw new IllegalArgumentException("string " + index + " is not in the buffer's dictionary");
            }
            s = dictionary.get((int) index);
        } else {
            s = in.bytes((int) ((v >>> 1) - 1));
            if (s.length <= DICTIONARY_MAX) {
                dictionary.add(s);
            }
        }
        out.int32(s.length);
        out.bytes(s);
    }

    /** A growing little-endian byte array. */
    private static final class Out {
        private byte[] a;
        private int size;

        Out(final int capacity) {
            a = new byte[Math.max(capacity, 64)];
        }

        private void room(final int n) {
            if (a.length - size < n) {
                a = Arrays.copyOf(a, Math.max(2 * a.length, size + n));
            }
        }

        void write(final int b) {
            room(1);
            a[size++] = (byte) b;
        }

        void varint(final long v) {
            long x = v;
            while ((x & ~0x7FL) != 0) {
                write((int) ((x & 0x7F) | 0x80));
                x >>>= 7;
            }
            write((int) x);
        }

        void int32(final int v) {
            for (int i = 0; i < 4; i++) {
                write(v >>> (8 * i));
            }
        }

        void int64(final long v) {
            for (int i = 0; i < 8; i++) {
                write((int) (v >>> (8 * i)));
            }
        }

        void bytes(final byte[] src) {
            room(src.length);
            System.arraycopy(src, 0, a, size, src.length);
            size += src.length;
        }

        void bytes(final ByteBuffer b, final int at, final int len) {
            room(len);
            b.get(at, a, size, len);
            size += len;
        }

        void zeros(final int n) {
            room(n);
            Arrays.fill(a, size, size + n, (byte) 0);
            size += n;
        }

        void pad8() {
            zeros(LogEntryHeader.align(size) - size);
        }

        int length() {
            return size;
        }

        /** The bytes so far, over the array itself, to patch in place: valid until the next write. */
        ByteBuffer view() {
            return ByteBuffer.wrap(a, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Reads varints and bytes from a buffer region. */
    private static final class In {
        private final ByteBuffer b;
        private final int end;
        private int p;

        In(final ByteBuffer b, final int from, final int end) {
            this.b = b;
            this.p = from;
            this.end = end;
        }

        int u8() {
            check(1);
            return b.get(p++) & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                final int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 64 bits at " + p);
        }

        byte[] bytes(final int len) {
            if (len < 0) {
                throw new IllegalArgumentException("negative length at " + p);
            }
            check(len);
            final byte[] a = CompactEncoding.bytes(b, p, len);
            p += len;
            return a;
        }

        boolean allZeroFrom(final int at) {
            for (int i = at; i < end; i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            return end - at < LogEntryHeader.ALIGNMENT;
        }

        private void check(final int n) {
            if (end - p < n) {
                throw new IllegalArgumentException("entries end " + (n - (end - p)) + " bytes early");
            }
        }
    }
}
