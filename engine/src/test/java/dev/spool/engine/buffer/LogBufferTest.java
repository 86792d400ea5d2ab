package dev.spool.engine.buffer;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogBufferTest {
    private static final byte[] DESCRIPTOR = "{}".getBytes(StandardCharsets.UTF_8);
    /** 52 fixed + descriptor length field + 2 bytes, aligned to 8. */
    private static final int HEADER = 56;

    private static LogBuffer open(final int entries32) {
        final LogBuffer b = new LogBuffer(HEADER + 32 * entries32, DESCRIPTOR, false, null);
        b.activate(0, 0);
        return b;
    }

    @Test
    void aNewBufferIsSealedUntilActivated() {
        final LogBuffer b = new LogBuffer(4096, DESCRIPTOR, false, null);
        assertEquals(LogBuffer.SEALED, b.checkout(32));
        b.activate(0, 0);
        assertEquals(HEADER, b.checkout(32));
    }

    @Test
    void checkoutsAreDisjointAndInOrder() {
        final LogBuffer b = open(3);
        assertEquals(HEADER, b.checkout(32));
        assertEquals(HEADER + 32, b.checkout(32));
        assertEquals(HEADER + 64, b.checkout(32));
        assertEquals(HEADER + 96, b.offsetAcquire());
    }

    @Test
    void aCheckoutThatDoesNotFitSealsTheBufferAndHandsItOnWithWritersInside() {
        final LogBuffer b = open(2);
        final int first = b.checkout(32);
        final int second = b.checkout(32);
        assertEquals(LogBuffer.SEALED_HAND_OFF, b.checkout(8), "the call that sealed it hands it on");
        assertTrue(b.isSealed());
        assertEquals(LogBuffer.SEALED, b.checkout(8), "sealed already: another thread hands it on");
        assertFalse(b.seal(), "sealed once only");
        assertEquals(HEADER + 64, b.offsetAcquire());
        assertFalse(b.committed(), "two writers are inside");
        b.checkin(second, 32);
        assertFalse(b.committed(), "the first writer is still inside");
        b.checkin(first, 32);
        assertTrue(b.committed());
    }

    @Test
    void aCheckoutThatSealsAnEmptyBufferHandsItOnItself() {
        final LogBuffer b = open(2);
        assertEquals(LogBuffer.SEALED_HAND_OFF, b.checkout(32 * 3));
        assertEquals(LogBuffer.SEALED, b.checkout(8));
        assertFalse(b.seal(), "sealed once only");
        assertTrue(b.committed(), "no segment was checked out");
    }

    @Test
    void sealHandsOnExactlyOnceWithOrWithoutAWriterInside() {
        final LogBuffer b = open(2);
        final int at = b.checkout(32);
        assertTrue(b.seal(), "this call sealed it: it hands it on, with the writer still inside");
        assertFalse(b.seal());
        assertEquals(LogBuffer.SEALED, b.checkout(8));
        assertFalse(b.committed());
        b.checkin(at, 32);
        assertTrue(b.committed());
    }

    @Test
    void committedWalksEntriesOfEveryLengthAndResumesWhereItStopped() {
        final LogBuffer b = open(8);
        final int a = b.checkout(64);
        final int c = b.checkout(32);
        final int d = b.checkout(128);
        b.checkin(a, 64);
        b.checkin(d, 128);
        assertFalse(b.committed(), "the 32-byte entry in the middle is not checked in");
        b.checkin(c, 32);
        assertTrue(b.committed());
        final int e = b.checkout(32);
        assertFalse(b.committed(), "a checkout after the walk is seen");
        b.checkin(e, 32);
        assertTrue(b.committed());
    }

    @Test
    void aLengthNoCheckinStoresEndsTheWalkInsteadOfLoopingOrWaiting() {
        for (final int bad : new int[] {-32, 8, 36, 96}) {
            final LogBuffer b = open(2);
            final int first = b.checkout(32);
            b.checkout(32);
            b.checkin(first, 32);
            b.data().putInt(first + 32, bad); // not a whole entry inside the buffer
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertTrue(b.committed(), "length " + bad));
        }
    }

    @Test
    void aReusedBufferIsZeroedSoAnEarlierUsesBytesAreNotTakenForACheckin() {
        final LogBuffer b = open(4);
        final int first = b.checkout(96);
        b.data().putInt(first + 32, 32); // a payload that reads like a length where the next use's second entry will be
        b.data().putInt(first + 64, 7);
        b.checkin(first, 96);
        assertTrue(b.seal());
        assertTrue(b.committed());
        b.clearEntries();
        b.activate(1, 0);
        final int one = b.checkout(32);
        final int two = b.checkout(32);
        assertEquals(first + 32, two);
        b.checkin(one, 32);
        assertFalse(b.committed(), "the second writer is inside; the old bytes at its offset are gone");
        b.checkin(two, 32);
        assertTrue(b.committed());
        assertEquals(0, b.data().getInt(first + 64), "zeroed up to the old offset, past the new one");
    }

    @Test
    void activationChangesTheGenerationSoAStaleStateCanNeverMatch() {
        final LogBuffer b = open(2);
        final long before = b.stateVolatile();
        b.seal();
        b.activate(1, 0);
        final long after = b.stateVolatile();
        assertEquals(before & LogBuffer.OFFSET_MASK, after & LogBuffer.OFFSET_MASK);
        assertNotEquals(before, after);
        assertEquals(1, b.sequence());
    }

    @Test
    void putEntryWritesHeaderPayloadAndZeroPadding() {
        final LogBuffer b = open(3);
        final byte[] payload = {1, 2, 3, 4, 5};
        final int length = LogEntryHeader.entryLength(payload.length);
        assertEquals(32, length);
        final int at = b.checkout(length);
        b.data().put(at + 29, (byte) 0x7F); // garbage from an earlier use must not survive as padding
        b.putEntry(at, length, LogEntryHeader.KIND_RECORD, 0, 0x0102030405060708L, payload, 0, payload.length);
        assertEquals(0, b.data().getInt(at), "the length is the checkin's to store");
        b.checkin(at, length);
        final ByteBuffer d = b.data();
        final byte[] entry = new byte[32];
        d.get(at, entry);
        assertArrayEquals32(new byte[] {
            32, 0, 0, 0, LogEntryHeader.KIND_RECORD, 0, 0, 0,
            8, 7, 6, 5, 4, 3, 2, 1,
            5, 0, 0, 0, 0, 0, 0, 0,
            1, 2, 3, 4, 5, 0, 0, 0}, entry);
    }

    private static void assertArrayEquals32(final byte[] expected, final byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    @Test
    void tooSmallACapacityIsRefused() {
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new LogBuffer(60, DESCRIPTOR, false, null));
        assertEquals("buffer capacity 60 cannot hold its 56-byte header and one entry", e.getMessage());
    }
}
