package dev.spool.log4j2;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.message.StringMapMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every event a layout renders on the caller's thread is counted, and each reason said once; only binary logs do now. */
class CallerRenderingTest {
    @TempDir
    Path dir;

    private final StatusLines statusLines = new StatusLines(Level.INFO);
    private final List<String> status = statusLines.lines();

    @BeforeEach
    void listen() {
        System.setProperty("spool.test.dir", dir.toString());
        statusLines.listen();
    }

    @AfterEach
    void stopListening() {
        statusLines.stop();
    }

    @Test
    void eventsLaidOutOnTheCallerAreCountedPerAppenderAndEachReasonIsSaidOnce() {
        final LoggerContext context = Configurator.initialize("caller-rendering", "classpath:caller-rendering.xml");
        try {
            final Logger logger = context.getLogger("com.example.Orders");
            for (int i = 0; i < 10; i++) {
                logger.info("order {} placed", i);
            }
            logger.error("order failed", new IllegalStateException("no stock"));
            logger.error("order failed again", new IllegalStateException("still no stock"));
            logger.info(new StringMapMessage().with("order", "11").with("state", "placed"));

            final SpoolAppender pattern = context.getConfiguration().getAppender("pattern");
            final SpoolAppender json = context.getConfiguration().getAppender("json");
            final SpoolAppender binary = context.getConfiguration().getAppender("binary");
            assertEquals(0, pattern.logObject().stats().getEventsRenderedOnCaller(), "throwables and MapMessages too");
            assertEquals(0, json.logObject().stats().getEventsRenderedOnCaller(), "any layout");
            assertEquals(13, binary.logObject().stats().getEventsRenderedOnCaller(), "a binary log stores the layout's output");
            assertEquals(List.of(
                "INFO Spool appender \"binary\": events are laid out on the caller's thread: mode=\"binary\" stores the"
                    + " layout's output (counted in EventsRenderedOnCaller; said once per reason)"),
                status.stream().filter(s -> s.contains("laid out on the caller")).sorted().collect(Collectors.toList()));
        } finally {
            Configurator.shutdown(context);
        }
    }
}
