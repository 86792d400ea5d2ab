package dev.spool.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import org.apache.logging.log4j.LogManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Caller latency at a fixed rate below saturation: each thread logs the benchmark event on a
 * schedule ({@code rate / threads} per second each) and records how long every call took; the
 * percentiles of all calls are printed, with the loss check. Run one setup per JVM (the Log4j2
 * context selector is chosen at start):
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.spool.benchmarks.LatencyHarness \
 *     SETUP [events per second] [threads] [seconds]
 * </pre>
 * SETUP is {@code log4j2-spool}, {@code log4j2-asyncLoggers}, {@code logback-spool},
 * {@code logback-asyncAppender}, each of these with {@code -json} appended (a JSON layout) or
 * {@code -ex} (the pattern, and one event in 100 an error with an exception and its cause: the
 * benchmarks' {@code patternEx}), the Logback ones with {@code -spring} (Spring Boot's default file
 * pattern), or {@code noop} (the timed loop around an empty call: the machine's floor). Output
 * ends in one line for the report:
 * {@code latency SETUP threads rate p50 p99 p99.9 p99.99 max lost} (nanoseconds).
 */
public final class LatencyHarness {
    /** Where the no-op setup's calls write, so the JIT cannot remove them. */
    static volatile Object noopSink;

    private LatencyHarness() {
    }

    public static void main(final String[] args) throws Exception {
        final String setup = args[0];
        final int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        final int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        final int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        final Path dir = EventLedger.benchDirectory("spool-latency");
        final Path file = dir.resolve(setup + ".log");
        System.setProperty("spool.bench.file", file.toString());
        final Consumer<Arguments> log;
        final Runnable stop;
        final int dash = setup.indexOf('-', setup.indexOf('-') + 1);
        final String base = dash < 0 ? setup : setup.substring(0, dash);
        final String variant = dash < 0 ? "" : setup.substring(dash + 1);
        // "-ex": the exception mix, through the pattern configuration (its %ex writes the trace).
        final boolean exceptions = variant.equals("ex");
        final String layout = switch (variant) {
            case "", "ex" -> "";
            case "json" -> "-json";
            case "spring" -> "-spring";
            default -> throw new IllegalArgumentException("setup: unknown layout in '" + setup + "'");
        };
        switch (base) {
            case "log4j2-spool", "log4j2-asyncLoggers" -> {
                if (layout.equals("-spring")) {
                    throw new IllegalArgumentException("setup: '-spring' is a Logback layout");
                }
                if (base.equals("log4j2-asyncLoggers")) {
                    System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
                }
                System.setProperty("log4j2.configurationFile", (base.equals("log4j2-spool") ? "bench/log4j2-spool"
                    : "bench/log4j2-raf") + layout + ".xml");
                final org.apache.logging.log4j.Logger logger = LogManager.getLogger("bench.Requests");
                log = a -> {
                    final Throwable failure = exceptions ? a.failure() : null;
                    if (failure == null) {
                        logger.info("Request {} completed in {} us", a.requestId(), a.micros());
                    } else {
                        logger.error("Request {} failed after {} us", a.requestId(), a.micros(), failure);
                    }
                };
                stop = LogManager::shutdown;
            }
            case "logback-spool", "logback-asyncAppender" -> {
                System.setProperty("logback.configurationFile", (base.equals("logback-spool") ? "bench/logback-spool"
                    : "bench/logback-async") + layout + ".xml");
                final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("bench.Requests");
                log = a -> {
                    final Throwable failure = exceptions ? a.failure() : null;
                    if (failure == null) {
                        logger.info("Request {} completed in {} us", a.requestId(), a.micros());
                    } else {
                        logger.error("Request {} failed after {} us", a.requestId(), a.micros(), failure);
                    }
                };
                stop = () -> ((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
            }
            case "noop" -> {
                // The floor: the same timed loop around a call that does nothing. What it shows at
                // p99.9 and beyond is the machine (timer interrupts, the hypervisor), not a logger.
                log = a -> {
                    noopSink = a.requestId();
                    a.micros(); // on to the next arguments, as in the other setups
                };
                stop = () -> { };
            }
            default -> throw new IllegalArgumentException("setup: unknown value '" + setup + "'");
        }
        final Histogram[] histograms = new Histogram[threads];
        final long[] logged = new long[threads];
        final Thread[] workers = new Thread[threads];
        final long intervalNanos = 1_000_000_000L * threads / rate;
        final long warmupEnd = System.nanoTime() + 2_000_000_000L + 1_000_000_000L * seconds / 5;
        final long end = warmupEnd + 1_000_000_000L * seconds;
        for (int t = 0; t < threads; t++) {
            final int id = t;
            histograms[t] = new Histogram();
            workers[t] = new Thread(() -> {
                final Arguments args2 = new Arguments();
                final Histogram h = histograms[id];
                long next = System.nanoTime();
                long n = 0;
                for (long now = next; now < end; now = System.nanoTime()) {
                    if (now < next) {
                        final long wait = next - now;
                        if (wait > 50_000) {
                            LockSupport.parkNanos(wait - 30_000);
                        }
                        continue; // spin the last stretch
                    }
                    final long start = System.nanoTime();
                    log.accept(args2);
                    final long took = System.nanoTime() - start;
                    if (start >= warmupEnd) {
                        h.record(took);
                    }
                    n++;
                    next += intervalNanos;
                }
                logged[id] = n;
            }, "worker-" + (t + 1));
            workers[t].start();
        }
        for (final Thread w : workers) {
            w.join();
        }
        stop.run();
        final Histogram all = new Histogram();
        long total = 0;
        for (int t = 0; t < threads; t++) {
            all.add(histograms[t]);
            total += logged[t];
        }
        final long records = setup.equals("noop") ? total : Files.exists(file) ? EventLedger.countRecords(file) : 0;
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
        System.out.printf(Locale.ROOT, "%s, %d thread(s), %,d events/s for %d s (after a warm-up): %,d calls measured%n",
            setup, threads, rate, seconds, all.count());
        System.out.printf(Locale.ROOT, "  p50 %,d ns  p99 %,d ns  p99.9 %,d ns  p99.99 %,d ns  max %,d ns%n",
            all.percentile(0.5), all.percentile(0.99), all.percentile(0.999), all.percentile(0.9999), all.max());
        System.out.printf(Locale.ROOT, "  logged %,d, in the file %,d, lost %,d%n", total, records, total - records);
        System.out.printf(Locale.ROOT, "latency %s %d %d %d %d %d %d %d %d%n", setup, threads, rate, all.percentile(0.5),
            all.percentile(0.99), all.percentile(0.999), all.percentile(0.9999), all.max(), total - records);
    }
}
