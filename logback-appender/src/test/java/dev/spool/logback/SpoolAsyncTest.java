package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.testing.TestLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code SpoolAsyncAppender} in place of {@code AsyncAppender}. */
class SpoolAsyncTest {
    @TempDir
    Path dir;

    private LoggerContext context;

    @BeforeEach
    void setUp() {
        System.setProperty("spool.test.dir", dir.toString());
        context = LogbackStatus.freshContext();
        GateAppender.reset();
    }

    @AfterEach
    void tearDown() {
        GateAppender.gate.countDown();
        context.reset();
    }

    private void configure(final String resource) throws Exception {
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource(resource));
    }

    /** Logs {@code n} numbered events from one thread and says whether it finished within 30 s. */
    private boolean logNumbered(final int n) throws InterruptedException {
        final Logger log = context.getLogger("x");
        return TestLines.finishesWithin30s(() -> {
            for (int i = 0; i < n; i++) {
                log.info("{}", i);
            }
        });
    }

    @Test
    void theAppendersBehindGetWhatTheStockAsyncGivesItsOwnAndSpoolAppendersGetItDirectly() throws Exception {
        configure("/dropin/async.xml");
        final Logger log = context.getLogger("com.example.Shop");
        TestLines.onThreads("t", 4, id -> {
            MDC.put("user", "u" + id);
            for (int i = 0; i < 5000; i++) {
                if (i % 1000 == 999) {
                    log.warn("event {} failed", i);
                } else {
                    log.info("event {}", i);
                }
            }
            MDC.clear();
        });
        final LogObject async = ((SpoolAsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME)
            .getAppender("spoolAsync")).logObject();
        context.stop();
        final List<String> stock = Files.readAllLines(dir.resolve("stock.log"));
        final List<String> behind = Files.readAllLines(dir.resolve("behind-spool-async.log"));
        assertEquals(20_000, stock.size());
        TestLines.assertSameLines(stock, behind, List.of("t0 ", "t1 ", "t2 ", "t3 "));

        assertEquals(20, Files.readAllLines(dir.resolve("warnings.log")).size());
        assertEquals(20_000, async.stats().getEventsWritten(), "each event through the wrapper's engine once");
        assertEquals(List.of(), LogbackStatus.problems(context));
    }

    @Test
    void neverBlockDropsWhatDoesNotFitAndCountsItAndTheCallerNeverWaits() throws Exception {
        System.setProperty("spool.test.neverBlock", "true");
        configure("/dropin/async-gate.xml");
        assertTrue(logNumbered(10_000), "the caller finished while the appender waited");
        final LogObject async = ((SpoolAsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("async"))
            .logObject();
        GateAppender.gate.countDown();
        context.stop();
        final long lost = async.stats().lost(LossCause.NO_BUFFER);
        final List<String> taken = List.copyOf(GateAppender.TAKEN);
        assertTrue(lost > 0, "lost " + lost);
        assertEquals(10_000, taken.size() + lost);
        for (int i = 1; i < taken.size(); i++) {
            assertTrue(Integer.parseInt(taken.get(i - 1)) < Integer.parseInt(taken.get(i)), "in order at " + i);
        }
    }

    @Test
    void byDefaultNothingIsLostWhileTheAppenderBehindWaits() throws Exception {
        System.setProperty("spool.test.neverBlock", "false");
        configure("/dropin/async-gate.xml");
        final Thread opener = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            GateAppender.gate.countDown();
        });
        opener.start();
        assertTrue(logNumbered(5_000));
        context.stop();
        final List<String> taken = List.copyOf(GateAppender.TAKEN);
        assertEquals(5_000, taken.size());
        for (int i = 0; i < taken.size(); i++) {
            assertEquals(String.valueOf(i), taken.get(i));
        }
    }

    @Test
    void inFrontOfSpoolAppendersOnlyThereIsNoSecondHandOff() throws Exception {
        configure("/dropin/async-spool-only.xml");
        assertTrue(logNumbered(1000));
        final SpoolAsyncAppender async = (SpoolAsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME)
            .getAppender("async");
        assertEquals(null, async.logObject(), "no engine of its own");
        context.stop();
        final List<String> lines = Files.readAllLines(dir.resolve("spool.log"));
        assertEquals(1000, lines.size());
        assertEquals("999", lines.get(999));
    }
}
