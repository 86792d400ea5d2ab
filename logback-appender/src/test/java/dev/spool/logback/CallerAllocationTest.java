package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What SpoolAppender itself allocates on the caller's thread, once warm: nothing, for a compiled
 * pattern and for Spring Boot's file pattern alike. Logback makes
 * an event per call (and formats its message); that is Logback's, so the test feeds the appender
 * one event, already formatted, again and again, and counts the thread's allocated bytes.
 */
class CallerAllocationTest {
    private static final int CALLS = 200_000;

    @TempDir
    Path dir;

    /** A compiled pattern, and Spring Boot's file pattern (its converters, on events rebuilt from records). */
    @ParameterizedTest
    @ValueSource(strings = {"%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} %X{user} - %msg%n",
        EncoderDifferentialTest.SPRING_BOOT_FILE_PATTERN})
    void theAppendersOwnPathAllocatesNothingOnceWarm(final String pattern) throws Exception {
        final LoggerContext context = new LoggerContext();
        final SpoolAppender appender = started(context, pattern, "alloc", a -> { });
        assertTrue(appender.encodesFromRecords());
        context.getMDCAdapter().put("user", "ann"); // the MDC map as Logback's adapter keeps it
        final LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("com.example.Probe"),
            Level.INFO, "Request {} completed in {} us", null, new Object[] {123456, 789});
        event.getMDCPropertyMap();
        event.getFormattedMessage();
        event.getThreadName();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long me = Thread.currentThread().getId();
        double perCall = Double.NaN;
        final StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < 6; round++) { // five to warm up, the last one counts
            final long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < CALLS; i++) {
                appender.doAppend(event);
            }
            perCall = (threads.getThreadAllocatedBytes(me) - before) / (double) CALLS;
            rounds.append(String.format(" %.2f", perCall));
        }
        appender.stop();
        assertTrue(perCall < 1.0, "bytes per call in each round:" + rounds);
        final java.util.List<String> lines = Files.readAllLines(dir.resolve("alloc.log"));
        assertEquals(6 * CALLS, lines.size());
        assertTrue(lines.get(0).endsWith(pattern.startsWith("%d{yyyy-MM-dd HH")
            ? " INFO  [" + Thread.currentThread().getName() + "] com.example.Probe ann - Request 123456 completed in 789 us"
            // %correlationId with no trace in the MDC: its 49 columns blank.
            : " INFO 4242 --- [shop] [" + Thread.currentThread().getName() + "] [" + " ".repeat(49) + "] "
                + "com.example.Probe" + " ".repeat(23) + " : Request 123456 completed in 789 us"), lines.get(0));
    }

    /** Spool's waitWarning attribute reaches the log object (the engine counts and says waits by it). */
    @org.junit.jupiter.api.Test
    void theWaitWarningAttributeReachesTheLogObject() {
        final SpoolAppender appender = started(new LoggerContext(), "%msg%n", "waits", a -> a.setWaitWarning("250ms"));
        try {
            assertEquals(java.time.Duration.ofMillis(250), appender.logObject().config().waitWarning());
        } finally {
            appender.stop();
        }
    }

    /** A started SpoolAppender writing {@code name}.log with {@code pattern}, Spring Boot's converters registered. */
    private SpoolAppender started(final LoggerContext context, final String pattern, final String name,
                                  final java.util.function.Consumer<SpoolAppender> settings) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        EncoderDifferentialTest.springBoot(context);
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        final SpoolAppender appender = new SpoolAppender();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(dir.resolve(name + ".log").toString());
        appender.setEncoder(encoder);
        settings.accept(appender);
        appender.start();
        return appender;
    }
}
