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
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SpoolAppender configured from real logback.xml files through Joran, in the context SLF4J's
 * LoggerFactory hands out, beside the stock appenders it replaces.
 */
class JoranConfigTest {
    @TempDir
    Path dir;

    private LoggerContext context;

    @BeforeEach
    void setUp() {
        System.setProperty("spool.test.dir", dir.toString());
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        // A stopped context (the previous test stopped it) ignores stop(): start it, as at startup.
        context.start();
    }

    @AfterEach
    void tearDown() {
        context.reset();
        MDC.clear();
    }

    private void configure(final String resource) throws Exception {
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/" + resource));
    }

    private List<String> problems() {
        final List<String> out = new ArrayList<>();
        for (final Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() >= Status.WARN) {
                out.add(s.getMessage());
            }
        }
        return out;
    }

    @Test
    void writesTheSameLinesAsAStockRollingFileAppenderFromManyThreads() throws Exception {
        configure("side-by-side.xml");
        assertEquals(List.of(), problems());
        final int threads = 4;
        final int events = 2_000;
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            workers[t] = new Thread(() -> {
                final Logger logger = LoggerFactory.getLogger("com.example.shop.Checkout");
                MDC.put("user", "user-" + thread);
                for (int i = 0; i < events; i++) {
                    if (i % 100 == 0) {
                        final IllegalStateException e = new IllegalStateException("failure " + i,
                            new RuntimeException("cause"));
                        e.addSuppressed(new IllegalArgumentException("suppressed"));
                        logger.error("payment {} failed", i, e);
                    } else if (i % 7 == 0) {
                        logger.atInfo().addKeyValue("orderId", 1000 + i).addKeyValue("note", "\u00fcber")
                            .log("order {} placed", i);
                    } else if (i % 5 == 0) {
                        logger.warn(MarkerFactory.getMarker("AUDIT"), "refund {} for caf\u00e9 \u65e5\u672c", i);
                    } else if (i % 333 == 0) {
                        logger.info("huge {}: {}", i, "y".repeat(2_000));
                    } else {
                        logger.info("event {} of thread {}", i, thread);
                    }
                }
                MDC.clear();
            }, "worker-" + t);
            workers[t].start();
        }
        for (final Thread w : workers) {
            w.join();
        }
        context.stop();
        final List<String> stock = Files.readAllLines(dir.resolve("stock.log"));
        final List<String> spool = Files.readAllLines(dir.resolve("spool.log"));
        assertTrue(stock.size() > threads * events, stock.size() + " lines");
        assertEquals(List.of(), problems());
        EncoderDifferentialTest.assertSameLines(sorted(stock), sorted(spool));
        for (int t = 0; t < threads; t++) {
            final String mark = "[worker-" + t + "]";
            assertEquals(stock.stream().filter(l -> l.contains(mark)).toList(),
                spool.stream().filter(l -> l.contains(mark)).toList(), "worker-" + t + "'s lines in its order");
        }
        assertEquals(List.of(), problems());
    }

    @Test
    void replacingAsyncAppenderAndItsFileAppenderKeepsEveryEvent() throws Exception {
        configure("async.xml");
        assertEquals(List.of(), problems());
        final int threads = 4;
        final int events = 50_000;
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                final Logger logger = LoggerFactory.getLogger("async");
                for (int i = 0; i < events; i++) {
                    logger.info("{}", i);
                }
            }, "t" + t);
            workers[t].start();
        }
        for (final Thread w : workers) {
            w.join();
        }
        context.stop();
        final int[] next = new int[threads];
        for (final String line : Files.readAllLines(dir.resolve("spool.log"))) {
            final int t = line.charAt(1) - '0';
            assertEquals(next[t], Integer.parseInt(line.substring(3)), "thread t" + t + ": in order, none lost or doubled");
            next[t]++;
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(events, next[t], "events of thread t" + t);
        }
        // What the stock pair kept, for the record: its queue discards INFO events when 80 % full.
        System.out.printf("AsyncAppender + FileAppender kept %,d of %,d events; SpoolAppender %,d%n",
            Files.readAllLines(dir.resolve("stock.log")).size(), threads * events, threads * events);
        assertEquals(List.of(), problems());
    }

    private static List<String> sorted(final List<String> lines) {
        final List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }
}
