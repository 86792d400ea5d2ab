package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.spool.engine.testing.TestFiles.contents;
import static dev.spool.engine.testing.TestLines.line100;
import static dev.spool.logback.LogbackStatus.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logback's rolling policies, as Joran builds them, on a stock RollingFileAppender and on a
 * SpoolAppender: the same rolled files with the same contents (fixed window), and the settings
 * each policy maps to (time based, size and time based, retention).
 */
class RollingPolicyMappingTest {
    @TempDir
    Path stock;

    @TempDir
    Path spool;

    private final LoggerContext context = new LoggerContext();

    RollingPolicyMappingTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    private PatternLayoutEncoder encoder() {
        final PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern("%msg%n");
        e.start();
        return e;
    }

    /** A fixed window of 3 over 1,000-byte files, gzip: as Joran would set it up. */
    private void fixedWindow(final RollingFileAppender<ILoggingEvent> appender, final Path dir) {
        appender.setContext(context);
        appender.setName(dir == stock ? "stock" : "spool");
        appender.setFile(dir.resolve("app.log").toString());
        appender.setEncoder(encoder());
        final FixedWindowRollingPolicy policy = new FixedWindowRollingPolicy();
        policy.setContext(context);
        policy.setFileNamePattern(dir.resolve("app.%i.log.gz").toString());
        policy.setMinIndex(1);
        policy.setMaxIndex(3);
        policy.setParent(appender);
        policy.start();
        final SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("1000"));
        trigger.setCheckIncrement(Duration.buildByMilliseconds(0)); // check every event, as Spool does
        trigger.start();
        appender.setRollingPolicy(policy);
        appender.setTriggeringPolicy(trigger);
        appender.start();
    }

    @Test
    void fixedWindowWithSizeTriggerRollsToTheSameFiles() throws Exception {
        final RollingFileAppender<ILoggingEvent> stockAppender = new RollingFileAppender<>();
        fixedWindow(stockAppender, stock);
        final SpoolAppender spoolAppender = new SpoolAppender();
        fixedWindow(spoolAppender, spool);
        assertTrue(spoolAppender.isStarted(), context.getStatusManager().getCopyOfStatusList().toString());
        final Logger logger = context.getLogger("roll");
        for (int i = 0; i < 73; i++) {
            final LoggingEvent e = new LoggingEvent(getClass().getName(), logger, Level.INFO, line100(i), null, null);
            stockAppender.doAppend(e);
            spoolAppender.doAppend(e);
        }
        stockAppender.stop();
        spoolAppender.stop();
        Thread.sleep(300); // Logback compresses rolled files on a thread of its own
        final Map<String, String> expected = contents(stock);
        assertEquals(List.of("app.1.log.gz", "app.2.log.gz", "app.3.log.gz", "app.log"), List.copyOf(expected.keySet()));
        assertEquals(expected, awaitContents(spool, expected.keySet().size()));
        assertEquals(List.of(), problems(context));
    }

    @Test
    void timeBasedPolicyMapsToTimeRollingWithMaxHistoryAsAgeAndTotalSizeCap() {
        final TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
        policy.setFileNamePattern(spool.resolve("app-%d{yyyy-MM-dd}.log.gz").toString());
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("3GB"));
        final RollingConfig c = map(policy);
        assertEquals(RollMode.TIME, c.mode());
        assertEquals(java.time.Duration.ofDays(30), c.maxAge());
        assertEquals(3L << 30, c.totalSizeCap());
        assertEquals(0, c.minIndex());
    }

    @Test
    void sizeAndTimeBasedPolicyMapsToTimeOrSizeCountingFromZero() {
        final SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setFileNamePattern(spool.resolve("app-%d{yyyy-MM-dd_HH}.%i.log").toString());
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(48);
        final RollingConfig c = map(policy);
        assertEquals(RollMode.TIME_OR_SIZE, c.mode());
        assertEquals(10L << 20, c.maxSize());
        assertEquals(java.time.Duration.ofHours(48), c.maxAge());
        assertEquals(0, c.minIndex());
        assertEquals(false, c.rollWhenOverSize());
    }

    @Test
    void aWindowLargerThanLogbacksIsTheOneLogbackCutsItTo() {
        final FixedWindowRollingPolicy policy = new FixedWindowRollingPolicy();
        policy.setContext(context);
        policy.setFileNamePattern(spool.resolve("app.%i.log").toString());
        policy.setMinIndex(1);
        policy.setMaxIndex(50);
        final RollingFileAppender<ILoggingEvent> parent = new RollingFileAppender<>();
        parent.setFile(spool.resolve("app.log").toString());
        policy.setParent(parent);
        policy.start();
        final SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setMaxFileSize(FileSize.valueOf("1MB"));
        final RollingConfig c = LogbackRolling.map(policy, trigger).build();
        assertEquals(1, c.minIndex());
        assertEquals(21, c.maxIndex());
        assertTrue(c.shifting());
        assertTrue(problems(context).stream().anyMatch(m -> m.contains("Large window sizes are not allowed")), problems(context).toString());
    }

    private RollingConfig map(final TimeBasedRollingPolicy<ILoggingEvent> policy) {
        policy.setContext(context);
        final RollingFileAppender<ILoggingEvent> parent = new RollingFileAppender<>();
        parent.setFile(spool.resolve("app.log").toString());
        policy.setParent(parent);
        policy.start();
        assertTrue(policy.isStarted(), context.getStatusManager().getCopyOfStatusList().toString());
        return LogbackRolling.map(policy, policy).build();
    }

    /** The directory's files once it has {@code count} and no half-done ones (Spool compresses on its own thread). */
    private static Map<String, String> awaitContents(final Path dir, final int count) throws Exception {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        Map<String, String> m = contents(dir);
        while ((m.size() != count || m.keySet().stream().anyMatch(n -> n.contains(".rolling.") || n.endsWith(".tmp")))
            && System.nanoTime() < deadline) {
            Thread.sleep(20);
            m = contents(dir);
        }
        return m;
    }
}
