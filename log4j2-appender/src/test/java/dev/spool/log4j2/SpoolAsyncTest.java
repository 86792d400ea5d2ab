package dev.spool.log4j2;

import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.testing.TestLines;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code <SpoolAsync>} in place of {@code <Async>}. */
class SpoolAsyncTest {
    @TempDir
    Path dir;

    private final StatusLines statusLines = new StatusLines(Level.WARN);

    @BeforeEach
    void setUp() {
        System.setProperty("spool.test.dir", dir.toString());
        GateAppender.reset();
        statusLines.listen();
    }

    @AfterEach
    void tearDown() {
        GateAppender.gate.countDown();
        statusLines.stop();
    }

    @Test
    void theAppendersBehindGetWhatTheStockAsyncGivesItsOwnAndSpoolAppendersGetItDirectly() throws Exception {
        final LoggerContext context = Configurator.initialize("spool-async", "classpath:dropin/spool-async.xml");
        final Logger log = context.getLogger("com.example.Shop");
        TestLines.onThreads("t", 4, id -> {
            ThreadContext.put("user", "u" + id);
            for (int i = 0; i < 5000; i++) {
                if (i % 1000 == 999) {
                    log.warn("event {} failed", i, new IllegalStateException("boom " + i));
                } else {
                    log.info("event {}", i);
                }
            }
            ThreadContext.clearMap();
        });
        final SpoolAsyncAppender async = context.getConfiguration().getAppender("spoolAsync");
        final long dispatched = async.logObject().stats().getEventsWritten();
        Configurator.shutdown(context);
        final List<String> stock = Files.readAllLines(dir.resolve("stock.log"));
        final List<String> behind = Files.readAllLines(dir.resolve("behind-spool-async.log"));
        assertTrue(stock.size() > 20_000, stock.size() + " lines");
        TestLines.assertSameLines(stock, behind, List.of("t0 ", "t1 ", "t2 ", "t3 "));
        // The Spool appender behind took the warnings on the caller, not through the wrapper's engine.
        final List<String> warnings = Files.readAllLines(dir.resolve("warnings.log"));
        assertEquals(20, warnings.stream().filter(l -> l.matches("t\\d WARN .*")).count());
        assertTrue(warnings.stream().noneMatch(l -> l.contains(" INFO ")));
        assertTrue(dispatched <= 20_000, dispatched + " events through the wrapper's engine");
        assertEquals(List.of(), statusLines.lines());
    }

    /** Logs {@code n} numbered events from one thread and says whether it finished within 30 s. */
    private static boolean logNumbered(final Logger log, final int n) throws InterruptedException {
        return TestLines.finishesWithin30s(() -> {
            for (int i = 0; i < n; i++) {
                log.info("{}", i);
            }
        });
    }

    @Test
    void blockingFalseDropsWhatDoesNotFitAndCountsItAndTheCallerNeverWaits() throws Exception {
        System.setProperty("spool.test.blocking", "false");
        final LoggerContext context = Configurator.initialize("spool-async-drop", "classpath:dropin/spool-async-gate.xml");
        assertTrue(logNumbered(context.getLogger("x"), 10_000), "the caller finished while the appender waited");
        final LogObject async = ((SpoolAsyncAppender) context.getConfiguration().getAppender("async")).logObject();
        GateAppender.gate.countDown();
        Configurator.shutdown(context);
        final long lost = async.stats().lost(LossCause.NO_BUFFER);
        final List<String> taken = new ArrayList<>(GateAppender.TAKEN);
        assertTrue(lost > 0, "lost " + lost);
        assertEquals(10_000, taken.size() + lost);
        for (int i = 1; i < taken.size(); i++) {
            assertTrue(Integer.parseInt(taken.get(i - 1)) < Integer.parseInt(taken.get(i)), "in order at " + i);
        }
    }

    @Test
    void blockingByDefaultLosesNothingWhileTheAppenderBehindWaits() throws Exception {
        System.setProperty("spool.test.blocking", "true");
        final LoggerContext context = Configurator.initialize("spool-async-block", "classpath:dropin/spool-async-gate.xml");
        final Thread opener = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            GateAppender.gate.countDown();
        });
        opener.start();
        assertTrue(logNumbered(context.getLogger("x"), 5_000));
        Configurator.shutdown(context);
        final List<String> taken = new ArrayList<>(GateAppender.TAKEN);
        assertEquals(5_000, taken.size());
        for (int i = 0; i < taken.size(); i++) {
            assertEquals(String.valueOf(i), taken.get(i));
        }
        assertFalse(opener.isAlive() && GateAppender.gate.getCount() > 0);
    }

    @Test
    void inFrontOfSpoolAppendersOnlyThereIsNoSecondHandOff() throws Exception {
        final LoggerContext context = Configurator.initialize("spool-async-direct",
            "classpath:dropin/spool-async-spool-only.xml");
        assertTrue(logNumbered(context.getLogger("x"), 1000));
        final SpoolAsyncAppender async = context.getConfiguration().getAppender("async");
        assertEquals(null, async.logObject(), "no engine of its own");
        Configurator.shutdown(context);
        final List<String> lines = Files.readAllLines(dir.resolve("spool.log"));
        assertEquals(1000, lines.size());
        assertEquals("999", lines.get(999));
    }

    @Test
    void whatItHoldsWhenTheConfigurationStopsReachesTheAppendersBehindBeforeTheyStop() throws Exception {
        final LoggerContext context = Configurator.initialize("spool-async-stop", "classpath:dropin/spool-async-stop.xml");
        assertTrue(logNumbered(context.getLogger("x"), 20_000));
        Configurator.shutdown(context); // at once: the wrapper still holds events
        for (final String file : List.of("app.log", "audit.log")) {
            final List<String> lines = Files.readAllLines(dir.resolve(file));
            assertEquals(20_000, lines.size(), file);
            assertEquals("19999", lines.get(19_999), file);
        }
        assertEquals(List.of(), statusLines.lines());
    }
}
