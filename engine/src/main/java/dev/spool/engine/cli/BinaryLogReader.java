package dev.spool.engine.cli;

import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.format.CompactEncoding;
import dev.spool.engine.format.FieldType;
import dev.spool.engine.format.StoredField;
import dev.spool.engine.object.Descriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Reads the buffers of a binary log from a channel, checking each one: magic, header CRC,
 * lengths, payload CRC. Damage never stops the read: the reader reports the byte offset where
 * the bad region starts and why, skips to the next valid buffer header, and goes on. A buffer of
 * a major version it does not know is skipped whole and counted, and said once at the end; data
 * with no buffer at all is "not a Spool binary log". A buffer of format 2 is returned decoded into
 * format 1's layout.
 *
 * <p>In follow mode the end of the data is not the end: the reader waits for more (a buffer cut
 * off at the end is the writer still writing), polling every {@code pollMillis}.
 */
public final class BinaryLogReader {
    /** Receives damaged regions, and notes on what a reader skips on purpose. */
    @FunctionalInterface
    public interface Problems {
        void corrupt(long offset, String message);

        /**
         * Something of a newer minor version of the format was skipped (an entry kind, a field
         * type): said, but not an error (FORMAT.md, "Versions").
         */
        default void note(final String message) {
        }

        /**
         * Something went wrong that is not damage to the file (a {@code --layout} that failed on
         * some events): said, and the exit status is 1, as for damage.
         */
        default void failed(final String message) {
            corrupt(-1, message);
        }
    }

    /**
     * One checked buffer, copied out of the stream, in format 1's layout (a format-2 buffer
     * decoded); little-endian, starting at index 0. {@code storedBytes} is its length in the file.
     */
    public record Buffer(long fileOffset, int storedBytes, ByteBuffer data) {
        /** The length of {@link #data()}: format 1's, which a format-2 buffer takes once decoded. */
        public int byteCount() {
            return LogBufferHeader.byteCount(data, 0);
        }

        public int headerLength() {
            return LogBufferHeader.headerLength(data, 0);
        }

        public long sequence() {
            return LogBufferHeader.sequence(data, 0);
        }

        public int entryCount() {
            return LogBufferHeader.entryCount(data, 0);
        }

        public byte[] descriptor() {
            final byte[] d = new byte[LogBufferHeader.descriptorLength(data, 0)];
            data.get(LogBufferHeader.DESCRIPTOR_OFFSET, d);
            return d;
        }
    }

    /**
     * In follow mode: whether the file followed has been rolled (its name now names another
     * file), and that file opened; {@code null} while it has not.
     */
    @FunctionalInterface
    public interface Rolls {
        ReadableByteChannel rolledOver() throws IOException;
    }

    private ReadableByteChannel in;
    private Rolls rolls;
    /** The file that took the followed one's name, opened; read once the old one is read to its end again. */
    private ReadableByteChannel next;
    /** The sequence number of the last buffer returned, and whether the followed file was rolled since. */
    private long lastSequence = -1;
    private boolean rolledSinceLast;
    private final Problems problems;
    private final boolean follow;
    private final long pollMillis;
    private final CRC32C crc = new CRC32C();
    private byte[] window;
    /** The window as little-endian numbers; limited to the bytes read, so no read goes past them. */
    private ByteBuffer view;
    private long windowStart;   // file offset of window[0]
    private int pos;
    private int limit;
    private boolean eof;
    private long badStart = -1;
    private String badReason;
    /** Whether the data held a buffer's magic anywhere so far (damaged or not). */
    private boolean sawMagic;
    /** Buffers skipped because their major version is not this reader's, by major; and where the first was. */
    private final Map<Integer, Long> otherMajors = new TreeMap<>();
    private final Map<Integer, Long> firstOfMajor = new HashMap<>();

    public BinaryLogReader(final ReadableByteChannel in, final boolean follow, final long pollMillis,
                           final Problems problems) {
        this(in, follow, pollMillis, problems, 1 << 16);
    }

