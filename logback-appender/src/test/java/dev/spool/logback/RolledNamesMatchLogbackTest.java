package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.rolling.DefaultTimeBasedFileNamingAndTriggeringPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedFileNamingAndTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedFileNamingAndTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.spool.engine.testing.TestFiles.assertSameFiles;
import static dev.spool.engine.testing.TestLines.line100;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same events through a stock Logback {@code RollingFileAppender} and through the engine with
 * the same pattern and policy: the same file names with the same contents. Logback rolls by its
 * own clock, not by the event's time; the test sets that clock to each event's timestamp (Logback
 * offers {@code setCurrentTime} for this) so both roll at the same events.
 */
class RolledNamesMatchLogbackTest {
    @TempDir
    Path stock;

    @TempDir
    Path spool;

    private static final int EVENTS = 60;
    private static final long STEP_MILLIS = 3000;

    private void runStock(final String pattern, final TimeBasedFileNamingAndTriggeringPolicy<ILoggingEvent> naming,
                          final long start) {
        runStock(pattern, naming, start, true);
    }

    private void runStock(final String pattern, final TimeBasedFileNamingAndTriggeringPolicy<ILoggingEvent> naming,
                          final long start, final boolean withFile) {
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        final RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("stock");
        if (withFile) {
            appender.setFile(stock.resolve("app.log").toString());
        }
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        final TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setFileNamePattern(stock.resolve(pattern).toString());
        naming.setCurrentTime(start);
        policy.setTimeBasedFileNamingAndTriggeringPolicy(naming);
        policy.setParent(appender);
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        final ch.qos.logback.classic.Logger logger = context.getLogger("stock");
        for (int i = 0; i < EVENTS; i++) {
            final long t = start + i * STEP_MILLIS;
            naming.setCurrentTime(t);
            final LoggingEvent e = new LoggingEvent(RolledNamesMatchLogbackTest.class.getName(), logger, Level.INFO, line100(i),
                null, null);
            e.setTimeStamp(t);
            appender.doAppend(e);
        }
        appender.stop();
        context.stop();
        assertTrue(context.getStatusManager().getCopyOfStatusList().stream().noneMatch(s -> s.getLevel() >= 2),
            context.getStatusManager().getCopyOfStatusList().toString());
    }

    private void runSpool(final RollingConfig.Builder rolling, final long start) {
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("spool").file(spool.resolve("app.log")).format("%<msg>").rolling(rolling).build())
            .build());
        final MutableLogEvent e = new MutableLogEvent().level("INFO");
        for (int i = 0; i < EVENTS; i++) {
            log.access(e.timestampNanos((start + i * STEP_MILLIS) * 1_000_000L).message(line100(i)));
        }
        log.stop();
    }

    @Test
    void timeBasedRollingPolicy() throws IOException {
        final long start = System.currentTimeMillis();
        runStock("app-%d{yyyy-MM-dd_HH-mm}.log", new DefaultTimeBasedFileNamingAndTriggeringPolicy<>(), start);
        runSpool(RollingConfig.builder().mode(RollMode.TIME)
            .fileNamePattern(spool.resolve("app-%d{yyyy-MM-dd_HH-mm}.log").toString()), start);
        assertSameFiles(stock, spool);
    }

    @Test
    void withoutAFileTheActiveFileIsNamedByThePatternAndClosedOnesAreCompressed() throws IOException {
        final long start = System.currentTimeMillis();
        runStock("app-%d{yyyy-MM-dd_HH-mm}.log.gz", new DefaultTimeBasedFileNamingAndTriggeringPolicy<>(), start, false);
        runSpool(RollingConfig.builder().mode(RollMode.TIME).activeFromPattern(true)
            .fileNamePattern(spool.resolve("app-%d{yyyy-MM-dd_HH-mm}.log.gz").toString()), start);
        assertSameFiles(stock, spool);
        try (Stream<Path> files = Files.list(spool)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".log")).count(), "only the last file is plain");
        }
    }

    @Test
    void withoutAFileSizeAndTimeNamesEachFileByItsIndex() throws IOException {
        final long start = System.currentTimeMillis();
        final SizeAndTimeBasedFileNamingAndTriggeringPolicy<ILoggingEvent> naming =
            new SizeAndTimeBasedFileNamingAndTriggeringPolicy<>();
        naming.setMaxFileSize(FileSize.valueOf("1000"));
        naming.setCheckIncrement(Duration.buildByMilliseconds(0));
        runStock("app-%d{yyyy-MM-dd_HH-mm}.%i.log.gz", naming, start, false);
        runSpool(RollingConfig.builder().mode(RollMode.TIME_OR_SIZE).maxSize(1000).minIndex(0).activeFromPattern(true)
            .fileNamePattern(spool.resolve("app-%d{yyyy-MM-dd_HH-mm}.%i.log.gz").toString()), start);
        assertSameFiles(stock, spool);
    }

    @Test
    void sizeAndTimeBasedWithGzipCountsFromZero() throws IOException {
        final long start = System.currentTimeMillis();
        final SizeAndTimeBasedFileNamingAndTriggeringPolicy<ILoggingEvent> naming =
            new SizeAndTimeBasedFileNamingAndTriggeringPolicy<>();
        naming.setMaxFileSize(FileSize.valueOf("1000"));
        naming.setCheckIncrement(Duration.buildByMilliseconds(0)); // check the size at every event
        runStock("app-%d{yyyy-MM-dd_HH-mm}.%i.log.gz", naming, start);
        runSpool(RollingConfig.builder().mode(RollMode.TIME_OR_SIZE).maxSize(1000).minIndex(0)
            .fileNamePattern(spool.resolve("app-%d{yyyy-MM-dd_HH-mm}.%i.log.gz").toString()), start);
        assertSameFiles(stock, spool);
    }
}
