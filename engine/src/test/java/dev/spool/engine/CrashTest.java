package dev.spool.engine;

import dev.spool.engine.cli.SpoolCat;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM logs flat out from 4 threads into a text and a binary log object and is killed with
 * {@code kill -9}. Afterwards both files are readable (at most one torn buffer at the end of the
 * binary log, at most a partial last line in the text log) and every event the child logged more
 * than maxDelay plus one second before the kill is in both.
 */
class CrashTest {
    static final int THREADS = 4;
    static final Duration MAX_DELAY = Duration.ofMillis(200);

    @TempDir
    Path dir;

    /** The child: logs until killed, printing "progress <epoch ms> <n0> <n1> <n2> <n3>" every 50 ms. */
    public static void main(final String[] args) throws Exception {
        final Path d = Path.of(args[0]);
        final Log log = Log.start(LogConfig.builder().jmx(false)
            .object(LogObjectConfig.builder("text").file(d.resolve("crash.log")).format("%<thread> %<msg>")
                .maxDelay(MAX_DELAY).build())
            .object(LogObjectConfig.builder("binary").file(d.resolve("crash.blog")).mode(LogMode.BINARY)
                .format("%<thread> %<msg>").maxDelay(MAX_DELAY).build())
            .build());
        final AtomicLongArray returned = new AtomicLongArray(THREADS);
        for (int t = 0; t < THREADS; t++) {
            final int id = t;
            final Thread w = new Thread(() -> {
                final MutableLogEvent e = new MutableLogEvent().level("INFO").threadName("t" + id);
                final StringBuilder m = new StringBuilder();
                for (long i = 0; ; i++) {
                    m.setLength(0);
                    m.append(i);
                    log.access(e.timestampNanos(TestLogs.nowNanos()).message(m));
                    returned.set(id, i + 1);
                    if ((i & 1023) == 0) {
                        Thread.yield(); // leave the printer a core now and then
                    }
                }
            });
            w.setDaemon(true);
            w.start();
        }
        final PrintStream out = System.out;
        for (;;) {
            final StringBuilder line = new StringBuilder("progress ").append(System.currentTimeMillis());
            for (int t = 0; t < THREADS; t++) {
                line.append(' ').append(returned.get(t));
            }
            out.println(line);
            out.flush();
            Thread.sleep(50);
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void afterKillNineEverythingOlderThanMaxDelayPlusASecondIsOnDiskAndReadable() throws Exception {
        final Process child = ChildJvm.start(List.of("-Xmx512m"), CrashTest.class, dir.toString());
        final List<String> progress = Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<String> unexpected = new AtomicReference<>();
        final Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("progress ")) {
                        progress.add(line);
                    } else {
                        unexpected.compareAndSet(null, line);
                    }
                }
            } catch (final IOException e) {
                // the child is gone
            }
        });
        reader.start();
        Thread.sleep(3000);
        final long killAt = System.currentTimeMillis();
        child.destroyForcibly(); // SIGKILL on Linux
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        reader.join(10_000);
        assertEquals(null, unexpected.get(), "the child printed only progress");
        // The child's last progress from at least maxDelay + 1 s before the kill.
        String old = null;
        for (final String line : progress) {
            if (Long.parseLong(line.split(" ")[1]) <= killAt - MAX_DELAY.toMillis() - 1000) {
                old = line;
            }
        }
        assertTrue(old != null, "progress from well before the kill");
        final long[] mustHave = new long[THREADS];
        final String[] parts = old.split(" ");
        for (int t = 0; t < THREADS; t++) {
            mustHave[t] = Long.parseLong(parts[2 + t]);
            assertTrue(mustHave[t] > 0, "thread t" + t + " had logged before the kill");
        }

        // Text: whole lines except at most the last; each thread in order without gaps.
        final long[] text = readLines(dir.resolve("crash.log"), true);
        // Binary: spool-cat reads it with at most one torn tail, reported by offset.
        final Path rendered = dir.resolve("crash-from-binary.log");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (OutputStream out = Files.newOutputStream(rendered)) {
            SpoolCat.run(new String[] {dir.resolve("crash.blog").toString()}, out,
                new PrintStream(err, true, StandardCharsets.UTF_8), java.io.InputStream.nullInputStream());
        }
        final String problems = err.toString(StandardCharsets.UTF_8);
        assertTrue(problems.isEmpty() || (problems.lines().count() == 1
            && problems.matches("(?s)spool-cat: .*crash.blog: corrupt data at byte offset \\d+ \\((buffer cut off|cut off"
                + " inside a buffer header).*to the end of the data\n")), problems);
        final long[] binary = readLines(rendered, false);
        for (int t = 0; t < THREADS; t++) {
            assertTrue(text[t] >= mustHave[t], "text t" + t + ": " + text[t] + " < " + mustHave[t]);
            assertTrue(binary[t] >= mustHave[t], "binary t" + t + ": " + binary[t] + " < " + mustHave[t]);
        }
    }

    /**
     * Checks every line is "t<n> <seq>" with each thread's sequence 0, 1, 2, ...; the last line of
     * a text log may be cut off by the kill. Returns how many events of each thread were found.
     */
    private static long[] readLines(final Path file, final boolean lastMayBePartial) throws IOException {
        final long[] next = new long[THREADS];
        final byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            final String line = new String(bytes, start, i - start, StandardCharsets.US_ASCII);
            assertTrue(line.matches("t\\d \\d+"), "whole line: [" + line + "]");
            final int t = line.charAt(1) - '0';
            assertEquals(next[t], Long.parseLong(line.substring(3)), "thread t" + t + " in order, no gaps");
            next[t]++;
            start = i + 1;
        }
        if (!lastMayBePartial) {
            assertEquals(bytes.length, start, "spool-cat output ends with a whole line");
        }
        return next;
    }
}
