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

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void followWaitsForAGrowingFileAndTakesABufferWrittenInPiecesAsWhole() throws Exception {
        final Path source = dir.resolve("source.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("f", source).format("%<msg>").bufferSize(1024).build()).build());
        for (int i = 0; i < 400; i++) {
            log.access(TestLogs.event("INFO", "event " + i));
        }
        log.stop();
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
