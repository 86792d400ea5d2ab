package dev.spool.engine.buffer;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LogBufferHeaderTest {
    @Test
    void headerBytesAreExactlyTheDocumentedLayout() {
        final byte[] descriptor = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
        final ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        LogBufferHeader.writeStatic(b, descriptor);
        LogBufferHeader.finish(b, 64, 0, 7, 100, 200, new CRC32C());

        final byte[] bytes = b.array();
        final byte[] expectedFixed = {
            'S', 'P', 'L', 'B', 1, 0, 64, 0,            // magic, version 1, headerLength 64
            64, 0, 0, 0, 0, 0, 0, 0,                    // byteCount 64, entryCount 0
            7, 0, 0, 0, 0, 0, 0, 0,                     // sequence 7
            100, 0, 0, 0, 0, 0, 0, 0,                   // low timestamp
            (byte) 200, 0, 0, 0, 0, 0, 0, 0};           // high timestamp
        final byte[] fixed = new byte[40];
        System.arraycopy(bytes, 0, fixed, 0, 40);
        assertArrayEquals(expectedFixed, fixed);
        assertEquals(crc(bytes, 48, 64), b.getInt(40), "payload CRC covers descriptor and entries");
        assertEquals(crc(bytes, 0, 44), b.getInt(44), "header CRC covers the fixed fields");
        assertEquals(7, b.getInt(48), "descriptor length");
        final byte[] d = new byte[7];
        b.get(52, d);
        assertArrayEquals(descriptor, d);
        assertEquals(0, b.get(59), "descriptor padded with zeros");
        assertEquals(64, LogBufferHeader.headerLength(b, 0));
    }

    private static int crc(final byte[] bytes, final int from, final int to) {
        final CRC32C c = new CRC32C();
        c.update(bytes, from, to - from);
        return (int) c.getValue();
    }

    @Test
    void entryLengthsAreAlignedToEightBytes() {
        assertEquals(24, LogEntryHeader.entryLength(0));
        assertEquals(32, LogEntryHeader.entryLength(1));
        assertEquals(32, LogEntryHeader.entryLength(8));
        assertEquals(40, LogEntryHeader.entryLength(9));
    }
}
