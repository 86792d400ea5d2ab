package dev.spool.engine.record;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class Utf8Test {
    @Test
    void decodeGivesWhatTheJdkGivesForEncodedText() {
        final String[] samples = {"", "plain ascii", "Grüße, Jürgen", "日本語のログ", "emoji \uD83D\uDE80 and \uD83D\uDCA5",
            "mixed ä日\uD83D\uDE80x", "\u0000\u007f\u0080\u07ff\u0800\uffff"};
        for (final String s : samples) {
            final byte[] b = new byte[Utf8.encodedLength(s)];
            assertEquals(b.length, Utf8.encode(s, b, 0));
            final StringBuilder out = new StringBuilder("prefix:");
            Utf8.decode(ByteBuffer.wrap(b), 0, b.length, out);
            assertEquals("prefix:" + new String(b, StandardCharsets.UTF_8), out.toString());
            assertEquals("prefix:" + s, out.toString());
        }
    }

    @Test
    void decodeMatchesTheJdkOnRandomBytes() {
        final SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 20_000; round++) {
            final byte[] b = new byte[random.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                // Mostly bytes around the multi-byte boundaries, where decoders go wrong.
                b[i] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            final StringBuilder out = new StringBuilder();
            Utf8.decode(ByteBuffer.wrap(b), 0, b.length, out);
            assertEquals(new String(b, StandardCharsets.UTF_8), out.toString(), () -> "bytes " + java.util.HexFormat.of().formatHex(b));
        }
    }

    @Test
    void decodeReadsOnlyTheGivenRange() {
        final byte[] b = "xxhéllo.yy".getBytes(StandardCharsets.UTF_8);
        final StringBuilder out = new StringBuilder();
        Utf8.decode(ByteBuffer.wrap(b), 2, 7, out);
        assertEquals("héllo.", out.toString());
    }

    @Test
    void aRecordSlotAppendsAsItWasWrittenAcrossAsciiRunsAndChunks() {
        final String[] texts = {"", "plain", "a".repeat(1024), "b".repeat(1023) + "\u00e9" + "c".repeat(3000),
            "x".repeat(2048) + "\uD83D\uDE80 tail", "Gr\u00fc\u00dfe " + "z".repeat(5000)};
        for (final String text : texts) {
            final RecordWriter w = new RecordWriter();
            w.putString("before");
            w.putString(text);
            final ByteBuffer b = ByteBuffer.allocateDirect(w.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.put(0, w.array(), 0, w.length());
            final RecordView view = new RecordView();
            assertEquals(null, view.wrap(b, 0, w.length(), 1L, 2));
            final StringBuilder out = new StringBuilder(">");
            view.appendTo(1, out);
            assertEquals(">" + text, out.toString(), "length " + text.length());
            assertEquals(text, view.getString(1));
        }
    }

    @Test
    void stringCacheReturnsTheSameStringForTheSameBytes() {
        final StringCache cache = new StringCache(16);
        final ByteBuffer a = ByteBuffer.wrap("..worker-1..".getBytes(StandardCharsets.UTF_8));
        final ByteBuffer b = ByteBuffer.wrap("worker-1".getBytes(StandardCharsets.UTF_8));
        final String first = cache.get(a, 2, 8);
        assertEquals("worker-1", first);
        assertSame(first, cache.get(b, 0, 8));
        assertEquals("worker-", cache.get(b, 0, 7));
        assertEquals("", cache.get(b, 0, 0));
    }

    @Test
    void stringCacheIsRightWhenSlotsCollide() {
        final StringCache cache = new StringCache(2);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 50; i++) {
                final byte[] b = ("key-" + i).getBytes(StandardCharsets.UTF_8);
                assertEquals("key-" + i, cache.get(ByteBuffer.wrap(b), 0, b.length));
            }
        }
        final byte[] big = "z".repeat(StringCache.MAX_CACHED_BYTES + 1).getBytes(StandardCharsets.UTF_8);
        assertEquals("z".repeat(StringCache.MAX_CACHED_BYTES + 1), cache.get(ByteBuffer.wrap(big), 0, big.length));
    }
}
