package dev.spool.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spool.engine.file.RingLogFile;
import dev.spool.engine.sockstat.SockLabel;
import dev.spool.engine.sockstat.SockStats;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A small service run twice: first logging through the Log4j2 API ({@code log4j2.xml}), then
 * through SLF4J and Logback ({@code logback.xml}), Spool's appender behind both. Worker threads
 * handle requests: each calls an HTTP backend on loopback over a labelled socket (it works 50 to
 * 550 microseconds), then logs the request with its method, path and status in the context map;
 * about one in a thousand fails and is logged as an error with its exception. Each configuration
 * writes a rolling, compressed access log, a binary log of the same events, an error log with
 * stack traces and sockstat's ring of the traffic.
 *
 * <p>Progress is printed every second (requests logged, per second, events written and lost as
 * JMX shows them, files in the directory), and at the end what the files hold, read back: access
 * lines (rolled files included), binary events as {@code spool-cat --stats} counts them, errors,
 * and sockstat's byte counts, with every file, its size and the spool-cat commands to read the
 * binary log.
 *
 * <pre>
 * java -jar examples/target/spool-examples.jar [--seconds N] [--threads N] [--dir DIR]
 * </pre>
 */
public final class ExampleService {
    /** The system property the configuration files take their directory from. */
    static final String DIR_PROPERTY = "spool.example.dir";
    private static final String[] PATHS = {"/", "/search", "/cart", "/checkout", "/account", "/api/items"};
    private static final Pattern EVENT_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d,\\d{3} ");
    private static final Pattern ERROR_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d,\\d{3} ERROR ");

    private final Path dir;
    private final int threads;
    private final Duration runFor;
    private final Duration untilRolled;
    private final PrintStream out;

    ExampleService(final Path dir, final int threads, final Duration runFor, final PrintStream out) {
        this(dir, threads, runFor, Duration.ZERO, out);
    }

    /**
     * @param untilRolled how much longer than {@code runFor} a half may go on while its access log has not
     *                    rolled yet (the test wants a roll in each half, however slow the machine is)
     */
    ExampleService(final Path dir, final int threads, final Duration runFor, final Duration untilRolled,
                   final PrintStream out) {
        this.dir = dir;
        this.threads = threads;
        this.runFor = runFor;
        this.untilRolled = untilRolled;
        this.out = out;
    }

    public static void main(final String[] args) throws Exception {
        Path dir = Path.of("logs");
        int threads = 4;
        int seconds = 5;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--dir": dir = Path.of(args[++i]); break;
                    case "--threads": threads = Integer.parseInt(args[++i]); break;
                    case "--seconds": seconds = Integer.parseInt(args[++i]); break;
                    default: throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (final RuntimeException e) {
            System.err.println("spool-examples: " + e.getMessage());
            System.err.println("usage: java -jar examples/target/spool-examples.jar [--seconds N per framework]"
                + " [--threads N] [--dir DIR]");
            System.exit(2);
        }
        final List<Half> halves = new ExampleService(dir, threads, Duration.ofSeconds(seconds), System.out).run();
        System.exit(halves.stream().allMatch(Half::complete) ? 0 : 1);
    }

    /** What one framework's run did, and what its files hold; the example's test checks it. */
    record Half(String name, Path dir, long logged, long failed, long accessLines, int rolledFiles, long binaryEvents,
                long errorEvents, long lost, long clientTx, long clientRx, long sockstatTx, long sockstatRx,
                long sockstatEvents, long accessBytes, long binaryBytes) {
        /** Every request is in the access log and the binary log, every failure in the error log, nothing lost. */
        boolean complete() {
            return lost == 0 && accessLines == logged && binaryEvents == logged && errorEvents == failed;
        }
    }

    List<Half> run() throws Exception {
        Files.createDirectories(dir);
        System.setProperty(DIR_PROPERTY, dir.toString());
        final SockLabel client = SockStats.global().label("backend-client");
        final List<Half> halves = new ArrayList<>();
        try (LoopbackHttp backend = new LoopbackHttp(SockStats.global().label("backend-server"))) {
            out.printf("Spool example: %d worker threads call a backend on 127.0.0.1:%d and log each request,"
                + " %d s through Log4j2, then %d s through SLF4J + Logback; logs in %s%n", threads, backend.port(),
                runFor.toSeconds(), runFor.toSeconds(), dir.toAbsolutePath());
            halves.add(half(RequestLog.Log4j2::new, backend, client));
            halves.add(half(RequestLog.Logback::new, backend, client));
        }
        out.println();
        out.println("Read the binary logs (from the project's directory):");
        for (final Half h : halves) {
            final Path blog = h.dir().resolve("access.blog");
            out.println("  bin/spool-cat " + blog + " | head");
            out.println("  bin/spool-cat --stats " + blog);
        }
        out.println("  bin/spool-cat --help     (--json, --format, --follow, --since, --until)");
        return halves;
    }

