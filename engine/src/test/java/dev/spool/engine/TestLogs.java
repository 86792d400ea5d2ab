package dev.spool.engine;

import dev.spool.engine.cli.SpoolCat;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Test data and helpers shared by the engine's tests. */
public final class TestLogs {
    private TestLogs() {
    }

    /** An engine configuration without shutdown hook or JMX, whose diagnostics go to {@code errors}. */
    public static LogConfig.Builder config(final List<String> errors) {
        return LogConfig.builder().shutdownHook(false).jmx(false)
            .errorListener((message, cause) -> errors.add(message + (cause == null ? "" : " / " + cause)));
    }

    /** A thread-safe list for diagnostics. */
    public static List<String> errors() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    public static LogObjectConfig.Builder text(final String name, final Path file) {
        return LogObjectConfig.builder(name).file(file).mode(LogMode.TEXT);
    }

    public static LogObjectConfig.Builder binary(final String name, final Path file) {
        return LogObjectConfig.builder(name).file(file).mode(LogMode.BINARY);
    }

    /** A fixed instant, 2025-11-22T09:15:02.123456789Z, for exact expected text. */
    public static final long T0 = 1_763_802_902_123_456_789L;

    public static MutableLogEvent event(final String level, final String message) {
        return new MutableLogEvent().timestampNanos(T0).level(level).loggerName("com.example.Service")
            .threadName("main").message(message);
    }

    /** What spool-cat printed and returned. */
    public record CatResult(int status, String out, String err) {
        public List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
        }
    }

    /** Runs spool-cat in this JVM. */
    public static CatResult cat(final String... args) {
        return catStdin(new byte[0], args);
    }

    public static CatResult catStdin(final byte[] stdin, final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = SpoolCat.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(stdin));
        return new CatResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Wall-clock now in epoch nanoseconds. */
    public static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** Events per thread for stress tests: the full count under -Pstress, a quick one otherwise. */
    public static int stressEvents(final int full, final int quick) {
        return "full".equals(System.getProperty("spool.stress")) ? full : quick;
    }

    /** Starts {@code threads} threads named t0, t1 ... that each log events numbered 0 to events-1. */
    public static void logFromThreads(final Log log, final int threads, final int events) throws InterruptedException {
        final CountDownLatch start = new CountDownLatch(1);
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final String name = "t" + t;
            workers[t] = new Thread(() -> {
                final MutableLogEvent e = new MutableLogEvent().level("INFO").loggerName("stress").threadName(name);
                final StringBuilder message = new StringBuilder(16);
                try {
                    start.await();
                } catch (final InterruptedException ex) {
                    return;
                }
                for (int i = 0; i < events; i++) {
                    message.setLength(0);
                    message.append(i);
                    log.access(e.timestampNanos(TestLogs.nowNanos()).message(message));
                }
            }, name);
            workers[t].start();
        }
        start.countDown();
        for (final Thread w : workers) {
            w.join();
        }
    }

    /** {@link #checkThreadOrder(List, int, int)} for a file, read line by line (full-size runs do not fit in memory). */
    public static void checkThreadOrder(final Path file, final int threads, final int events) throws IOException {
        final int[] next = new int[threads];
        long lines = 0;
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                checkLine(line, next);
                lines++;
            }
        }
        checkCounts(next, lines, threads, events);
    }

    /** Lines "t<thread> <n>": every thread's events 0..events-1, each exactly once and in order. */
    public static void checkThreadOrder(final List<String> lines, final int threads, final int events) {
        final int[] next = new int[threads];
        for (final String line : lines) {
            checkLine(line, next);
        }
        checkCounts(next, lines.size(), threads, events);
    }

    private static void checkLine(final String line, final int[] next) {
        final int space = line.indexOf(' ');
        final int t = Integer.parseInt(line.substring(1, space));
        final int i = Integer.parseInt(line.substring(space + 1));
        if (i != next[t]) {
            fail("thread t" + t + ": expected event " + next[t] + " but found " + i);
        }
        next[t]++;
    }

    private static void checkCounts(final int[] next, final long lines, final int threads, final int events) {
        for (int t = 0; t < threads; t++) {
            assertEquals(events, next[t], "events of thread t" + t);
        }
        assertEquals((long) threads * events, lines);
    }


    /**
     * Writes a binary log's buffers (the engine writes format 2) in format 1, as a Spool before
     * format 2 wrote them: for tests of format 1's own rules. Every buffer must be intact.
     */
    public static Path formatOne(final Path blog, final Path to) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(blog)) {
            final dev.spool.engine.cli.BinaryLogReader reader = new dev.spool.engine.cli.BinaryLogReader(in, false, 0,
                (offset, message) -> fail("damaged at " + offset + ": " + message));
            for (dev.spool.engine.cli.BinaryLogReader.Buffer b = reader.next(); b != null; b = reader.next()) {
                out.write(b.data().array(), 0, b.byteCount());
            }
        }
        return java.nio.file.Files.write(to, out.toByteArray());
    }
}
