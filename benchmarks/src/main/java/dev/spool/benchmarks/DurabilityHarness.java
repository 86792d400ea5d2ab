package dev.spool.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import org.apache.logging.log4j.LogManager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * How long after the call an event is in the operating system (in the file, where a process killed
 * with {@code kill -9} can no longer lose it): one thread logs one event every {@code interval}
 * microseconds, far below saturation, and a watcher thread reads the file as it grows and notes
 * when each event's line appears. The delay from the call's start to that moment is the window
 * in which a {@code kill -9} loses the event. Run one setup per JVM:
 * <pre>
 * java -Dspool.bench.immediateFlush=true -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
 *     dev.spool.benchmarks.DurabilityHarness SETUP [events] [interval microseconds]
 * </pre>
 * SETUP is {@code log4j2-spool}, {@code log4j2-raf} (stock RandomAccessFile), {@code logback-spool}
 * or {@code logback-file} (stock FileAppender); {@code spool.bench.immediateFlush} sets the
 * appender's immediateFlush (false unless given). Output ends in one line:
 * {@code durability SETUP immediateFlush=B p50 p99 max} (microseconds) and the events not seen.
 */
public final class DurabilityHarness {
    private DurabilityHarness() {
    }

    public static void main(final String[] args) throws Exception {
        final String setup = args[0];
        final int events = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        final long intervalNanos = (args.length > 2 ? Long.parseLong(args[2]) : 2000) * 1000L;
        final Path file = EventLedger.benchDirectory("spool-durability").resolve(setup + ".log");
        Files.deleteIfExists(file);
        System.setProperty("spool.bench.file", file.toString());
        final LongConsumer log;
        final Runnable stop;
        switch (setup) {
            case "log4j2-spool", "log4j2-raf" -> {
                System.setProperty("log4j2.configurationFile", "bench/" + setup + ".xml");
                final org.apache.logging.log4j.Logger logger = LogManager.getLogger("bench.Requests");
                log = i -> logger.info("Request {} completed", i);
                stop = LogManager::shutdown;
            }
            case "logback-spool", "logback-file" -> {
                System.setProperty("logback.configurationFile", "bench/" + setup + ".xml");
                final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("bench.Requests");
                log = i -> logger.info("Request {} completed", i);
                stop = () -> ((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
            }
            default -> throw new IllegalArgumentException("setup: unknown value '" + setup + "'");
        }
        final AtomicLongArray called = new AtomicLongArray(events);
        final AtomicLongArray seen = new AtomicLongArray(events);
        final Thread watcher = new Thread(() -> watch(file, seen), "watcher");
        watcher.setDaemon(true);
        watcher.start();
        long next = System.nanoTime();
        for (int i = 0; i < events; i++) {
            while (System.nanoTime() < next) {
                LockSupport.parkNanos(Math.max(1, next - System.nanoTime() - 20_000));
            }
            called.set(i, System.nanoTime());
            log.accept(i);
            next += intervalNanos;
        }
        Thread.sleep(1500); // past a maxDelay of 1 s
        final Histogram h = new Histogram();
        int missing = 0;
        for (int i = events / 5; i < events; i++) { // the first fifth warms up
            final long s = seen.get(i);
            if (s == 0) {
                missing++;
            } else {
                h.record(Math.max(0, s - called.get(i)));
            }
        }
        stop.run();
        final String immediate = System.getProperty("spool.bench.immediateFlush", "false");
        System.out.printf(Locale.ROOT, "durability %s immediateFlush=%s p50 %.1f p99 %.1f max %.1f us, %d not seen"
            + " within 1.5 s%n", setup, immediate, h.percentile(0.50) / 1e3, h.percentile(0.99) / 1e3, h.max() / 1e3,
            missing);
    }

    /** Notes, for each line that appears in the file, when it was first seen (its number is its index). */
    private static void watch(final Path file, final AtomicLongArray seen) {
        final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        int lines = 0;
        while (!Files.exists(file)) {
            LockSupport.parkNanos(20_000L);
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (lines < seen.length()) {
                buf.clear();
                final int n = in.read(buf);
                if (n <= 0) {
                    LockSupport.parkNanos(20_000L); // looks every ~50-80 us: the resolution of the figures
                    continue;
                }
                final long now = System.nanoTime();
                for (int k = 0; k < n; k++) {
                    if (buf.get(k) == '\n' && lines < seen.length()) {
                        seen.set(lines++, now);
                    }
                }
            }
        } catch (final IOException e) {
            System.err.println("watcher: " + e);
        }
    }
}
