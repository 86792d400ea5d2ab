package dev.spool.engine.format;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.event.LogEvent;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.Descriptor;
import dev.spool.engine.record.RecordWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Format 2's entries (FORMAT.md, draft): every buffer of format 1 encodes and decodes back to the
 * same bytes, and an application's log takes a fraction of the room.
 */
class CompactEncodingTest {
    @TempDir
    Path dir;

    /** A user field of type long: the message's length, null for an empty one. */
    private static final class LengthField extends LogField {
        LengthField() {
            super("length");
        }

        @Override
        public FieldType type(final String key) {
            return FieldType.LONG;
        }

        @Override
        public void marshal(final LogEvent event, final String key, final RecordWriter out) {
            if (event.message().length() == 0) {
                out.putNull();
            } else {
                out.putLong(event.message().length() * (event.message().charAt(0) == '-' ? -1L : 1L));
            }
        }
    }

    private static List<ByteBuffer> buffers(final Path file) throws Exception {
        final ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final List<ByteBuffer> out = new ArrayList<>();
        for (int p = 0; p < all.limit(); p += LogBufferHeader.byteCount(all, p)) {
            out.add(ByteBuffer.wrap(Arrays.copyOfRange(all.array(), p, p + LogBufferHeader.byteCount(all, p)))
                .order(ByteOrder.LITTLE_ENDIAN));
        }
        return out;
    }

    private static List<FieldType> types(final ByteBuffer b) {
        final byte[] d = new byte[LogBufferHeader.descriptorLength(b, 0)];
        b.get(LogBufferHeader.DESCRIPTOR_OFFSET, d);
        return Descriptor.parse(d).fields().stream().map(StoredField::type).toList();
    }

    /** Decoding the encoding gives the buffer back, byte for byte. */
    private static long roundTrip(final List<ByteBuffer> buffers) {
        long encoded = 0;
        for (final ByteBuffer b : buffers) {
            final List<FieldType> types = types(b);
            final byte[] compact = CompactEncoding.encode(b, types);
            encoded += compact.length;
            final ByteBuffer c = ByteBuffer.wrap(compact).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(CompactEncoding.MAJOR, LogBufferHeader.version(c, 0));
            assertEquals(0, compact.length % 8);
            assertArrayEquals(b.array(), CompactEncoding.decode(c, types).array(),
                "buffer " + LogBufferHeader.sequence(b, 0));
        }
        return encoded;
    }

    @Test
    void theFormatOneSampleRoundTrips() throws Exception {
        final List<ByteBuffer> sample = buffers(Path.of(getClass().getResource("/format/1.0/sample.blog").toURI()));
        roundTrip(sample);
    }

