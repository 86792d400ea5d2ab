package dev.spool.engine.cli;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.buffer.LogBufferHeader;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One buffer's events as lines, one call each, equal to what spool-cat prints for them. */
class BufferLinesTest {
    @Test
    void eachEventIsOneLineAsSpoolCatShowsIt(@TempDir final Path dir) throws Exception {
        final Path blog = dir.resolve("app.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("app", blog).format("%<level> %<logger> - %<msg>").build()).build());
        log.access(TestLogs.event("INFO", "Request 1234 took 56 us"));
        log.access(TestLogs.event("WARN", "two\nlines"));
        log.access(TestLogs.event("ERROR", "ünïcode \"quoted\""));
        log.stop();
        final byte[] file = Files.readAllBytes(blog);
        final int first = LogBufferHeader.byteCount(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN), 0);
        assertEquals(file.length, first, "the three events are in one buffer");

        assertEquals(List.of("0 INFO com.example.Service - Request 1234 took 56 us",
            "1 WARN com.example.Service - two\nlines",
            "2 ERROR com.example.Service - ünïcode \"quoted\""), lines(new BufferLines(null, false), file));
        // JSON: spool-cat --json's lines exactly.
        final List<String> json = lines(new BufferLines(null, true), file);
        final List<String> cat = TestLogs.cat("--json", blog.toString()).lines();
        assertEquals(3, cat.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + " " + cat.get(i), json.get(i));
        }
        // Another format, as --format gives it.
        assertEquals(List.of("0 Request 1234 took 56 us", "1 two\nlines", "2 ünïcode \"quoted\""),
            lines(new BufferLines("%<msg>", false), file));
    }

    @Test
    void anInterruptedThreadStillRendersWhatIsInMemory(@TempDir final Path dir) throws Exception {
        final Path blog = dir.resolve("app.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors()).object(TestLogs.binary("app", blog)
            .format("%<msg>").build()).build());
        log.access(TestLogs.event("INFO", "one"));
        log.stop();
        final byte[] file = Files.readAllBytes(blog);
        Thread.currentThread().interrupt(); // as spool-cat --kafka --follow's thread is when it is ended
        try {
            assertEquals(List.of("0 one"), lines(new BufferLines(null, false), file));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is left for the thread's owner");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anythingButOneWholeBufferIsRefused(@TempDir final Path dir) throws Exception {
        final Path blog = dir.resolve("app.blog");
        final Log log = Log.start(TestLogs.config(TestLogs.errors()).object(TestLogs.binary("app", blog).build()).build());
        log.access(TestLogs.event("INFO", "one"));
        log.stop();
        final byte[] file = Files.readAllBytes(blog);
        final BufferLines lines = new BufferLines(null, false);
        final IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
            () -> lines.render(Arrays.copyOf(file, file.length - 8), (e, t, b, o, l) -> { }));
        assertTrue(cut.getMessage().startsWith("not one whole buffer"), cut.getMessage());
        final byte[] flipped = file.clone();
        flipped[flipped.length - 9] ^= 1;
        final IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class,
            () -> lines.render(flipped, (e, t, b, o, l) -> { }));
        assertTrue(damaged.getMessage().startsWith("not one whole buffer: [offset 0: "), damaged.getMessage());
    }

    private static List<String> lines(final BufferLines lines, final byte[] buffer) throws Exception {
        final List<String> out = new ArrayList<>();
        final int n = lines.render(buffer, (entry, timestamp, bytes, offset, length) -> {
            assertEquals(TestLogs.T0, timestamp);
            out.add(entry + " " + new String(bytes, offset, length, StandardCharsets.UTF_8));
        });
        assertEquals(out.size(), n);
        return out;
    }
}
