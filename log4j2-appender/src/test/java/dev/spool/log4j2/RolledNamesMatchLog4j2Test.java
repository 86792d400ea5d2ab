package dev.spool.log4j2;

import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.testing.TestLines;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.RollingRandomAccessFileAppender;
import org.apache.logging.log4j.core.appender.rolling.CompositeTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TimeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TriggeringPolicy;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.spool.engine.testing.TestFiles.assertSameFiles;

/**
 * The same events through a stock Log4j2 {@code RollingRandomAccessFile} and through the engine
 * with the same pattern and policy: the two directories hold the same file names with the same
 * contents. Events carry their own timestamps, which both sides roll by.
 */
class RolledNamesMatchLog4j2Test {
    @TempDir
    Path stock;

    @TempDir
    Path spool;

    /** One event: a timestamp and a line. */
    private record Event(long millis, String line) {
    }

    private void runStock(final String pattern, final TriggeringPolicy policy, final String max, final String fileIndex,
                          final List<Event> events) {
        final Configuration config = new DefaultConfiguration();
        final RollingRandomAccessFileAppender appender = RollingRandomAccessFileAppender.newBuilder()
            .setName("stock")
            .setFileName(stock.resolve("app.log").toString())
            .setFilePattern(stock.resolve(pattern).toString())
            .setPolicy(policy)
            .setStrategy(DefaultRolloverStrategy.newBuilder().setMax(max).setFileIndex(fileIndex).setConfig(config).build())
            .setLayout(PatternLayout.newBuilder().setPattern("%m%n").setConfiguration(config).build())
            .setImmediateFlush(true)
            .setConfiguration(config)
            .build();
        appender.start();
        for (final Event e : events) {
            appender.append(Log4jLogEvent.newBuilder().setLoggerName("stock").setLevel(Level.INFO)
                .setMessage(new SimpleMessage(e.line)).setTimeMillis(e.millis).build());
        }
        appender.stop(30, TimeUnit.SECONDS);
    }

    private void runSpool(final RollingConfig.Builder rolling, final List<Event> events) {
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("spool").file(spool.resolve("app.log")).format("%<msg>")
                .rolling(rolling).build()).build());
        final MutableLogEvent e = new MutableLogEvent().level("INFO");
        for (final Event ev : events) {
            log.access(e.timestampNanos(ev.millis * 1_000_000L).message(ev.line));
        }
        log.stop();
    }

    private static List<Event> events(final int n, final long startMillis, final long stepMillis,
                                      final Function<Integer, String> line) {
        final List<Event> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new Event(startMillis + i * stepMillis, line.apply(i)));
        }
        return l;
    }

    @Test
    void sizeRollsWithAscendingIndexes() throws IOException {
        final List<Event> events = events(50, System.currentTimeMillis(), 1, TestLines::line100);
        runStock("app-%i.log", SizeBasedTriggeringPolicy.createPolicy("1000 B"), "7", "max", events);
        runSpool(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000).rollWhenOverSize(true).maxIndex(7)
            .fileNamePattern(spool.resolve("app-%i.log").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void pastMaxTheOldestIndexGoesAndTheOthersMoveDown() throws IOException {
        final List<Event> events = events(120, System.currentTimeMillis(), 1, TestLines::line100);
        runStock("app-%i.log", SizeBasedTriggeringPolicy.createPolicy("1000 B"), "3", "max", events);
        runSpool(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000).rollWhenOverSize(true).maxIndex(3)
            .fileNamePattern(spool.resolve("app-%i.log").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void fileIndexMinIsAFixedWindow() throws IOException {
        final List<Event> events = events(120, System.currentTimeMillis(), 1, TestLines::line100);
        runStock("app-%i.log", SizeBasedTriggeringPolicy.createPolicy("1000 B"), "3", "min", events);
        runSpool(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000).rollWhenOverSize(true).shifting(true)
            .minIndex(1).maxIndex(3).fileNamePattern(spool.resolve("app-%i.log").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void timeRollsNameTheClosedPeriod() throws IOException {
        final List<Event> events = events(40, System.currentTimeMillis(), 5000, i -> "event " + i); // over 3 minutes
        runStock("app-%d{yyyy-MM-dd-HH-mm}.log", TimeBasedTriggeringPolicy.newBuilder().setInterval(1).setModulate(true)
            .build(), "7", "max", events);
        runSpool(RollingConfig.builder().mode(RollMode.TIME)
            .fileNamePattern(spool.resolve("app-%d{yyyy-MM-dd-HH-mm}.log").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void timeAndSizeWithGzip() throws IOException {
        final List<Event> events = events(60, System.currentTimeMillis(), 3000, TestLines::line100);
        runStock("app-%d{yyyy-MM-dd-HH-mm}-%i.log.gz", CompositeTriggeringPolicy.createPolicy(
            TimeBasedTriggeringPolicy.newBuilder().setInterval(1).setModulate(true).build(),
            SizeBasedTriggeringPolicy.createPolicy("1000 B")), "7", "max", events);
        runSpool(RollingConfig.builder().mode(RollMode.TIME_OR_SIZE).maxSize(1000).rollWhenOverSize(true).maxIndex(7)
            .fileNamePattern(spool.resolve("app-%d{yyyy-MM-dd-HH-mm}-%i.log.gz").toString()), events);
        assertSameFiles(stock, spool);
    }
}
