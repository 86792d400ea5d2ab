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

    /** An unpaired surrogate written as '?' is told, by every way text goes in, until the next reset. */
    @Test
    void tellsWhenAnUnpairedSurrogateWasReplaced() {
        final RecordWriter w = new RecordWriter();
        w.putString("caf\u00e9 \uD83D\uDE00 a pair is fine");
        w.putName("main");
        assertEquals(false, w.replacedSurrogate());
        w.putString("lone \uD800");
        assertEquals(true, w.replacedSurrogate());
        w.putName("main");
        assertEquals(true, w.replacedSurrogate(), "kept after a later text");
        final String[] ways = {"string", "name", "name again", "pair", "char", "low first"};
        for (final String way : ways) {
            w.reset();
            assertEquals(false, w.replacedSurrogate(), way);
            switch (way) {
                case "string": w.putString("x\uDC00"); break;
                case "name":
                case "name again": w.putName(LONE_NAME); break; // the second time: not from the cache
                case "pair": w.beginMap(); w.putPair("k", "\uD800v"); w.endMap(); break;
                case "char": w.beginMap(); w.putPairChar("k", '\uDBFF'); w.endMap(); break;
                default: w.putString("\uDE00\uD83D");
            }
            assertEquals(true, w.replacedSurrogate(), way);
        }
    }

    private static final String LONE_NAME = "thread \uD800";

    /** Numbers and single characters as pair values: the same bytes as their Strings' pairs. */
    @Test
    void numberAndCharacterPairsAreWrittenAsTheirTextWouldBe() {
        final long[] numbers = {0, 7, -7, 10, 123_456_789, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE};
        final char[] chars = {'a', '\u00e9', '\u65e5', '\uD83D', '\uDE00', '\0'};
        final RecordWriter direct = new RecordWriter();
        final RecordWriter text = new RecordWriter();
        direct.beginMap();
        text.beginMap();
        for (final long n : numbers) {
            direct.putPairLong("l", n);
            text.putPair("l", Long.toString(n));
        }
        for (final char c : chars) {
            direct.putPairChar("c", c);
            text.putPair("c", String.valueOf(c));
        }
        direct.endMap();
        text.endMap();
        assertEquals(text.length(), direct.length());
        assertArrayEquals(java.util.Arrays.copyOf(text.array(), text.length()),
            java.util.Arrays.copyOf(direct.array(), direct.length()));
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
