package dev.spool.benchmarks;

import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
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
 * The engine alone, as a reference for the framework benchmarks: {@code Log.access} with an engine
 * format that writes the same fields as their pattern
 * ({@code %<time> %<level> [%<thread>] %<logger> - %<msg>}); the caller formats the message into
 * a reused builder, as an application would. {@code mode=binary} writes the same fields as a
 * binary log (run it by name: {@code -p mode=binary}; the scripts run text).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {
    /** {@code text} or {@code binary}: the log object's mode. */
    @Param("text")
    public String mode;

    private Path dir;
    private Path file;
    private Log log;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = EventLedger.benchDirectory("spool-bench-engine");
        file = dir.resolve("binary".equals(mode) ? "engine.blog" : "engine.log");
        log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("bench").file(file).mode(LogMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)))
                .format("%<time> %<level> [%<thread>] %<logger> - %<msg>").build())
            .build());
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        log.stop();
        EventLedger.INSTANCE.settle("engine", file);
        Files.deleteIfExists(dir);
    }

    /** A thread's reusable engine event and message builder. */
    @State(Scope.Thread)
    public static class Event {
        final MutableLogEvent event = new MutableLogEvent().level("INFO").loggerName("bench.Requests");
        final StringBuilder message = new StringBuilder(64);

        /** Per iteration, so after the worker's trial setup has named the thread. */
        @Setup(Level.Iteration)
        public void name() {
            event.threadName(Thread.currentThread().getName());
        }
    }

    @Benchmark
    public void log(final Worker worker, final Event e) {
        final Arguments a = worker.args;
        final StringBuilder m = e.message;
        m.setLength(0);
        m.append("Request ").append(a.requestId().longValue()).append(" completed in ").append(a.micros().intValue())
            .append(" us");
        log.access(e.event.timestampNanos(System.currentTimeMillis() * 1_000_000L).message(m));
        worker.logged++;
    }
}
