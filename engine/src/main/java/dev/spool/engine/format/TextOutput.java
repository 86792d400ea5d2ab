package dev.spool.engine.format;

import dev.spool.engine.record.Utf8;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte sink that renderers write text into; reused, so rendering allocates nothing. */
public final class TextOutput {
    private static final byte[] DIGITS = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes;
    /** The view {@link #asByteBuffer} hands out, made again only when {@code bytes} grows. */
    private ByteBuffer view;
    private int length;

    public TextOutput() {
        this(4096);
    }

    public TextOutput(final int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public void reset() {
        length = 0;
    }

    public int length() {
        return length;
    }

    public byte[] array() {
        return bytes;
    }

    /** Drops everything written after {@code mark} (a {@link #length()} taken earlier). */
    public void truncate(final int mark) {
        length = mark;
    }

    public void write(final int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    public void write(final byte[] src) {
        write(src, 0, src.length);
    }

    public void write(final byte[] src, final int offset, final int count) {
        ensure(count);
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
    }

    /** Copies {@code count} bytes at {@code offset} of {@code src} (absolute; src is not moved). */
    public void write(final ByteBuffer src, final int offset, final int count) {
        ensure(count);
        src.get(offset, bytes, length, count);
        length += count;
    }

    /**
     * Writes chars {@code from} to {@code to} of {@code s}, which the caller knows to be ASCII
     * (each char's low byte is written), in one copy.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, as meant here
    public void writeAscii(final String s, final int from, final int to) {
        ensure(to - from);
        s.getBytes(from, to, bytes, length);
        length += to - from;
    }

    public void writeUtf8(final CharSequence s) {
        ensure(3 * s.length());
        length = Utf8.encode(s, bytes, length);
    }

    public void writeLong(final long v) {
        if (v == Long.MIN_VALUE) {
            write(MIN_LONG);
            return;
        }
        long n = v;
        if (n < 0) {
            write('-');
            n = -n;
        }
        int digits = 1;
        for (long t = n; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = DIGITS[(int) (n % 10)];
            n /= 10;
        }
        length += digits;
    }

    /** Writes {@code v} (non-negative) in exactly {@code width} digits, zero padded. */
    public void writePadded(final long v, final int width) {
        ensure(width);
        long n = v;
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = DIGITS[(int) (n % 10)];
            n /= 10;
        }
        length += width;
    }

    /** Overwrites {@code width} already written bytes at {@code at} with {@code v} (non-negative), zero padded. */
    public void overwriteDigits(final int at, final long v, final int width) {
        long n = v;
        for (int i = at + width - 1; i >= at; i--) {
            bytes[i] = DIGITS[(int) (n % 10)];
            n /= 10;
        }
    }

    /**
     * Pads what was written since {@code mark} with spaces to {@code minChars} characters, after it
     * ({@code leftAlign}) or before it; characters are counted as Java counts them (UTF-16 units), so
     * the result lines up as a {@code String} padded to that length would.
     */
    public void padTo(final int mark, final int minChars, final boolean leftAlign) {
        final int missing = minChars - chars(mark, length);
        if (missing <= 0) {
            return;
        }
        ensure(missing);
        if (!leftAlign) {
            System.arraycopy(bytes, mark, bytes, mark + missing, length - mark);
            Arrays.fill(bytes, mark, mark + missing, (byte) ' ');
        } else {
            Arrays.fill(bytes, length, length + missing, (byte) ' ');
        }
        length += missing;
    }

    /** How many UTF-16 units the UTF-8 bytes {@code [from, to)} decode to. */
    private int chars(final int from, final int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            final int b = bytes[i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                n += b >= 0xF0 ? 2 : 1;
            }
        }
        return n;
    }

    /** A view of what was written (no copy; valid until the next write). */
    public ByteBuffer asByteBuffer() {
        ByteBuffer v = view;
        if (v == null || !v.hasArray() || v.array() != bytes) {
            v = ByteBuffer.wrap(bytes);
            view = v;
        }
        return v.limit(length).position(0);
    }

    private void ensure(final int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, 2 * bytes.length));
        }
    }
}
