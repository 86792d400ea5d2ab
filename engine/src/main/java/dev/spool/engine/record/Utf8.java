package dev.spool.engine.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 encoding of a {@link CharSequence} straight into a byte array, and decoding into a
 * {@link StringBuilder}, with no intermediate String or coder object. An unpaired surrogate is
 * written as {@code '?'}, as the JDK's own encoder does. Decoding gives what the JDK's decoder
 * gives, also for malformed bytes (from the first of them on, the JDK decodes).
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
        final int end = encodeMarking(s, dst, at);
        return end < 0 ? ~end : end;
    }

    /**
     * As {@link #encode}, but tells whether an unpaired surrogate was written as {@code '?'}: then
     * it returns the complement ({@code ~}) of the index after the last byte, a negative number.
     */
    public static int encodeMarking(final CharSequence s, final byte[] dst, final int at) {
        final int n = s.length();
        boolean replaced = false;
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
                    replaced = true;
                }
            } else {
                dst[p++] = (byte) (0xE0 | (c >> 12));
                dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return replaced ? ~p : p;
    }

    /**
     * Appends the {@code length} UTF-8 bytes at {@code offset} of {@code src}, decoded, to
     * {@code out}: the same chars as {@code new String(bytes, UTF_8)}, with no allocation unless
     * the bytes are malformed.
     */
    public static void decode(final ByteBuffer src, final int offset, final int length, final StringBuilder out) {
        final int end = offset + length;
        int p = offset;
        while (p < end) {
            final int b = src.get(p);
            if (b >= 0) {
                out.append((char) b);
                p++;
                continue;
            }
            final int lead = b & 0xFF;
            final int need;
            int cp;
            final int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
                cp = lead & 0x1F;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2;
                cp = lead & 0x0F;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3;
                cp = lead & 0x07;
                min = 0x10000;
            } else {
                appendMalformed(src, p, end, out);
                return;
            }
            int q = p + 1;
            boolean ok = q + need <= end;
            for (int i = 0; ok && i < need; i++, q++) {
                final int c = src.get(q);
                ok = (c & 0xC0) == 0x80;
                cp = (cp << 6) | (c & 0x3F);
            }
            if (!ok || cp < min || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                appendMalformed(src, p, end, out);
                return;
            }
            if (cp >= 0x10000) {
                out.append(Character.highSurrogate(cp)).append(Character.lowSurrogate(cp));
            } else {
                out.append((char) cp);
            }
            p = q;
        }
    }

    /** Malformed input (never written by {@link #encode}): the JDK's replacement rules, by the JDK. */
    private static void appendMalformed(final ByteBuffer src, final int from, final int end, final StringBuilder out) {
        final byte[] rest = new byte[end - from];
        src.get(from, rest);
        out.append(new String(rest, StandardCharsets.UTF_8));
    }
}
