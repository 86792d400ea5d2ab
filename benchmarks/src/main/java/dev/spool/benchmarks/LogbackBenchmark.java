package dev.spool.benchmarks;

import ch.qos.logback.classic.LoggerContext;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The same event through SLF4J and Logback, to a file, with the pattern
 * {@code %d{ISO8601} %-5level [%thread] %logger - %msg%n%ex} ({@code %ex}: what PatternLayout
 * appends to a pattern that shows no throwable), for each setup:
 * <ul>
 *   <li>{@code spool}: SpoolAppender;</li>
 *   <li>{@code fileAppender}: the stock FileAppender, {@code immediateFlush=false};</li>
 *   <li>{@code asyncAppender}: the stock AsyncAppender set to lose nothing
 *       ({@code discardingThreshold=0}, {@code neverBlock=false}, a 262,144-event queue) in
 *       front of it;</li>
 *   <li>{@code spoolAsync}: the same with the class changed to {@code SpoolAsyncAppender}
 *       (pattern layouts only; not in {@code run.sh}'s matrix, run by name to compare the two
 *       wrappers);</li>
 *   <li>{@code nop}: the ceiling, the stock NOPAppender (an AppenderBase: its synchronized
 *       {@code doAppend} is part of the call): the same call with nothing written. Not a file
 *       setup, so it has no loss check and no layout (every layout value gives the same
 *       configuration; only {@code patternEx} changes the call).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LogbackBenchmark {
    @Param({"spool", "fileAppender", "asyncAppender", "nop", "spoolAsync"})
    public String setup;

    /**
     * {@code pattern}: the usual ~100-byte line; {@code patternEx}: the same, and one event in 100
     * an error with an exception and its cause ({@link SampleFailure}); {@code json}: the same
     * event as Logback's JsonEncoder document; {@code logstash}: as LogstashEncoder's document (its
     * default fields); {@code spring}: Spring Boot's default file pattern, with its converters.
     */
    @Param({"pattern", "patternEx", "json", "logstash", "spring"})
    public String layout;

    private Path dir;
    private Path file;
    private Logger logger;
    private boolean exceptions;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = EventLedger.benchDirectory("spool-bench-logback");
        file = dir.resolve(setup + "-" + layout + ".log");
        System.setProperty("spool.bench.file", file.toString());
        final String suffix = suffix(layout);
        final String config = switch (setup) {
            case "spool" -> "bench/logback-spool" + suffix;
            case "fileAppender" -> "bench/logback-file" + suffix;
            case "asyncAppender" -> "bench/logback-async" + suffix;
            case "spoolAsync" -> "bench/logback-spool-async" + Log4j2Benchmark.patternOnly(layout);
            case "nop" -> "bench/logback-nop";
            default -> throw new IllegalArgumentException("setup: unknown value '" + setup + "'");
        } + ".xml";
        System.setProperty("logback.configurationFile", config);
        exceptions = layout.equals("patternEx");
        logger = LoggerFactory.getLogger("bench.Requests");
    }

    /** The configuration file's suffix for a layout. */
    static String suffix(final String layout) {
        return switch (layout) {
            case "pattern", "patternEx" -> "";
            case "json" -> "-json";
            case "logstash" -> "-logstash";
            case "spring" -> "-spring";
            default -> throw new IllegalArgumentException("layout: unknown value '" + layout + "'");
        };
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        if (setup.equals("nop")) {
            EventLedger.INSTANCE.waive(setup + "/" + layout, "a ceiling: the NOPAppender writes nothing");
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
