package dev.spool.benchmarks;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The same event through the Log4j2 API, to a file, with the pattern
 * {@code %d{ISO8601} %-5p [%t] %c - %m%n%ex} ({@code %ex}: what PatternLayout appends to a pattern
 * that shows no throwable), for each setup:
 * <ul>
 *   <li>{@code spool}: the Spool appender;</li>
 *   <li>{@code randomAccessFile}: the stock synchronous RandomAccessFile, {@code immediateFlush=false};</li>
 *   <li>{@code asyncLoggers}: all loggers async ({@code AsyncLoggerContextSelector}) in front of it;</li>
 *   <li>{@code asyncAppender}: the stock Async appender (blocking) in front of it;</li>
 *   <li>{@code spoolAsync}: the same with the element renamed {@code SpoolAsync} (pattern layouts
 *       only; not in {@code run.sh}'s matrix, run by name to compare the two wrappers);</li>
 *   <li>{@code null}: the ceiling, the stock Null appender: the same call with nothing written.
 *       Not a file setup, so it has no loss check and no layout (every layout value gives the same
 *       configuration; only {@code patternEx} changes the call).</li>
 * </ul>
 * Each setup runs in a JVM of its own (JMH forks per parameter value), which is what lets the
 * context selector be chosen by a system property in the setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Log4j2Benchmark {
    @Param({"spool", "randomAccessFile", "asyncLoggers", "asyncAppender", "null", "spoolAsync"})
    public String setup;

    /**
     * {@code pattern}: the usual ~100-byte line; {@code patternEx}: the same, and one event in 100
     * an error with an exception and its cause ({@link SampleFailure}); {@code json}: the same
     * event as JsonTemplateLayout's ECS document.
     */
    @Param({"pattern", "patternEx", "json"})
    public String layout;

    private Path dir;
    private Path file;
    private Logger logger;
    private boolean exceptions;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = EventLedger.benchDirectory("spool-bench-log4j2");
        file = dir.resolve(setup + "-" + layout + ".log");
        System.setProperty("spool.bench.file", file.toString());
        final String suffix = suffix(layout);
        final String config = switch (setup) {
            case "spool" -> "bench/log4j2-spool" + suffix;
            case "randomAccessFile", "asyncLoggers" -> "bench/log4j2-raf" + suffix;
            case "asyncAppender" -> "bench/log4j2-async-appender" + suffix;
            case "spoolAsync" -> "bench/log4j2-spool-async" + patternOnly(layout);
            case "null" -> "bench/log4j2-null";
            default -> throw new IllegalArgumentException("setup: unknown value '" + setup + "'");
        } + ".xml";
        System.setProperty("log4j2.configurationFile", config);
        if (setup.equals("asyncLoggers")) {
            System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
        }
        exceptions = layout.equals("patternEx");
        logger = LogManager.getLogger("bench.Requests");
    }

    /** The suffix of a setup that has a configuration for the pattern layouts only. */
    static String patternOnly(final String layout) {
        if (!layout.equals("pattern") && !layout.equals("patternEx")) {
            throw new IllegalArgumentException("layout: '" + layout + "' is not configured for this setup (pattern,"
                + " patternEx)");
        }
        return "";
    }

    /** The configuration file's suffix for a layout. */
    static String suffix(final String layout) {
        return switch (layout) {
            case "pattern", "patternEx" -> "";
            case "json" -> "-json";
            default -> throw new IllegalArgumentException("layout: unknown value '" + layout + "'");
        };
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        LogManager.shutdown();
        if (setup.equals("null")) {
            EventLedger.INSTANCE.waive(setup + "/" + layout, "a ceiling: the Null appender writes nothing");
        } else {
            EventLedger.INSTANCE.settle(setup + "/" + layout, file);
        }
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public void log(final Worker worker) {
        final Arguments a = worker.args;
        final Throwable failure = exceptions ? a.failure() : null;
        if (failure == null) {
            logger.info("Request {} completed in {} us", a.requestId(), a.micros());
        } else {
            logger.error("Request {} failed after {} us", a.requestId(), a.micros(), failure);
        }
        worker.logged++;
    }
}
