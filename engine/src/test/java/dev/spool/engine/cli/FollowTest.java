package dev.spool.engine.cli;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FollowTest {
    @TempDir
    Path dir;

    /** A binary log of 400 events in buffers of 1 KiB. */
    private Path fourHundredEvents() {
        final Path source = dir.resolve("source.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("f", source).format("%<msg>").bufferSize(1024).build()).build());
        for (int i = 0; i < 400; i++) {
            log.access(TestLogs.event("INFO", "event " + i));
        }
        log.stop();
        return source;
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void followGoesOnWithTheNewFileWhenTheLogIsRolled() throws Exception {
        final Path active = dir.resolve("app.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("r", active).format("%<msg>").bufferSize(1024).maxDelay(java.time.Duration.ofMillis(5))
                .rolling(dev.spool.engine.file.rolling.RollingConfig.builder()
                    .mode(dev.spool.engine.file.rolling.RollMode.SIZE).maxSize(1536)
                    .fileNamePattern(dir.resolve("app-%i.blog").toString()).maxIndex(100)).build()).build());
        log.access(TestLogs.event("INFO", "event 0"));
        dev.spool.engine.testing.Conditions.waitFor(() -> Files.exists(active));
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.OutputStream synced = new java.io.OutputStream() { // read by this thread while written by the follower
            @Override
            public synchronized void write(final int b) {
                out.write(b);
            }

            @Override
            public synchronized void write(final byte[] b, final int off, final int len) {
                out.write(b, off, len);
            }
        };
        final Thread follower = new Thread(() -> SpoolCat.run(new String[] {"--follow", active.toString()}, synced,
            new java.io.PrintStream(new java.io.ByteArrayOutputStream()), java.io.InputStream.nullInputStream()));
        follower.start();
        for (int i = 1; i < 600; i++) {
            log.access(TestLogs.event("INFO", "event " + i));
            if (i % 40 == 0) {
                // About half a file, then longer than spool-cat's 200 ms poll: it sees every file,
                // some buffers of each before the roll and some after.
                Thread.sleep(300);
            }
        }
        log.stop();
        try (java.util.stream.Stream<Path> rolled = Files.list(dir)) {
            assertTrue(rolled.filter(p -> p.getFileName().toString().startsWith("app-")).count() >= 5, "it rolled");
        }
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            expected.add("event " + i);
        }
        dev.spool.engine.testing.Conditions.waitFor(() -> {
            synchronized (synced) {
                return out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().count() >= 600;
            }
        });
        follower.interrupt();
        follower.join(5000);
        synchronized (synced) {
            assertEquals(expected, out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList());
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void buffersOfFilesRolledBeforeTheFollowerSawThemAreSaidToBeThere() throws Exception {
        final Path source = fourHundredEvents();
        final java.nio.ByteBuffer all = java.nio.ByteBuffer.wrap(Files.readAllBytes(source))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        final List<Integer> at = new ArrayList<>();
        for (int p = 0; p < all.limit(); p += dev.spool.engine.buffer.LogBufferHeader.byteCount(all, p)) {
            at.add(p);
        }
        assertTrue(at.size() > 6, at.size() + " buffers");
        // The first two buffers in the file followed; buffers 2 to 4 in files rolled away unseen;
        // the rest in the file that has the name when the follower looks again.
        final Path first = Files.write(dir.resolve("first.blog"), java.util.Arrays.copyOfRange(all.array(), 0, at.get(2)));
        final Path later = Files.write(dir.resolve("later.blog"),
            java.util.Arrays.copyOfRange(all.array(), at.get(5), all.limit()));
        final List<String> notes = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        try (FileChannel in = FileChannel.open(first, StandardOpenOption.READ)) {
            final boolean[] rolled = new boolean[1];
            final BinaryLogReader r = new BinaryLogReader(in, true, 10, new BinaryLogReader.Problems() {
                @Override
                public void corrupt(final long offset, final String message) {
                    notes.add("corrupt: " + message);
                }

                @Override
                public void note(final String message) {
                    notes.add(message);
                }
            }).followingRolls(() -> {
                if (rolled[0]) {
                    return null;
                }
                rolled[0] = true;
                return FileChannel.open(later, StandardOpenOption.READ);
            });
            while (sequences.size() < at.size() - 3) {
                sequences.add(r.next().sequence());
            }
        }
        final List<Long> expected = new ArrayList<>(List.of(0L, 1L));
        for (long s = 5; s < at.size(); s++) {
            expected.add(s);
        }
        assertEquals(expected, sequences);
        assertEquals(List.of("buffers 2 to 4 went to files that were rolled before they could be followed; spool-cat on"
            + " the rolled files (or their directory) shows them"), notes);
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void followWaitsForAGrowingFileAndTakesABufferWrittenInPiecesAsWhole() throws Exception {
        final Path source = fourHundredEvents();
        final byte[] bytes = Files.readAllBytes(source);

        final Path growing = dir.resolve("growing.blog");
        Files.createFile(growing);
        final BlockingQueue<Long> sequences = new LinkedBlockingQueue<>();
        final List<Long> problems = new ArrayList<>();
        final Thread follower = new Thread(() -> {
            try (FileChannel in = FileChannel.open(growing, StandardOpenOption.READ)) {
                final BinaryLogReader r = new BinaryLogReader(in, true, 10, (offset, m) -> problems.add(offset));
                BinaryLogReader.Buffer b;
                while ((b = r.next()) != null) {
                    sequences.add(b.sequence());
                }
            } catch (final java.io.IOException e) {
                // interrupted while reading: the follow ends
            }
        });
        follower.start();
        try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
            for (int i = 0; i < bytes.length; i += 37) { // pieces that cut buffers anywhere
                out.write(bytes, i, Math.min(37, bytes.length - i));
                out.flush();
                Thread.sleep(1);
            }
        }
        final int expected = BinaryLogFuzzTest.read(bytes).buffers().size();
        assertTrue(expected > 3, expected + " buffers");
        for (long s = 0; s < expected; s++) {
            final Long got = sequences.poll(10, TimeUnit.SECONDS);
            assertNotNull(got, "buffer " + s + " followed");
            assertEquals(s, got);
        }
        follower.interrupt();
        follower.join(5000);
        assertEquals(List.of(), problems, "a buffer still being written is not damage");
    }
}