    @Test
    void randomRecordsOfEveryTypeRoundTrip() throws Exception {
        final Path file = dir.resolve("random.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors()).fields(FieldRegistry.standard()
                .register(new LengthField()))
            .object(TestLogs.binary("r", file).format("%<epoch_ns> %<level> %<thread> %<logger> %<marker> %<length>"
                + " %<mdc> %<{k1}mdc> %<msg> %<throwable>").bufferSize(4096).build()).build());
        final Random random = new Random(7);
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < 2_000; i++) {
            e.clear().timestampNanos(TestLogs.T0 + random.nextInt(1_000_000_000)).level(random.nextBoolean() ? "INFO" : "")
                .loggerName(random.nextInt(5) == 0 ? null : "logger." + random.nextInt(4))
                .threadName("t" + random.nextInt(3))
                .message(random.nextInt(10) == 0 ? "" : (random.nextBoolean() ? "-" : "") + "x".repeat(random.nextInt(300)))
                .marker(random.nextInt(3) == 0 ? "M" + random.nextInt(2) : null);
            for (int k = random.nextInt(4); k > 0; k--) {
                e.context("k" + k, random.nextInt(4) == 0 ? null : "v" + random.nextInt(1000));
            }
            if (random.nextInt(50) == 0) {
                e.throwable(new IllegalStateException("failure " + i, new RuntimeException("cause")));
            }
            log.access(e);
        }
        log.stop();
        final List<ByteBuffer> buffers = buffers(TestLogs.formatOne(file, dir.resolve("random-1.blog")));
        assertTrue(buffers.size() > 20, buffers.size() + " buffers");
        assertEquals(Files.size(file), roundTrip(buffers)); // the log object wrote this encoding
    }

    /**
     * Damage a CRC would not catch (the CRCs recomputed after it, as a writer's bug would leave
     * them): decoding refuses it with a reason, or decodes something, and never throws anything
     * else, whatever the bytes.
     */
    @Test
    void damagedEntriesDecodeOrAreRefusedWithAReasonNeverAnythingElse() throws Exception {
        final List<ByteBuffer> sample = buffers(Path.of(getClass().getResource("/format/1.0/sample.blog").toURI()));
        final java.util.SplittableRandom random = new java.util.SplittableRandom(20261204);
        int refused = 0;
        for (int c = 0; c < 5_000; c++) {
            final ByteBuffer original = sample.get(random.nextInt(sample.size()));
            final List<FieldType> types = types(original);
            final byte[] compact = CompactEncoding.encode(original, types);
            final int entries = LogBufferHeader.headerLength(original, 0);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                compact[entries + random.nextInt(compact.length - entries)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                CompactEncoding.decode(ByteBuffer.wrap(compact).order(ByteOrder.LITTLE_ENDIAN), types);
            } catch (final IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "case " + c);
                refused++;
            }
        }
        assertTrue(refused > 500, refused + " of 5000 refused"); // the damage mostly shows
    }

    @Test
    void anApplicationsLogTakesUnderAThirdOfItsRoom() throws Exception {
        // Requests as the example logs them: a few loggers, threads and context values, a message each.
        final Path file = dir.resolve("access.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("access", file).format("%<time> %<level> [%<thread>] %<logger> %<mdc> - %<msg>"
                + " %<throwable>").build()).build());
        final String[] paths = {"/account", "/orders", "/cart", "/search"};
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < 20_000; i++) {
            e.clear().timestampNanos(TestLogs.T0 + i * 137_000L).level("INFO").threadName("worker-" + i % 8)
                .loggerName("dev.spool.examples.RequestHandler").message("Request " + i + " completed in " + (i * 7 % 900)
                    + " us").context("method", i % 3 == 0 ? "GET" : "POST").context("path", paths[i % 4])
                .context("status", "200");
            log.access(e);
        }
        log.stop();
        final Path one = TestLogs.formatOne(file, dir.resolve("access-1.blog"));
        final long before = Files.size(one);
        final long after = roundTrip(buffers(one));
        assertEquals(Files.size(file), after); // the log object wrote this encoding
        assertTrue(after * 3 < before, after + " bytes encoded, " + before + " before");
    }

    /** A text message with numbers is its shape and the numbers; its digits come back exactly. */
    @Test
    void numbersInATextMessageComeBackDigitForDigit() throws Exception {
        final List<String> messages = List.of("Request 1234 completed in 56 us", "0", "007 and 0 and 10", "a0b1c",
            "-5 degrees", "max 999999999999999999 and over 1000000000000000000", "9999999999999999999999", "", "\u0000 7",
            "caf\u00e9 42 \u65e5\u672c 3", "12", "trailing 3",
            // Eight bytes at a time: digits at and across word edges, a marker byte or a 0-led run after a number.
            "abcdefg1234567890 xyz 5", "1234567a", "order 12 \u0000 shipped later today", "order 0012345 shipped at 12",
            "\u00e9\u00e9\u00e9\u00e9 77 \u00e9\u00e9\u00e9\u00e9 8", "aaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaa1");
        final Path file = dir.resolve("numbers.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("n", file).format("%<msg>").bufferSize(1024).build()).build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int round = 0; round < 3; round++) { // the second and third time, shapes are in the dictionary
            for (final String m : messages) {
                log.access(e.clear().timestampNanos(TestLogs.T0).message(m));
            }
        }
        log.stop();
        final StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            messages.forEach(m -> expected.append(m).append('\n'));
        }
        assertEquals(expected.toString(), TestLogs.cat(file.toString()).out());
        assertEquals(Files.size(file), roundTrip(buffers(TestLogs.formatOne(file, dir.resolve("numbers-1.blog")))));
    }

    /**
     * Strings are matched a word at a time, the last word overlapping the ones before, and hashed
     * the same way: strings of every length up to 25 bytes that differ from one another in one
     * byte only, at each place (first, middle, last, inside the overlap), each come back as
     * themselves, whether met at the same place in the record before or in the dictionary.
     */
    @Test
    void stringsDifferingInOneByteAnywhereStayApart() throws Exception {
        final Path file = dir.resolve("strings.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("s", file).format("%<thread> %<logger>").bufferSize(4096).build()).build());
        final List<String> lines = new ArrayList<>();
        final MutableLogEvent e = new MutableLogEvent();
        for (int round = 0; round < 2; round++) { // the second time, every string is in the dictionary (if its buffer's)
            for (int len = 1; len <= 25; len++) {
                final String base = "abcdefghijklmnopqrstuvwxyz".substring(0, len);
                for (int at = 0; at < len; at++) {
                    final String changed = base.substring(0, at) + 'Z' + base.substring(at + 1);
                    // The same place in one record after another: base, then the one-byte change, then base again.
                    for (final String s : List.of(base, changed, base)) {
                        log.access(e.clear().timestampNanos(TestLogs.T0).threadName(s).loggerName(changed));
                        lines.add(s + " " + changed);
                    }
                }
            }
        }
        log.stop();
        assertEquals(String.join("\n", lines) + "\n", TestLogs.cat(file.toString()).out());
        assertEquals(Files.size(file), roundTrip(buffers(TestLogs.formatOne(file, dir.resolve("strings-1.blog")))));
    }

    /**
     * Numbers are taken out of a message wherever they start in its eight-byte words (the shape
     * scan skips words without digits): the file holds none of them as text.
     */
    @Test
    void numbersAreTakenOutAtEveryPlaceInAWord() throws Exception {
        final Path file = dir.resolve("places.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("p", file).format("%<msg>").build()).build());
        final MutableLogEvent e = new MutableLogEvent();
        final StringBuilder expected = new StringBuilder();
        final List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            final String n = String.valueOf(731_000 + 17 * i);
            final String m = "x".repeat(i % 17) + " took " + n + " us";
            numbers.add(n);
            log.access(e.clear().timestampNanos(TestLogs.T0).message(m));
            expected.append(m).append('\n');
        }
        log.stop();
        assertEquals(expected.toString(), TestLogs.cat(file.toString()).out());
        final String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (final String n : numbers) {
            assertFalse(bytes.contains(n), n + " is in the file as text");
        }
    }
}
