package dev.spool.engine.format;

import dev.spool.engine.buffer.EntryCursor;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.record.RecordWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Format 2's entries (a draft, not written by any log object yet; see FORMAT.md): the same buffer
 * header as format 1, with the major 2, and entries without alignment, fixed-width numbers or
 * repeated strings. Each entry is its kind (1 byte), its timestamp as a varint distance from the
 * buffer's {@code lowTimestamp}, its renderer as a varint, then:
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
        final int headerLength = LogBufferHeader.headerLength(v1, 0);
        final int byteCount = LogBufferHeader.byteCount(v1, 0);
        final long low = LogBufferHeader.lowTimestamp(v1, 0);
        final Out out = new Out(byteCount);
        out.bytes(v1, 0, headerLength);
        final Map<String, Integer> dictionary = new HashMap<>();
        final EntryCursor c = new EntryCursor().reset(v1, headerLength, byteCount);
        int entries = 0;
        while (c.next()) {
            if (c.kind() == LogEntryHeader.KIND_VOID) {
                continue;
            }
            entries++;
            out.write(c.kind());
            out.varint(c.timestamp() - low);
            out.varint(LogEntryHeader.renderer(v1, c.offset()) & 0xFFFFFFFFL);
            final int p = c.payloadOffset();
            switch (c.kind()) {
                case LogEntryHeader.KIND_RECORD:
                    record(v1, p, p + c.payloadLength(), types, dictionary, out);
                    break;
                case LogEntryHeader.KIND_LOSS:
                    out.varint(LossEntry.count(v1, p));
                    out.varint(LossEntry.cause(v1, p) & 0xFFFF);
                    break;
                default: // rendered, or a kind of a later minor version: its bytes as they are
                    out.varint(c.payloadLength());
                    out.bytes(v1, p, c.payloadLength());
            }
        }
        if (c.problem() != null) {
            throw new IllegalArgumentException(c.problem());
        }
        out.pad8();
        final ByteBuffer b = out.buffer();
        b.putShort(LogBufferHeader.VERSION_OFFSET, MAJOR);
        LogBufferHeader.finish(b, b.limit(), entries, LogBufferHeader.sequence(v1, 0), low,
            LogBufferHeader.highTimestamp(v1, 0), new CRC32C());
        return Arrays.copyOf(b.array(), b.limit());
    }


    private static void record(final ByteBuffer v1, final int from, final int end, final List<FieldType> types,
                               final Map<String, Integer> dictionary, final Out out) {
        int p = from;
        for (final FieldType type : types) {
            if (p + 4 > end) {
                throw new IllegalArgumentException("record ends before its fields do");
            }
            final int len = v1.getInt(p);
            p += 4;
            final int value = p;
            p += Math.max(len, 0);
            switch (type) {
                case TIMESTAMP:
                    break;
                case LONG:
                    if (len == RecordWriter.NULL_LENGTH) {
                        out.write(0);
                    } else {
                        out.write(1);
                        final long v = v1.getLong(value);
                        out.varint((v << 1) ^ (v >> 63));
                    }
                    break;
                case MAP:
                case THROWABLE:
                    if (len == RecordWriter.NULL_LENGTH) {
                        out.varint(0);
                        break;
                    }
                    final int pairs = v1.getInt(value);
                    out.varint(pairs + 1L);
                    int q = value + 4;
                    for (int i = 0; i < 2 * pairs; i++) {
                        final int l = v1.getInt(q);
                        q += 4;
                        string(v1, q, l, dictionary, out);
                        q += Math.max(l, 0);
                    }
                    break;
                default: // STRING
                    string(v1, value, len, dictionary, out);
            }
        }
    }

    private static void string(final ByteBuffer v1, final int at, final int len, final Map<String, Integer> dictionary,
                               final Out out) {
        if (len == RecordWriter.NULL_LENGTH) {
            out.varint(0);
            return;
        }
        if (len <= DICTIONARY_MAX) {
            final String s = new String(bytes(v1, at, len), StandardCharsets.ISO_8859_1); // bytes as they are
            final Integer index = dictionary.get(s);
            if (index != null) {
                out.varint(((long) index << 1) | 1);
                return;
            }
            dictionary.put(s, dictionary.size());
        }
        out.varint((len + 1L) << 1);
        out.bytes(v1, at, len);
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
        while (in.p < end) {
            final int kind = in.u8();
            if (kind == LogEntryHeader.KIND_VOID) { // never written: the padding to 8 bytes
                if (!in.allZeroFrom(in.p - 1)) {
                    throw new IllegalArgumentException("an entry of kind 0 at " + (in.p - 1));
                }
                break;
            }
            entries++;
            final long timestamp = low + in.varint();
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
        final ByteBuffer b = out.buffer();
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

        /** As {@link #view}, limited to the bytes written; its array may be longer. */
        ByteBuffer buffer() {
            return view();
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
