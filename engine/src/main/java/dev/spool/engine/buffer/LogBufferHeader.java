package dev.spool.engine.buffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Layout of the header at the start of every {@link LogBuffer}, in memory and in binary logs.
 * All numbers are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     magic  "SPLB"                             |  0
 *  +-------------------------------+-------------------------------+
 *  |        major version          |         headerLength          |  4
 *  +-------------------------------+-------------------------------+
 *  |                     byteCount (header included)               |  8
 *  +---------------------------------------------------------------+
 *  |                     entryCount                                | 12
 *  +---------------------------------------------------------------+
 *  |                     sequence (64 bits)                        | 16
 *  +---------------------------------------------------------------+
 *  |                     lowTimestamp (epoch ns, 64 bits)          | 24
 *  +---------------------------------------------------------------+
 *  |                     highTimestamp (epoch ns, 64 bits)         | 32
 *  +---------------------------------------------------------------+
 *  |                     payloadCrc: CRC32C of [48, byteCount)     | 40
 *  +---------------------------------------------------------------+
 *  |                     headerCrc: CRC32C of [0, 44)              | 44
 *  +---------------------------------------------------------------+
 *  |                     descriptorLength                          | 48
 *  +---------------------------------------------------------------+
 *  |       descriptor: UTF-8 JSON naming the log, its format       | 52
 *  |       and the stored fields; zero padded to 8 bytes           |
 *  +---------------------------------------------------------------+  headerLength
 * </pre>
 *
 * The header CRC lets a reader trust {@code byteCount} before it reads that many bytes; the
 * payload CRC covers the descriptor and every entry, so no byte of a buffer goes unchecked. The
 * format, its versions and what a reader does with a version it does not know are in
 * {@code engine/FORMAT.md}.
 */
public final class LogBufferHeader {
    public static final int MAGIC = 0x424C5053; // "SPLB" read as a little-endian int
    /**
     * The major version of the buffer format this Spool writes and reads (FORMAT.md). Every major
     * version keeps magic, major, headerLength, byteCount and the header CRC (of bytes [0, 44))
     * where they are, so that a reader can check and skip a buffer of a major it does not know.
     */
    public static final short MAJOR = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int HEADER_LENGTH_OFFSET = 6;
    public static final int BYTE_COUNT_OFFSET = 8;
    public static final int ENTRY_COUNT_OFFSET = 12;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int LOW_TIMESTAMP_OFFSET = 24;
    public static final int HIGH_TIMESTAMP_OFFSET = 32;
    public static final int PAYLOAD_CRC_OFFSET = 40;
    public static final int HEADER_CRC_OFFSET = 44;
    public static final int DESCRIPTOR_LENGTH_OFFSET = 48;
    public static final int DESCRIPTOR_OFFSET = 52;
    /** The fixed part, covered by the header CRC and the two CRC fields. */
    public static final int FIXED_LENGTH = 48;
    /** Largest buffer a reader accepts: guards against trusting a corrupt length. */
    public static final int MAX_BYTE_COUNT = 1 << 30;

    private LogBufferHeader() {
    }

    /** Header length for a descriptor of {@code descriptorLength} bytes, 8-byte aligned. */
    public static int headerLength(final int descriptorLength) {
        return LogEntryHeader.align(DESCRIPTOR_OFFSET + descriptorLength);
    }

    /** Writes the parts that never change for a log object: magic, version, descriptor. */
    public static void writeStatic(final ByteBuffer buffer, final byte[] descriptor) {
        buffer.putInt(MAGIC_OFFSET, MAGIC);
        buffer.putShort(VERSION_OFFSET, MAJOR);
        buffer.putShort(HEADER_LENGTH_OFFSET, (short) headerLength(descriptor.length));
        buffer.putInt(DESCRIPTOR_LENGTH_OFFSET, descriptor.length);
        buffer.put(DESCRIPTOR_OFFSET, descriptor);
        for (int i = DESCRIPTOR_OFFSET + descriptor.length; i < headerLength(descriptor.length); i++) {
            buffer.put(i, (byte) 0);
        }
    }

    /** Fills the per-buffer fields and both CRCs; the buffer's bytes [0, byteCount) are final. */
    public static void finish(final ByteBuffer buffer, final int byteCount, final int entryCount,
                              final long sequence, final long lowTimestamp, final long highTimestamp,
                              final CRC32C crc) {
        buffer.putInt(BYTE_COUNT_OFFSET, byteCount);
        buffer.putInt(ENTRY_COUNT_OFFSET, entryCount);
        buffer.putLong(SEQUENCE_OFFSET, sequence);
        buffer.putLong(LOW_TIMESTAMP_OFFSET, lowTimestamp);
        buffer.putLong(HIGH_TIMESTAMP_OFFSET, highTimestamp);
        buffer.putInt(PAYLOAD_CRC_OFFSET, crc(buffer, FIXED_LENGTH, byteCount, crc));
        buffer.putInt(HEADER_CRC_OFFSET, crc(buffer, 0, HEADER_CRC_OFFSET, crc));
    }

    /** CRC32C of {@code buffer[from, to)}, leaving the buffer's position and limit as they were. */
    public static int crc(final ByteBuffer buffer, final int from, final int to, final CRC32C crc) {
        crc.reset();
        crc.update(buffer.slice(from, to - from));
        return (int) crc.getValue();
    }

    public static int magic(final ByteBuffer b, final int at) {
        return b.getInt(at + MAGIC_OFFSET);
    }

    public static int version(final ByteBuffer b, final int at) {
        return b.getShort(at + VERSION_OFFSET);
    }

    public static int headerLength(final ByteBuffer b, final int at) {
        return b.getShort(at + HEADER_LENGTH_OFFSET) & 0xFFFF;
    }

    public static int byteCount(final ByteBuffer b, final int at) {
        return b.getInt(at + BYTE_COUNT_OFFSET);
    }

    public static int entryCount(final ByteBuffer b, final int at) {
        return b.getInt(at + ENTRY_COUNT_OFFSET);
    }

    public static long sequence(final ByteBuffer b, final int at) {
        return b.getLong(at + SEQUENCE_OFFSET);
    }

    public static long lowTimestamp(final ByteBuffer b, final int at) {
        return b.getLong(at + LOW_TIMESTAMP_OFFSET);
    }

    public static long highTimestamp(final ByteBuffer b, final int at) {
        return b.getLong(at + HIGH_TIMESTAMP_OFFSET);
    }

    public static int payloadCrc(final ByteBuffer b, final int at) {
        return b.getInt(at + PAYLOAD_CRC_OFFSET);
    }

    public static int headerCrc(final ByteBuffer b, final int at) {
        return b.getInt(at + HEADER_CRC_OFFSET);
    }

    public static int descriptorLength(final ByteBuffer b, final int at) {
        return b.getInt(at + DESCRIPTOR_LENGTH_OFFSET);
    }
}