    /** With a given first window size; tests use tiny windows so buffers straddle window edges. */
    BinaryLogReader(final ReadableByteChannel in, final boolean follow, final long pollMillis,
                    final Problems problems, final int windowSize) {
        this.in = in;
        this.follow = follow;
        this.pollMillis = pollMillis;
        this.problems = problems;
        this.window = new byte[windowSize];
        this.view = wrap(window);
    }

    /** In follow mode, goes on with the file that takes the followed one's name when it is rolled. */
    public BinaryLogReader followingRolls(final Rolls rolls) {
        this.rolls = rolls;
        return this;
    }

    /**
     * The next valid buffer, or {@code null} at the end of the data (never in follow mode, unless
     * the channel is closed or the thread interrupted).
     */
    public Buffer next() throws IOException {
        for (;;) {
            // The fixed fields and the descriptor length: all a header check reads.
            if (!ensure(LogBufferHeader.DESCRIPTOR_OFFSET)) {
                if (limit > pos) {
                    bad(offset(pos), "cut off inside a buffer header (" + (limit - pos) + " bytes at the end)");
                    pos = limit;
                }
                flushBad(" to the end of the data");
                reportOtherMajors();
                return null;
            }
            if (LogBufferHeader.magic(view, pos) != LogBufferHeader.MAGIC) {
                bad(offset(pos), "no buffer header");
                pos++;
                continue;
            }
            sawMagic = true;
            if (LogBufferHeader.headerCrc(view, pos) != crcOf(pos, LogBufferHeader.HEADER_CRC_OFFSET)) {
                bad(offset(pos), "buffer header CRC mismatch");
                pos++;
                continue;
            }
            final int byteCount = LogBufferHeader.byteCount(view, pos);
            final int headerLength = LogBufferHeader.headerLength(view, pos);
            final int descriptorLength = LogBufferHeader.descriptorLength(view, pos);
            final int major = LogBufferHeader.version(view, pos);
            final boolean known = major == LogBufferHeader.MAJOR || major == CompactEncoding.MAJOR;
            if (!known && byteCount >= LogBufferHeader.FIXED_LENGTH
                && byteCount <= LogBufferHeader.MAX_BYTE_COUNT && (byteCount & 7) == 0 && ensure(byteCount)) {
                // A checked header of a major version this reader does not know: every major keeps
                // the fields that say how long the buffer is (FORMAT.md), so it is skipped whole.
                flushBad("");
                otherMajors.merge(major, 1L, Long::sum);
                firstOfMajor.putIfAbsent(major, offset(pos));
                pos += byteCount;
                continue;
            }
            if (!known
                || byteCount < headerLength || byteCount > LogBufferHeader.MAX_BYTE_COUNT || (byteCount & 7) != 0
                || descriptorLength < 0 || LogBufferHeader.headerLength(descriptorLength) != headerLength) {
                bad(offset(pos), "buffer header with impossible version or lengths");
                pos++;
                continue;
            }
            if (!ensure(byteCount)) {
                bad(offset(pos), "buffer cut off: its header says " + byteCount + " bytes, " + (limit - pos)
                    + " remain");
                pos++;
                continue;
            }
            if (LogBufferHeader.payloadCrc(view, pos) != crcOf(pos + LogBufferHeader.FIXED_LENGTH,
                byteCount - LogBufferHeader.FIXED_LENGTH)) {
                bad(offset(pos), "buffer payload CRC mismatch");
                pos++;
                continue;
            }
            flushBad("");
            final long sequence = LogBufferHeader.sequence(view, pos);
            if (rolledSinceLast && sequence > lastSequence + 1) {
                problems.note("buffers " + (lastSequence + 1) + " to " + (sequence - 1) + " went to files that were rolled"
                    + " before they could be followed; spool-cat on the rolled files (or their directory) shows them");
            }
            rolledSinceLast = false;
            lastSequence = sequence;
            ByteBuffer copy = ByteBuffer.wrap(Arrays.copyOfRange(window, pos, pos + byteCount))
                .order(ByteOrder.LITTLE_ENDIAN);
            if (major == CompactEncoding.MAJOR) { // read as format 1 (FORMAT.md, "Format 2")
                try {
                    copy = CompactEncoding.decode(copy, types(copy));
                } catch (final IllegalArgumentException e) {
                    problems.corrupt(offset(pos), "buffer at offset " + offset(pos) + " of format 2 does not decode: "
                        + e.getMessage());
                    pos += byteCount;
                    continue;
                }
            }
            final Buffer b = new Buffer(offset(pos), byteCount, copy);
            pos += byteCount;
            return b;
        }
    }

