package dev.spool.engine;

import dev.spool.engine.testing.SinkFile;
import dev.spool.engine.file.FileDescription;
import dev.spool.engine.file.LogFileFactory;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.spool.engine.testing.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One sink that stops taking writes holds only its own log object: the others are written within
 * their maxDelay, the stalled one's callers meet its whenFull policy (counted), and it resumes
 * when the sink does.
 */
class IsolationTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    private static List<String> numbered(final String prefix, final int from, final int to) {
        final List<String> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(prefix + i);
        }
        return l;
    }

    private static void log(final Log log, final String prefix, final int from, final int to) {
        for (int i = from; i < to; i++) {
            log.access(TestLogs.event("INFO", prefix + i));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSinkThatHangsDelaysNoOtherLogObject() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch stuck = new CountDownLatch(1);
        final StringBuilder hung = new StringBuilder();
        final LogFileFactory files = (description, context) -> description.file().getFileName().toString()
            .equals("hung.log") ? new HangingFile(description, release, stuck, hung) : LogFileFactory.DEFAULT
            .create(description, context);
        final Path healthy = dir.resolve("healthy.log");
        final Log log = Log.start(TestLogs.config(errors).files(files).stopTimeout(Duration.ofSeconds(5))
            .object(TestLogs.text("hung", dir.resolve("hung.log")).format("%<msg>").bufferSize(4096).bufferCount(2)
                .whenFull(WhenFull.DROP).maxDelay(Duration.ofMillis(5)).build())
            .object(TestLogs.text("healthy", healthy).format("%<msg>").maxDelay(Duration.ofMillis(20)).build())
            .build());
        try {
            log(log, "a", 0, 10);
            assertTrue(stuck.await(10, TimeUnit.SECONDS), "the hung sink was written to");
            // The hung object's write does not return: the healthy one is written all the same.
            log(log, "b", 0, 1000);
            waitFor(() -> TestFiles.lines(healthy).size() == 1010);
            synchronized (hung) {
                assertEquals(0, hung.length(), "the hung sink's first write has still not returned");
            }
            final List<String> expected = numbered("a", 0, 10);
            expected.addAll(numbered("b", 0, 1000));
            assertEquals(expected, TestFiles.lines(healthy));
            assertTrue(log.stats().object("hung").lost(LossCause.NO_BUFFER) > 0,
                "the hung object's own policy (whenFull=drop) counted what it could not hold");

            release.countDown(); // the sink takes writes again
            waitFor(() -> log.stats().object("hung").getBuffersInUse() <= 1); // what it held is written
            log(log, "c", 0, 10);
            waitFor(() -> {
                synchronized (hung) {
                    return hung.toString().contains("c9\n");
                }
            });
        } finally {
            log.stop();
        }
        assertEquals(0, log.stats().object("healthy").getEventsLost());
        final var h = log.stats().object("hung");
        assertEquals(10 + 1000 + 10, h.getEventsWritten() + h.getEventsLost(), "every event written or counted");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPipeWhoseReaderStopsReadingDelaysNoOtherLogObject() throws Exception {
        final Path pipe = dir.resolve("events.pipe");
        final Path healthy = dir.resolve("healthy.log");
        final Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        final CountDownLatch readerOpen = new CountDownLatch(1);
        final CountDownLatch startReading = new CountDownLatch(1);
        final StringBuilder received = new StringBuilder();
        final Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(pipe)) {
                readerOpen.countDown();
                startReading.await(); // holds the pipe open and reads nothing: the pipe fills up
                final byte[] b = new byte[65536];
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (received) {
                        received.append(new String(b, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (final IOException | InterruptedException e) {
                // the test ends
            }
        });
        reader.setDaemon(true);
        reader.start();
        final Log log = Log.start(TestLogs.config(errors).stopTimeout(Duration.ofSeconds(2))
            .object(LogObjectConfig.builder("pipe").file(pipe).mode(LogMode.PIPE).format("%<msg>").bufferSize(16384)
                .bufferCount(4).whenFull(WhenFull.DROP).maxDelay(Duration.ofMillis(5)).build())
            .object(TestLogs.text("healthy", healthy).format("%<msg>").maxDelay(Duration.ofMillis(20)).build())
            .build());
        try {
            log.access(TestLogs.event("INFO", "opens the pipe")); // no reader yet: counted; the pipe is opened
            assertTrue(readerOpen.await(10, TimeUnit.SECONDS));
            final String pad = "x".repeat(200);
            // 4,000 x ~205 bytes (820 KB) into a pipe that holds 64 KiB: its flush thread blocks in a write.
            for (int i = 0; i < 4000; i++) {
                log.access(TestLogs.event("INFO", "p" + i + " " + pad));
                if (i % 200 == 0) {
                    Thread.sleep(5);
                }
            }
            waitFor(() -> log.stats().object("pipe").lost(LossCause.NO_BUFFER) > 0);
            log(log, "h", 0, 1000);
            waitFor(() -> TestFiles.lines(healthy).stream().filter(l -> l.startsWith("h")).count() == 1000);
            assertEquals(numbered("h", 0, 1000), TestFiles.lines(healthy).stream().filter(l -> l.startsWith("h")).toList());

            startReading.countDown(); // the reader reads again: the pipe's object resumes
            waitFor(() -> log.stats().object("pipe").getBuffersInUse() <= 1); // what it held is written
            log(log, "r", 0, 10);
            waitFor(() -> {
                synchronized (received) {
                    return received.toString().contains("r9\n");
                }
            });
        } finally {
            startReading.countDown();
            log.stop();
        }
        assertEquals(0, log.stats().object("healthy").getEventsLost());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStopEndsThoughASinkNeverReturnsAndCountsWhatItHeld() throws Exception {
        final CountDownLatch never = new CountDownLatch(1);
        final CountDownLatch stuck = new CountDownLatch(1);
        final StringBuilder hung = new StringBuilder();
        final LogFileFactory files = (description, context) -> description.file().getFileName().toString()
            .equals("hung.log") ? new HangingFile(description, never, stuck, hung) : LogFileFactory.DEFAULT
            .create(description, context);
        final Path healthy = dir.resolve("healthy.log");
        final Log log = Log.start(TestLogs.config(errors).files(files).stopTimeout(Duration.ofMillis(500))
            .object(TestLogs.text("hung", dir.resolve("hung.log")).format("%<msg>").maxDelay(Duration.ofMillis(5)).build())
            .object(TestLogs.text("healthy", healthy).format("%<msg>").maxDelay(Duration.ofSeconds(10)).build())
            .build());
        log(log, "a", 0, 10);
        assertTrue(stuck.await(10, TimeUnit.SECONDS), "the hung sink was written to");
        log(log, "b", 0, 10);
        final long start = System.nanoTime();
        log.stop();
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 500 + 1000 + 2000, "the stop ended after " + ms + " ms");
        final List<String> expected = numbered("a", 0, 10);
        expected.addAll(numbered("b", 0, 10));
        assertEquals(expected, TestFiles.lines(healthy), "the other object written in full by the stop");
        assertEquals(20, log.stats().object("hung").lost(LossCause.WRITE_FAILED), "the hung object's events counted");
        assertEquals("log object \"hung\": stop gave up after 500 ms with buffers not yet written (file "
            + dir.resolve("hung.log") + " stuck?)", errors.get(0));
    }

    /** A sink whose first write hangs until released, as a hung mount would; it keeps what it is given. */
    private static final class HangingFile extends SinkFile {
        private final CountDownLatch release;
        private final CountDownLatch stuck;
        private final StringBuilder written;

        HangingFile(final FileDescription description, final CountDownLatch release, final CountDownLatch stuck,
                    final StringBuilder written) {
            super(description.file());
            this.release = release;
            this.stuck = stuck;
            this.written = written;
        }

        @Override
        public void write(final ByteBuffer bytes) throws IOException {
            stuck.countDown();
            try {
                release.await();
            } catch (final InterruptedException e) {
                throw new InterruptedIOException("interrupted while hanging");
            }
            final byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            synchronized (written) {
                written.append(new String(b, StandardCharsets.UTF_8));
            }
        }
    }
}
