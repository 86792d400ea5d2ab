package dev.spool.log4j2;

import dev.spool.engine.testing.ConsoleCapture;
import dev.spool.engine.testing.TestLines;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code <Spool target="SYSTEM_OUT">} in place of {@code <Console>}. */
class ConsoleTest {
    @TempDir
    Path dir;

    /** What one appender of console.xml prints for the same events from three threads. */
    private static String printed(final String which) throws Exception {
        System.setProperty("spool.test.console", which);
        return ConsoleCapture.stdout(() -> {
            final LoggerContext context = Configurator.initialize("console-" + which, "classpath:dropin/console.xml");
            final Logger log = context.getLogger("com.example.Web");
            TestLines.onThreads("worker-", 3, id -> {
                ThreadContext.put("request", "r" + id);
                for (int i = 0; i < 300; i++) {
                    if (i % 100 == 7) {
                        log.error("request {} failed", i, new IllegalStateException("boom " + i));
                    } else {
                        log.info("request {} of thread {}", i, id);
                    }
                }
                ThreadContext.clearMap();
            });
            Configurator.shutdown(context);
        });
    }

    @Test
    void printsWhatTheStockConsolePrints() throws Exception {
        final String stock = printed("stock");
        final String spool = printed("spool");
        assertTrue(stock.lines().count() > 900, stock.lines().count() + " lines");
        TestLines.assertSameLines(stock.lines().toList(), spool.lines().toList(),
            List.of("[worker-0]", "[worker-1]", "[worker-2]"));
    }

    /** The child: logs 100,000 lines of 200 bytes to a Spool console and writes how many it logged and lost. */
    public static void main(final String[] args) throws Exception {
        final Logger log = LogManager.getLogger("child");
        final String text = "x".repeat(200);
        for (int i = 0; i < 100_000; i++) {
            log.info(text);
        }
        final SpoolAppender spool = (SpoolAppender) ((org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false))
            .getConfiguration().getAppender("spool");
        Files.writeString(Path.of(args[0]),
            "logged 100000, lost so far " + spool.logObject().stats().getEventsLost() + "\n");
        System.exit(0);
    }

    @Test
    void aReaderThatStopsReadingDoesNotStopTheApplication() throws Exception {
        final String said = ConsoleCapture.resultWithStdoutUnread(List.of(
            "-Dlog4j2.configurationFile=classpath:dropin/console.xml", "-Dspool.test.console=spool"), ConsoleTest.class,
            dir.resolve("result.txt"));
        assertTrue(said.startsWith("logged 100000, lost so far ") && !said.endsWith(" 0"), said);
    }
}