    /** Runs the workers through one framework, shuts it down, and reads back what it wrote. */
    private Half half(final Supplier<RequestLog> framework, final LoopbackHttp backend, final SockLabel client)
        throws Exception {
        final long tx0 = client.tx();
        final long rx0 = client.rx();
        final RequestLog log = framework.get(); // configures the framework, and so Spool
        final Path halfDir = dir.resolve(log.name());
        out.printf("%n%s (%s):%n", log.name(), log.name().equals("log4j2") ? "log4j2.xml" : "logback.xml");
        final AtomicLong logged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final long start = System.nanoTime();
        final long end = start + runFor.toNanos();
        final long latest = end + untilRolled.toNanos();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> work(log, stop, client, backend.port(), logged, failed), "worker-" + t);
            workers[t].start();
        }
        long last = 0;
        long nextReport = start + 1_000_000_000L;
        while (true) {
            final long now = System.nanoTime();
            if (now >= latest || (now >= end && (untilRolled.isZero()
                || !LogDirectory.rolled(halfDir.resolve("access.log")).isEmpty()))) {
                break;
            }
            Thread.sleep(Math.max(1, Math.min(100, (Math.min(nextReport, now < end ? end : latest) - now) / 1_000_000)));
            if (System.nanoTime() >= nextReport) {
                nextReport += 1_000_000_000L;
                final long count = logged.get();
                out.printf(Locale.ROOT, "  %2d s  %,9d requests logged  %,7d/s  %,9d written  %d lost  %2d files (%d rolled)%n",
                    (System.nanoTime() - start + 500_000_000L) / 1_000_000_000L, count, count - last,
                    LogDirectory.eventsWritten(log.name().equals("log4j2") ? "access" : "ACCESS"),
                    LogDirectory.eventsLost(), LogDirectory.files(halfDir).size(),
                    LogDirectory.rolled(halfDir.resolve("access.log")).size());
                last = count;
            }
        }
        stop.set(true);
        for (final Thread w : workers) {
            w.join();
        }
        final long lost = LogDirectory.eventsLost();
        log.shutdown(); // writes everything, compresses the last rolled file, polls sockstat once more
        return report(log.name(), halfDir, logged.get(), failed.get(), lost, client.tx() - tx0, client.rx() - rx0);
    }

    private Half report(final String name, final Path halfDir, final long logged, final long failed, final long lost,
                        final long clientTx, final long clientRx) throws IOException {
        final Path access = halfDir.resolve("access.log");
        final List<Path> rolled = LogDirectory.rolled(access);
        long accessLines = LogDirectory.lines(access, EVENT_LINE);
        long accessBytes = LogDirectory.textBytes(access);
        for (final Path r : rolled) {
            accessLines += LogDirectory.lines(r, EVENT_LINE);
            accessBytes += LogDirectory.textBytes(r);
        }
        final long binaryBytes = Files.size(halfDir.resolve("access.blog"));
        final long binary = LogDirectory.binaryEvents(halfDir.resolve("access.blog"));
        final long errors = LogDirectory.lines(halfDir.resolve("errors.log"), ERROR_LINE);
        long sockTx = 0;
        long sockRx = 0;
        long sockEvents = 0;
        String lastSockstat = null;
        final ObjectMapper json = new ObjectMapper();
        for (final Path f : RingLogFile.names(halfDir.resolve("sockstats"))) {
            if (Files.exists(f)) {
                for (final String line : Files.readAllLines(f)) {
                    sockEvents++;
                    lastSockstat = line;
                    final JsonNode moved = json.readTree(line).path("s").get("backend-client");
                    if (moved != null) {
                        sockTx += moved.get(0).asLong();
                        sockRx += moved.get(1).asLong();
                    }
                }
            }
        }
        final Half h = new Half(name, halfDir, logged, failed, accessLines, rolled.size(), binary, errors, lost,
            clientTx, clientRx, sockTx, sockRx, sockEvents, accessBytes, binaryBytes);
        out.printf(Locale.ROOT, "  logged %,d requests (%,d failed); lost: %d%n", logged, failed, lost);
        out.printf(Locale.ROOT, "  in the files: %,d lines in access.log and %d rolled files, %,d events in access.blog,"
            + " %,d errors in errors.log%s%n", accessLines, rolled.size(), binary, errors,
            h.complete() ? " (all of them)" : "  <-- MISSING EVENTS");
        if (binary > 0 && accessLines > 0) {
            out.printf(Locale.ROOT, "  access.blog takes %.1f bytes per event, %.2f times the text of the same events"
                + " (%.1f bytes per line)%n", (double) binaryBytes / binary, (double) binaryBytes / accessBytes,
                (double) accessBytes / accessLines);
        }
        out.printf(Locale.ROOT, "  sockstat: %,d events; the backend-client sockets sent %,d and received %,d bytes,"
            + " its events add up to %,d and %,d%n", sockEvents, clientTx, clientRx, sockTx, sockRx);
        if (lastSockstat != null) {
            out.println("    " + lastSockstat);
        }
        for (final Path f : LogDirectory.files(halfDir)) {
            out.printf(Locale.ROOT, "  %-44s %,12d bytes%n", f, Files.size(f));
        }
        return h;
    }

    private static void work(final RequestLog log, final AtomicBoolean stop, final SockLabel label, final int port,
                             final AtomicLong logged, final AtomicLong failures) {
        try (LoopbackHttp.Client backend = new LoopbackHttp.Client(label, port)) {
            final ThreadLocalRandom random = ThreadLocalRandom.current();
            long n = 0;
            while (!stop.get()) {
                final String method = random.nextBoolean() ? "GET" : "POST";
                final String path = PATHS[random.nextInt(PATHS.length)];
                final int micros = 50 + random.nextInt(500);
                final int status = backend.get(path, micros); // the request's work, on the backend
                if (random.nextInt(1000) == 0) {
                    log.failed(method, path, n, micros,
                        new IOException("backend timed out for " + path, new IllegalStateException("pool exhausted")));
                    failures.incrementAndGet();
                } else {
                    log.completed(method, path, status, n, micros);
                }
                logged.incrementAndGet();
                n++;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
