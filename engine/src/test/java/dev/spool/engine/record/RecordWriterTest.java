package dev.spool.engine.record;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordWriterTest {
    private static byte[] record(final RecordWriter w) {
        return Arrays.copyOf(w.array(), w.length());
    }

    @Test
    void aNameIsWrittenAsTheSameStringWouldBe() {
        final String[] names = new String[20];
        for (int i = 0; i < names.length; i++) {
            names[i] = i % 3 == 0 ? "w\u00f6rker-\u65e5-" + i : i % 7 == 0 ? "x".repeat(300 + i) : "com.example.L" + i;
        }
        final Random random = new Random(7);
        final RecordWriter named = new RecordWriter();
        final RecordWriter plain = new RecordWriter();
        for (int round = 0; round < 5_000; round++) {
            named.reset();
            plain.reset();
            // A few names over and over (cache hits), then sometimes more than the cache holds.
            final int distinct = round % 10 == 0 ? names.length : 4;
            for (int k = 0; k < 6; k++) {
                final String s = round % 97 == 0 && k == 0 ? null : names[random.nextInt(distinct)];
                named.putName(s);
                plain.putString(s);
            }
            assertArrayEquals(record(plain), record(named), "round " + round);
        }
    }

    @Test
    void aNameEqualToAnEarlierOneButNotTheSameStringIsEncodedAgain() {
        final RecordWriter w = new RecordWriter();
        w.putName(new String("alpha"));
        w.reset();
        w.putName(new String("alphb"));
        final RecordWriter expected = new RecordWriter();
        expected.putString("alphb");
        assertArrayEquals(record(expected), record(w));
    }

    @Test
    void namesCyclingThroughMoreThanTheCacheAllocateNothingOnceWarm() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final String[] names = new String[12];
        for (int i = 0; i < names.length; i++) {
            names[i] = "com.example.service.Logger" + i;
        }
        final RecordWriter w = new RecordWriter();
        for (int i = 0; i < 100_000; i++) {
            w.reset();
            w.putName(names[i % names.length]);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            w.reset();
            w.putName(names[i % names.length]);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated / 100_000, allocated + " bytes for 100,000 names");
    }
}