    private void bad(final long offset, final String reason) {
        if (badStart < 0) {
            badStart = offset;
            badReason = reason;
        }
    }

    /** The stored field types a buffer's descriptor names. */
    private static List<FieldType> types(final ByteBuffer b) {
        final byte[] d = new byte[LogBufferHeader.descriptorLength(b, 0)];
        b.get(LogBufferHeader.DESCRIPTOR_OFFSET, d);
        return Descriptor.parse(d).fields().stream().map(StoredField::type).toList();
    }

    /** Says, once per major version, how many buffers of a major this reader does not know it skipped. */
    private void reportOtherMajors() {
        for (final Map.Entry<Integer, Long> e : otherMajors.entrySet()) {
            problems.corrupt(firstOfMajor.get(e.getKey()), e.getValue() + " buffer(s) from byte offset "
                + firstOfMajor.get(e.getKey()) + " are in format " + e.getKey() + ".x, which this reader does not know"
                + " (a newer Spool wrote them; this one reads formats " + LogBufferHeader.MAJOR + ".x and "
                + CompactEncoding.MAJOR + ".x): skipped");
        }
        otherMajors.clear();
    }

    private void flushBad(final String whereTo) {
        if (badStart == 0 && !sawMagic && !whereTo.isEmpty()) {
            // Nothing of a binary log anywhere: a text log, say. One clear line instead of a region.
            problems.corrupt(0, "not a Spool binary log (no buffer header in its " + offset(pos) + " bytes)");
            badStart = -1;
            return;
        }
        if (badStart >= 0) {
            final long resume = offset(pos);
            problems.corrupt(badStart, "corrupt data at byte offset " + badStart + " (" + badReason + "); skipped "
                + (resume - badStart) + " bytes" + (whereTo.isEmpty() ? " to the next valid buffer at offset " + resume
                : whereTo));
            badStart = -1;
        }
    }

    private long offset(final int index) {
        return windowStart + index;
    }

    private int crcOf(final int from, final int length) {
        crc.reset();
        crc.update(window, from, length);
        return (int) crc.getValue();
    }

    /** Makes {@code n} bytes available from {@code pos}; {@code false} if the data ends first. */
    private boolean ensure(final int n) throws IOException {
        while (limit - pos < n) {
            if (pos > 0) {
                System.arraycopy(window, pos, window, 0, limit - pos);
                windowStart += pos;
                limit -= pos;
                pos = 0;
            }
            if (window.length < n) {
                window = Arrays.copyOf(window, Math.max(n, 2 * window.length));
                view = wrap(window);
            }
            view.limit(limit);
            if (eof && !follow) {
                return false;
            }
            final int r = in.read(ByteBuffer.wrap(window, limit, window.length - limit));
            if (r < 0) {
                eof = true;
                if (!follow || !in.isOpen()) {
                    return false;
                }
                if (next != null) {
                    rollOver(); // the old file was read to its end once more after the roll
                    continue;
                }
                if (rolls != null && (next = rolls.rolledOver()) != null) {
                    continue; // the writer may have written the old file's last buffer before the roll
                }
                if (!waitForMore()) {
                    return false;
                }
            } else {
                limit += r;
                view.limit(limit);
            }
        }
        return true;
    }

    /** Goes on with the file that took the followed one's name; a buffer cut off at the old one's end is damage. */
    private void rollOver() throws IOException {
        if (limit > pos) {
            bad(offset(pos), "cut off at the end of the file when it was rolled (" + (limit - pos) + " bytes)");
            pos = limit;
        }
        flushBad(" to the end of the rolled file");
        in.close();
        in = next;
        next = null;
        rolledSinceLast = true;
        eof = false;
        windowStart = 0;
        pos = 0;
        limit = 0;
        view.limit(0);
    }

    private boolean waitForMore() {
        try {
            Thread.sleep(pollMillis);
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ByteBuffer wrap(final byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
