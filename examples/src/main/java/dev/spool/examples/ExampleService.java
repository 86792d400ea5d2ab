package dev.spool.examples;

import dev.spool.engine.Log;
import dev.spool.engine.MutableLogEvent;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Worker threads handle simulated requests (each takes 50 to 550 microseconds) for a few seconds
 * and log each one through the engine
 * into three log objects: a text access log, a binary log of the same events, and an error log
 * that keeps only failures, with their stack traces. Progress is printed every second, and at the
 * end a summary: events logged and written, events lost (which must be 0), every file and its
 * size, and the spool-cat command to read the binary log.
 *
 * <pre>
 * java -jar examples/target/spool-examples.jar [--seconds N] [--threads N] [--dir DIR]
 * </pre>
 */
public final class ExampleService {
    private static final String[] PATHS = {"/", "/search", "/cart", "/checkout", "/account", "/api/items"};

    private final Path dir;
    private final int threads;
    private final Duration runFor;
    private final PrintStream out;
    private final AtomicLong logged = new AtomicLong();

    ExampleService(final Path dir, final int threads, final Duration runFor, final PrintStream out) {
        this.dir = dir;
        this.threads = threads;
        this.runFor = runFor;
        this.out = out;
    }

    public static void main(final String[] args) throws Exception {
        Path dir = Path.of("logs");
        int threads = 4;
        int seconds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir": dir = Path.of(args[++i]); break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--seconds": seconds = Integer.parseInt(args[++i]); break;
                default:
                    System.err.println("usage: java -jar spool-examples.jar [--seconds N] [--threads N] [--dir DIR]");
                    System.exit(2);
            }
        }
        final Summary s = new ExampleService(dir, threads, Duration.ofSeconds(seconds), System.out).run();
        System.exit(s.lost == 0 && s.logged == s.written ? 0 : 1);
    }

    /** What a run did; the example's test checks it. */
    record Summary(long logged, long written, long lost) {
    }

    Summary run() throws Exception {
        Files.createDirectories(dir);
        final Log log = Log.start(LogConfig.builder()
            .engineName("example")
            .object(LogObjectConfig.builder("access")
                .file(dir.resolve("access.log"))
                .format("%<time> %<level> [%<thread>] %<{method}mdc> %<{path}mdc> %<{status}mdc> %<{micros}mdc>us - %<msg>")
                .build())
            .object(LogObjectConfig.builder("access-binary")
                .file(dir.resolve("access.blog"))
                .mode(LogMode.BINARY)
                .format("%<time> %<level> [%<thread>] %<logger> %<mdc> - %<msg>")
                .build())
            .object(LogObjectConfig.builder("errors")
                .file(dir.resolve("errors.log"))
                .format("%<time> %<level> [%<thread>] %<logger> - %<msg>\n%<throwable>")
                .filter(LogFilter.parse("accept level MATCH ERROR"))
                .build())
            .build());
        out.printf("Spool example: %d worker threads for %d s, logs in %s%n", threads, runFor.toSeconds(),
            dir.toAbsolutePath());
        final long end = System.nanoTime() + runFor.toNanos();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> work(log, end), "worker-" + t);
            workers[t].start();
        }
        long last = 0;
        for (int second = 1; System.nanoTime() < end; second++) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            final long now = logged.get();
            out.printf(Locale.ROOT, "  %2d s  %,10d requests logged  %,8d/s  %,10d in access.log  %d lost%n", second,
                now, now - last, log.stats().object("access").getEventsWritten(), log.stats().getEventsLost());
            last = now;
        }
        for (final Thread w : workers) {
            w.join();
        }
        log.stop();
        final long accessWritten = log.stats().object("access").getEventsWritten();
        final Summary summary = new Summary(logged.get(), accessWritten, log.stats().getEventsLost());
        out.println();
        out.printf(Locale.ROOT, "Logged %,d events; the access log holds %,d; lost: %d.%n", summary.logged(),
            summary.written(), summary.lost());
        out.println("Files:");
        for (final String name : new String[] {"access.log", "access.blog", "errors.log"}) {
            final Path f = dir.resolve(name);
            out.printf(Locale.ROOT, "  %-40s %,14d bytes%n", f, Files.exists(f) ? Files.size(f) : 0);
        }
        out.println("Read the binary log with:");
        out.println("  bin/spool-cat " + dir.resolve("access.blog") + " | head");
        out.println("  bin/spool-cat --stats " + dir.resolve("access.blog"));
        return summary;
    }

    private void work(final Log log, final long end) {
        final MutableLogEvent e = new MutableLogEvent();
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final StringBuilder message = new StringBuilder(128);
        final String thread = Thread.currentThread().getName();
        long n = 0;
        while ((n & 255) != 0 || System.nanoTime() < end) {
            final String path = PATHS[random.nextInt(PATHS.length)];
            final int micros = 50 + random.nextInt(500);
            final boolean failed = random.nextInt(1000) == 0;
            LockSupport.parkNanos(micros * 1000L); // the request's work
            message.setLength(0);
            message.append("Request ").append(n).append(failed ? " failed after " : " completed in ").append(micros)
                .append(" us");
            e.clear().timestampNanos(System.currentTimeMillis() * 1_000_000L).threadName(thread)
                .loggerName("dev.spool.examples.RequestHandler").level(failed ? "ERROR" : "INFO").message(message)
                .context("method", random.nextBoolean() ? "GET" : "POST").context("path", path)
                .context("status", failed ? "500" : "200").context("micros", Integer.toString(micros));
            if (failed) {
                e.throwable(new IOException("backend timed out for " + path, new IllegalStateException("pool exhausted")));
            }
            log.access(e);
            logged.incrementAndGet();
            n++;
        }
    }
}
