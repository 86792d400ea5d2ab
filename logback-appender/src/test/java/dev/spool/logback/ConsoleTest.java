package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.spool.engine.testing.ConsoleCapture;
import dev.spool.engine.testing.TestLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code SpoolConsoleAppender} in place of {@code ConsoleAppender}. */
class ConsoleTest {
    private LoggerContext context;

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.reset();
        }
    }

    /** What one appender of console.xml prints for the same events from three threads. */
    private String printed(final String which) throws Exception {
        System.setProperty("spool.test.console", which);
        return ConsoleCapture.stdout(() -> {
            context = LogbackStatus.freshContext();
            final JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/dropin/console.xml"));
            final Logger log = context.getLogger("com.example.Web");
            TestLines.onThreads("worker-", 3, id -> {
                MDC.put("request", "r" + id);
                for (int i = 0; i < 300; i++) {
                    log.info("request {} of thread {}", i, id);
                }
                MDC.clear();
            });
            context.stop();
            // The appender the run does not use is not started; Logback says so.
            assertEquals(List.of(), LogbackStatus.problems(context).stream()
                .filter(m -> !m.endsWith("not referenced. Skipping further processing.")).toList());
        });
    }

    @Test
    void printsWhatTheStockConsoleAppenderPrints() throws Exception {
        final String stock = printed("stock");
        final String spool = printed("spool");
        assertEquals(900, stock.lines().count());
        TestLines.assertSameLines(stock.lines().toList(), spool.lines().toList(),
            List.of("[worker-0]", "[worker-1]", "[worker-2]"));
    }

    /** The child: logs 100,000 lines of 200 bytes to a Spool console and writes how many it logged and lost. */
    public static void main(final String[] args) throws Exception {
        final LoggerContext c = (LoggerContext) LoggerFactory.getILoggerFactory();
        final Logger log = c.getLogger("child");
        final String text = "x".repeat(200);
        for (int i = 0; i < 100_000; i++) {
            log.info(text);
        }
        final SpoolAppender spool = (SpoolAppender) c.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("spool");
        Files.writeString(Path.of(args[0]),
            "logged 100000, lost so far " + spool.logObject().stats().getEventsLost() + "\n");
        System.exit(0);
    }

    @Test
    void aReaderThatStopsReadingDoesNotStopTheApplication(@TempDir final Path dir) throws Exception {
        final String said = ConsoleCapture.resultWithStdoutUnread(List.of(
            "-Dlogback.configurationFile=" + getClass().getResource("/dropin/console.xml"), "-Dspool.test.console=spool"),
            ConsoleTest.class, dir.resolve("result.txt"));
        assertTrue(said.startsWith("logged 100000, lost so far ") && !said.endsWith(" 0"), said);
    }
}
