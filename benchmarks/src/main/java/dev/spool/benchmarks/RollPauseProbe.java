package dev.spool.benchmarks;

import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObjectConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a roll (and fsync) costs the callers: threads log the same ~100-byte event flat out and
 * every call's duration is recorded; the run is repeated without rolling, rolling every 4 MiB
 * with gzip compression, and with fsync. Prints throughput and caller-latency percentiles.
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp "benchmarks/target/classes:engine/target/classes:engine/target/lib/*" \
 *     dev.spool.benchmarks.RollPauseProbe [threads] [events per thread]
 * </pre>
 */
public final class RollPauseProbe {
    private RollPauseProbe() {
    }

    public static void main(final String[] args) throws Exception {
        final int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        final int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final Path dir = Files.createTempDirectory("spool-roll-probe");
        try {
            System.out.printf(Locale.ROOT, "%d threads x %,d events, ~100-byte lines, one warm-up run first%n", threads, events);
            run("warm-up", dir.resolve("w"), RollingConfig.NONE, false, threads, events);
            run("no rolling", dir.resolve("a"), RollingConfig.NONE, false, threads, events);
            run("roll every 4 MiB + gzip", dir.resolve("b"), RollingConfig.builder().mode(RollMode.SIZE)
                .maxSize(4 << 20).fileNamePattern(dir.resolve("b").resolve("app-%i.log.gz").toString()).build(),
                false, threads, events);
            run("fsync every write", dir.resolve("c"), RollingConfig.NONE, true, threads, events);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(final String name, final Path dir, final RollingConfig rolling, final boolean fsync,
                            final int threads, final int events) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("app").file(dir.resolve("app.log"))
                .format("%<time> %<level> [%<thread>] %<logger> - %<msg>").rolling(rolling).fsync(fsync).build())
            .build());
        final long[][] nanos = new long[threads][events];
        final Thread[] workers = new Thread[threads];
        final long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            final long[] mine = nanos[t];
            workers[t] = new Thread(() -> {
                final MutableLogEvent e = new MutableLogEvent().level("INFO").loggerName("dev.spool.Probe")
                    .threadName(Thread.currentThread().getName());
                final StringBuilder m = new StringBuilder(64);
                for (int i = 0; i < events; i++) {
                    m.setLength(0);
                    m.append("Request ").append(i).append(" completed in ").append(i % 977).append(" us");
                    final long t0 = System.nanoTime();
                    log.access(e.timestampNanos(System.currentTimeMillis() * 1_000_000L).message(m));
                    mine[i] = System.nanoTime() - t0;
                }
            }, "worker-" + t);
            workers[t].start();
        }
        for (final Thread w : workers) {
            w.join();
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        log.stop();
        final long[] all = Arrays.stream(nanos).flatMapToLong(Arrays::stream).sorted().toArray();
        long files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.count();
        }
        System.out.printf(Locale.ROOT, "%-24s %,11.0f events/s  p50 %6d ns  p99 %7d ns  p99.9 %8d ns  p99.99 %9d ns  max %,11d"
                + " ns  files %d  lost %d%n", name, all.length / seconds, pct(all, 0.5), pct(all, 0.99), pct(all, 0.999),
            pct(all, 0.9999), all[all.length - 1], files, log.stats().getEventsLost());
    }

    private static long pct(final long[] sorted, final double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }
}
