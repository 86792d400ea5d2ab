package dev.spool.engine.format;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Format 2's entries (FORMAT.md), what a binary log object writes: the same buffer header as
 * format 1, with the major 2, and entries without alignment, fixed-width numbers or repeated
 * strings ({@link CompactEncoder} writes them, {@link CompactDecoder} reads them). Each entry is its kind (1 byte), its timestamp as a zigzag varint distance
 * from the entry before it (the first entry's from the buffer's {@code lowTimestamp}), its
 * renderer as a varint, then:
 * <ul>
 *   <li>record: each stored field in the descriptor's order, by its type: a string as a varint
 *       {@code v} (0: null; odd: the string the buffer's dictionary holds at {@code v >> 1}; even:
 *       {@code (v >> 1) - 1} literal UTF-8 bytes follow, and a string of at most
 *       {@link #DICTIONARY_MAX} bytes joins the dictionary); a long as a byte (0: null, 1: a
 *       value) and a zigzag varint; a map or a throwable as a varint (0: null, else the pair count
 *       plus one) and each key and value as a string; a message as a varint {@code h} (0: null;
 *       even: a map of {@code (h >> 1) - 1} pairs; odd: a message kept as its text, as its shape,
 *       a string with a 0 byte for each number, and {@code h >> 1} varints, the numbers); a
 *       timestamp as nothing;</li>
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
    /** The first key of a message kept as its text. */
    static final byte[] TEXT = MessageField.TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private CompactEncoding() {
    }

    /**
     * Encodes a checked format-1 buffer ({@code v1[0, byteCount)}, little-endian) whose records
     * store fields of {@code types}.
     */
    public static byte[] encode(final ByteBuffer v1, final List<FieldType> types) {
        final CompactEncoder e = new CompactEncoder();
        final int length = e.encode(v1, types.toArray(new FieldType[0]));
        return Arrays.copyOf(e.output(), length);
    }

    /**
     * The format-1 layout of a checked format-2 buffer ({@code v2[0, byteCount)}), CRCs and all,
     * with the major 1.
     *
     * @throws IllegalArgumentException when the entries do not decode (a bug, as the CRC held)
     */
    public static ByteBuffer decode(final ByteBuffer v2, final List<FieldType> types) {
        return CompactDecoder.decode(v2, types);
    }
}
