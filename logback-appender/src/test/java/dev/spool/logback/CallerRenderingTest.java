package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every event an encoder renders on the caller's thread is counted, and each reason said once. */
class CallerRenderingTest {
    @TempDir
    Path dir;

    private LoggerContext context;

    @BeforeEach
    void setUp() {
        System.setProperty("spool.test.dir", dir.toString());
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getStatusManager().clear();
        context.start();
    }

    @AfterEach
    void tearDown() {
        context.reset();
    }

    @Test
    void eventsEncodedOnTheCallerAreCountedPerAppenderAndEachReasonIsSaidOnce() throws Exception {
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/caller-rendering.xml"));
        final Logger logger = LoggerFactory.getLogger("com.example.Orders");
        for (int i = 0; i < 10; i++) {
            logger.info("order {} placed", i);
        }
        logger.error("order failed", new IllegalStateException("no stock"));
        logger.error("order failed again", new IllegalStateException("still no stock"));
        logger.info(MarkerFactory.getDetachedMarker("audit"), "order 11 audited");

        final SpoolAppender pattern = (SpoolAppender) context.getLogger("ROOT").getAppender("PATTERN");
        final SpoolAppender json = (SpoolAppender) context.getLogger("ROOT").getAppender("JSON");
        assertEquals(1, pattern.logObject().stats().getEventsRenderedOnCaller(), "the detached marker; throwables are not");
        assertEquals(13, json.logObject().stats().getEventsRenderedOnCaller(), "every event");
        final List<String> said = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() == Status.INFO && s.getMessage().contains("laid out on the caller"))
            .map(Status::getMessage).sorted().collect(Collectors.toList());
        assertEquals(List.of(
            "Spool appender \"JSON\": events are laid out on the caller's thread: the encoder"
                + " ch.qos.logback.classic.encoder.JsonEncoder is not a pattern encoder (counted in"
                + " EventsRenderedOnCaller; said once per reason)",
            "Spool appender \"PATTERN\": events are laid out on the caller's thread: a marker that is not the"
                + " registered marker of its name (counted in EventsRenderedOnCaller; said once per reason)"), said);
    }
}
