package dev.spool.engine.cli;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damages a valid binary log (format 2, as log objects write it) in thousands of ways (flipped
 * bytes, cut tails, inserted garbage, zeroed runs): the reader never throws, reports every damage
 * with an offset inside the data, and still returns every buffer the damage did not touch.
 */
class BinaryLogFuzzTest {
    private static final int CASES = TestLogs.stressEvents(50_000, 4_000);

    @TempDir
    static Path dir;

    private static byte[] original;
    /** Each buffer of the original: offset to its bytes. */
    private static final Map<Long, byte[]> buffers = new HashMap<>();

    @BeforeAll
    static void writeALog() throws Exception {
        final Path file = dir.resolve("fuzz.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("fuzz", file).format("%<level> %<mdc> %<msg>").bufferSize(1024).build()).build());
        for (int i = 0; i < 400; i++) {
            log.access(TestLogs.event(i % 2 == 0 ? "INFO" : "WARN", "message number " + i).context("k", "v" + i));
        }
        log.stop();
        original = Files.readAllBytes(file);
        assertEquals(2, original[4]); // the major of the first buffer: format 2, as log objects write it
        final Read read = read(original);
        assertEquals(List.of(), read.problems);
        for (final BinaryLogReader.Buffer b : read.buffers) {
            buffers.put(b.fileOffset(), b.data().array());
        }
        assertTrue(buffers.size() > 20, buffers.size() + " buffers");
    }

    record Read(List<BinaryLogReader.Buffer> buffers, List<Long> problems) {
    }

    static Read read(final byte[] data) throws IOException {
        return read(data, 1 << 16);
    }

    /** Reads with a window of {@code window} bytes (it grows for larger buffers). */
    static Read read(final byte[] data, final int window) throws IOException {
        final List<BinaryLogReader.Buffer> out = new ArrayList<>();
        final List<Long> problems = new ArrayList<>();
        final BinaryLogReader r = new BinaryLogReader(Channels.newChannel(new ByteArrayInputStream(data)), false, 1,
            (offset, message) -> problems.add(offset), window);
        BinaryLogReader.Buffer b;
        while ((b = r.next()) != null) {
            out.add(b);
        }
        return new Read(out, problems);
    }

    @Test
    void everyDamageIsReportedAndEveryIntactBufferIsStillRead() throws Exception {
        final SplittableRandom random = new SplittableRandom(20261122);
        for (int c = 0; c < CASES; c++) {
            final byte[] data = original.clone();
            final int kind = random.nextInt(4);
            // [from, to) of the original that the damage touched; shift: bytes inserted at `from`
            int from;
            int to;
            int shift = 0;
            byte[] damaged;
            switch (kind) {
                case 0: { // flip one to three bytes close together
                    from = random.nextInt(data.length);
                    to = Math.min(data.length, from + 1 + random.nextInt(3));
                    for (int i = from; i < to; i++) {
                        data[i] ^= (byte) (1 + random.nextInt(255));
                    }
                    damaged = data;
                    break;
                }
                case 1: { // cut the tail
                    from = random.nextInt(data.length);
                    to = data.length;
                    damaged = Arrays.copyOf(data, from);
                    break;
                }
                case 2: { // insert garbage
                    from = random.nextInt(data.length);
                    to = from;
                    shift = 1 + random.nextInt(40);
                    final byte[] garbage = new byte[shift];
                    for (int i = 0; i < shift; i++) {
                        garbage[i] = (byte) random.nextInt(256);
                    }
                    damaged = new byte[data.length + shift];
                    System.arraycopy(data, 0, damaged, 0, from);
                    System.arraycopy(garbage, 0, damaged, from, shift);
                    System.arraycopy(data, from, damaged, from + shift, data.length - from);
                    break;
                }
                default: { // zero a run
                    from = random.nextInt(data.length);
                    to = Math.min(data.length, from + 1 + random.nextInt(200));
                    Arrays.fill(data, from, to, (byte) 0);
                    damaged = data;
                }
            }
            // Small, odd windows put window edges everywhere, inside headers too.
            final int window = 16 + random.nextInt(2000);
            final Read read = read(damaged, window);
            final String where = "case " + c + " kind " + kind + " at " + from + " window " + window;
            // A cut exactly between two buffers leaves a shorter, valid log: nothing to report.
            final boolean damage = !Arrays.equals(damaged, original) && !(kind == 1 && buffers.containsKey((long) from));
            assertEquals(damage, !read.problems.isEmpty(), where + ": damage reported iff there was damage");
            for (final long offset : read.problems) {
                assertTrue(offset >= 0 && offset <= damaged.length, where + ": offset " + offset);
            }
            final Map<Long, byte[]> got = new HashMap<>();
            for (final BinaryLogReader.Buffer b : read.buffers) {
                got.put(b.fileOffset(), b.data().array());
            }
            for (final Map.Entry<Long, byte[]> e : buffers.entrySet()) {
                final long start = e.getKey();
                final long end = start + e.getValue().length;
                final boolean touched = kind == 2 ? start < from && end > from : start < to && end > from;
                if (touched) {
                    continue;
                }
                final long expectedAt = kind == 2 && start >= from ? start + shift : start;
                assertTrue(got.containsKey(expectedAt), where + ": intact buffer at " + start + " was not read");
                assertArrayEquals(e.getValue(), got.get(expectedAt), where);
            }
            for (final long at : got.keySet()) {
                final long originalAt = kind == 2 && at >= from + shift ? at - shift : at;
                assertTrue(buffers.containsKey(originalAt), where + ": a buffer at " + at + " that was never written");
            }
        }
    }

    @Test
    void anyWindowSizeReadsAnUndamagedLogWhole() throws Exception {
        for (int window = 1; window < 300; window++) {
            final Read read = read(original, window);
            assertEquals(List.of(), read.problems, "window " + window);
            assertEquals(buffers.size(), read.buffers.size(), "window " + window);
        }
    }

    @Test
    void spoolCatNeverFailsOnDamagedInput() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int c = 0; c < CASES / 10; c++) {
            final byte[] data = original.clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                data[random.nextInt(data.length)] = (byte) random.nextInt(256);
            }
            final byte[] input = Arrays.copyOf(data, random.nextInt(data.length + 1));
            for (final String[] args : List.of(new String[0], new String[] {"--json"}, new String[] {"--stats"})) {
                final TestLogs.CatResult cat = TestLogs.catStdin(input, args);
                assertFalse(cat.err().contains("unexpected failure"), cat.err());
                assertFalse(cat.err().contains("Exception"), cat.err());
            }
        }
    }
}
