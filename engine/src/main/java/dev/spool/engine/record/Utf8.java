package dev.spool.engine.record;

/**
 * UTF-8 encoding of a {@link CharSequence} straight into a byte array, with no intermediate
 * String or encoder object. An unpaired surrogate is written as {@code '?'}, as the JDK's own
 * encoder does.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** Bytes that {@link #encode} writes for {@code s}. */
    public static int encodedLength(final CharSequence s) {
        final int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for 2 chars
                    i++;
                } else if (Character.isSurrogate(c)) {
                    bytes += 0; // '?'
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /**
     * Encodes {@code s} into {@code dst} from {@code at}; the caller made room for
     * {@link #encodedLength} bytes (or 3 per char).
     *
     * @return the index after the last byte written
     */
    public static int encode(final CharSequence s, final byte[] dst, final int at) {
        final int n = s.length();
        int p = at;
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (c < 0x80) {
                dst[p++] = (byte) c;
            } else if (c < 0x800) {
                dst[p++] = (byte) (0xC0 | (c >> 6));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    final int cp = Character.toCodePoint(c, s.charAt(++i));
                    dst[p++] = (byte) (0xF0 | (cp >> 18));
                    dst[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    dst[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    dst[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    dst[p++] = '?';
                }
            } else {
                dst[p++] = (byte) (0xE0 | (c >> 12));
                dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }
}
