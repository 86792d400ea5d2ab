package dev.spool.examples;

import dev.spool.engine.Log;
import dev.spool.engine.MutableLogEvent;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.file.RingLogFile;
import dev.spool.engine.sockstat.SockLabel;
import dev.spool.engine.sockstat.SockStats;
import dev.spool.engine.sockstat.SockStatsEmitter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker threads handle requests for a few seconds: each calls a small HTTP backend on loopback
 * (which works 50 to 550 microseconds) over a labelled socket, and logs the request through the
 * engine into three log objects: a text access log, a binary log of the same events, and an error
 * log that keeps only failures, with their stack traces. The sockstat emitter counts the HTTP
 * traffic (labels {@code backend-client} and {@code backend-server}, and the interfaces) into its
 * two-file ring. Progress is printed every second, and at the end a summary: events logged and
 * written, events lost (which must be 0), the bytes sockstat counted, every file and its size, and
 * the spool-cat command to read the binary log.
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
    record Summary(long logged, long written, long lost, long clientTx, long clientRx) {
    }

    Summary run() throws Exception {
        Files.createDirectories(dir);
        final SockLabel clientLabel = SockStats.global().label("backend-client");
        final SockLabel serverLabel = SockStats.global().label("backend-server");
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
        final LogObject sockstatRing = log.addObject(SockStatsEmitter.ring("sockstats", dir, 5L << 20));
        log.addEmitter(SockStatsEmitter.builder(SockStatsEmitter.Sink.into(sockstatRing)).build());
        final long clientTx0 = clientLabel.tx();
        final long clientRx0 = clientLabel.rx();
        final LoopbackHttp backend = new LoopbackHttp(serverLabel);
        out.printf("Spool example: %d worker threads for %d s, calling a backend on 127.0.0.1:%d, logs in %s%n",
            threads, runFor.toSeconds(), backend.port(), dir.toAbsolutePath());
        final long end = System.nanoTime() + runFor.toNanos();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> work(log, end, clientLabel, backend.port()), "worker-" + t);
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
        backend.close();
        Thread.sleep(150); // one more sockstat poll sees the last bytes (stop polls once more too)
        log.stop();
        final long accessWritten = log.stats().object("access").getEventsWritten();
        final Summary summary = new Summary(logged.get(), accessWritten, log.stats().getEventsLost(),
            clientLabel.tx() - clientTx0, clientLabel.rx() - clientRx0);
        out.println();
        out.printf(Locale.ROOT, "Logged %,d events; the access log holds %,d; lost: %d.%n", summary.logged(),
            summary.written(), summary.lost());
        out.printf(Locale.ROOT, "sockstat counted %,d bytes sent and %,d received on the backend-client sockets;"
            + " its events are one JSON line each:%n", summary.clientTx(), summary.clientRx());
        final Path[] ring = RingLogFile.names(dir.resolve("sockstats"));
        for (final Path f : ring) {
            if (Files.exists(f)) {
                final List<String> lines = Files.readAllLines(f);
                if (!lines.isEmpty()) {
                    out.println("  " + lines.get(lines.size() - 1));
                }
            }
        }
        out.println("Files:");
        for (final String name : new String[] {"access.log", "access.blog", "errors.log", "sockstats.log1.txt",
            "sockstats.log2.txt"}) {
            final Path f = dir.resolve(name);
            out.printf(Locale.ROOT, "  %-40s %,14d bytes%n", f, Files.exists(f) ? Files.size(f) : 0);
        }
        out.println("Read the binary log with:");
        out.println("  bin/spool-cat " + dir.resolve("access.blog") + " | head");
        out.println("  bin/spool-cat --stats " + dir.resolve("access.blog"));
        return summary;
    }

    private void work(final Log log, final long end, final SockLabel label, final int port) {
        try (LoopbackHttp.Client backend = new LoopbackHttp.Client(label, port)) {
            work(log, end, backend);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void work(final Log log, final long end, final LoopbackHttp.Client backend) throws IOException {
        final MutableLogEvent e = new MutableLogEvent();
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final StringBuilder message = new StringBuilder(128);
        final String thread = Thread.currentThread().getName();
        long n = 0;
        while (System.nanoTime() < end) {
            final String path = PATHS[random.nextInt(PATHS.length)];
            final int micros = 50 + random.nextInt(500);
            final boolean failed = random.nextInt(1000) == 0;

            final int status = backend.get(path, micros); // the request's work, on the backend
            message.setLength(0);
            message.append("Request ").append(n).append(failed ? " failed after " : " completed in ").append(micros)
                .append(" us");
            e.clear().timestampNanos(System.currentTimeMillis() * 1_000_000L).threadName(thread)
                .loggerName("dev.spool.examples.RequestHandler").level(failed ? "ERROR" : "INFO").message(message)
                .context("method", random.nextBoolean() ? "GET" : "POST").context("path", path)
                .context("status", failed ? "500" : Integer.toString(status)).context("micros", Integer.toString(micros));
            if (failed) {
                e.throwable(new IOException("backend timed out for " + path, new IllegalStateException("pool exhausted")));
            }
            log.access(e);
            logged.incrementAndGet();
            n++;
        }
    }
}
