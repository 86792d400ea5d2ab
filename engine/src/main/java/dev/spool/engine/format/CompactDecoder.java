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

/** Format 2 back into format 1's layout ({@link CompactEncoding#decode}). */
final class CompactDecoder {
    private CompactDecoder() {
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
    static ByteBuffer decode(final ByteBuffer v2, final List<FieldType> types) {
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
                final long n = in.varint();
                if (n == 0) {
                    out.int32(RecordWriter.NULL_LENGTH);
                } else {
                    decodePairs(n - 1, in, dictionary, out);
                }
                break;
            case MESSAGE:
                final long h = in.varint();
                if (h == 0) {
                    out.int32(RecordWriter.NULL_LENGTH);
                } else if ((h & 1) == 0) {
                    decodePairs((h >>> 1) - 1, in, dictionary, out);
                } else {
                    decodeShaped(h >>> 1, in, dictionary, out);
                }
                break;
            default:
                decodeString(in, dictionary, out);
        }
    }

    private static void decodePairs(final long pairs, final In in, final List<byte[]> dictionary, final Out out) {
        if (pairs < 0 || pairs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a map of " + pairs + " pairs");
        }
        final int lengthAt = out.length();
        out.int32(0);
        out.int32((int) pairs);
        for (long i = 0; i < 2 * pairs; i++) {
            decodeString(in, dictionary, out);
        }
        out.view().putInt(lengthAt, out.length() - lengthAt - 4);
    }

    /** A message kept as its text, from its shape and its {@code count} numbers (the encoder's {@code shaped}). */
    private static void decodeShaped(final long count, final In in, final List<byte[]> dictionary, final Out out) {
        final byte[] shape = readString(in, dictionary);
        if (shape == null) {
            throw new IllegalArgumentException("a message's shape is null");
        }
        final int lengthAt = out.length();
        out.int32(0);
        out.int32(1);
        out.int32(CompactEncoding.TEXT.length);
        out.bytes(CompactEncoding.TEXT);
        final int textAt = out.length();
        out.int32(0);
        long used = 0;
        for (final byte c : shape) {
            if (c != 0) {
                out.write(c);
                continue;
            }
            if (used++ == count) {
                throw new IllegalArgumentException("a message's shape has more numbers than " + count);
            }
            final long v = in.varint();
            if (v < 0 || v >= 1_000_000_000_000_000_000L) {
                throw new IllegalArgumentException("a message's number " + Long.toUnsignedString(v) + " has over 18 digits");
            }
            out.digits(v);
        }
        if (used != count) {
            throw new IllegalArgumentException("a message's shape has " + used + " numbers, not " + count);
        }
        out.view().putInt(textAt, out.length() - textAt - 4);
        out.view().putInt(lengthAt, out.length() - lengthAt - 4);
    }

    private static void decodeString(final In in, final List<byte[]> dictionary, final Out out) {
        final byte[] s = readString(in, dictionary);
        if (s == null) {
            out.int32(RecordWriter.NULL_LENGTH);
        } else {
            out.int32(s.length);
            out.bytes(s);
        }
    }

    /** A string's bytes, or null. */
    private static byte[] readString(final In in, final List<byte[]> dictionary) {
        final long v = in.varint();
        if (v == 0) {
            return null;
        }
        final byte[] s;
        if ((v & 1) == 1) {
            final long index = v >>> 1;
            if (index >= dictionary.size()) {
                throw new IllegalArgumentException("string " + index + " is not in the buffer's dictionary");
            }
            s = dictionary.get((int) index);
        } else {
            final long len = (v >>> 1) - 1;
            if (len > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a string of " + len + " bytes");
            }
            s = in.bytes((int) len);
            if (s.length <= CompactEncoding.DICTIONARY_MAX) {
                dictionary.add(s);
            }
        }
        return s;
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

        /** A non-negative number's decimal digits. */
        void digits(final long v) {
            final String d = Long.toString(v);
            for (int i = 0; i < d.length(); i++) {
                write(d.charAt(i));
            }
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
            final byte[] a = CompactDecoder.bytes(b, p, len);
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
