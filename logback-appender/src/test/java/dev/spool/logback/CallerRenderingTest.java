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

/** Every event an encoder renders on the caller's thread is counted, and each reason said once; only binary logs do now. */
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
        final SpoolAppender binary = (SpoolAppender) context.getLogger("ROOT").getAppender("BINARY");
        assertEquals(0, pattern.logObject().stats().getEventsRenderedOnCaller(), "throwables and detached markers too");
        assertEquals(0, json.logObject().stats().getEventsRenderedOnCaller(), "any encoder");
        assertEquals(13, binary.logObject().stats().getEventsRenderedOnCaller(), "a binary log stores the encoder's output");
        final List<String> said = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() == Status.INFO && s.getMessage().contains("laid out on the caller"))
            .map(Status::getMessage).sorted().collect(Collectors.toList());
        assertEquals(List.of(
            "Spool appender \"BINARY\": events are laid out on the caller's thread: mode=binary stores the encoder's"
                + " output (counted in EventsRenderedOnCaller; said once per reason)"), said);
    }
}
