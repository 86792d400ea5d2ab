package dev.spool.log4j2;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.StringMapMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.spool.engine.testing.TestFiles.contents;
import static dev.spool.engine.testing.TestLines.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spool plugin loaded from real log4j2.xml files, beside the stock appenders it replaces. */
class SpoolAppenderTest {
    @TempDir
    Path dir;

    private final StatusLines statusLines = new StatusLines(Level.WARN);
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

    private LoggerContext start(final String config) {
        return Configurator.initialize("spool-test-" + config, "classpath:" + config);
    }

    @Test
    void writesTheSameLinesAsAStockRandomAccessFileFromManyThreads() throws Exception {
        final LoggerContext context = start("side-by-side.xml");
        final Logger logger = context.getLogger("com.example.shop.Checkout");
        final Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            final int id = t;
            threads[t] = new Thread(() -> {
                ThreadContext.put("user", "user-" + id);
                for (int i = 0; i < 5000; i++) {
                    if (i % 500 == 0) {
                        logger.error("event {} failed for {}", i, "caf\u00e9 \u65e5\u672c",
                            new IllegalStateException("outer " + i, new RuntimeException("cause")));
                    } else {
                        logger.info("event {} of thread {}: {}", i, id, "x".repeat(i % 7 == 0 ? 2000 : 10));
                    }
                }
                ThreadContext.clearMap();
            }, "t" + t);
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        Configurator.shutdown(context);
        final List<String> stock = Files.readAllLines(dir.resolve("stock.log"));
        final List<String> spool = Files.readAllLines(dir.resolve("spool.log"));
        assertTrue(stock.size() > 20_000, stock.size() + " lines");
        assertEquals(sorted(stock), sorted(spool), "the same lines");
        for (int t = 0; t < threads.length; t++) {
            assertEquals(ofThread(stock, t), ofThread(spool, t), "thread t" + t + "'s lines in its own order");
        }
        assertEquals(List.of(), status);
    }

    @Test
    void immediateFlushIsOnUnlessSetToFalseAsOnTheStockAppenders() throws Exception {
        final LoggerContext unset = start("side-by-side.xml");
        final SpoolAppender spool = unset.getConfiguration().getAppender("spool");
        assertTrue(spool.logObject().config().immediateFlush(), "not written: true, as on RandomAccessFile");
        Configurator.shutdown(unset);
        // immediateFlush="false" is taken as it is: RecoveryTest's removed-directory case relies on it.
        assertEquals(List.of(), status);
    }

    @Test
    void aJsonTemplateWithLocationIsLaidOutOffTheCallerAndWritesTheSameLinesAsTheStockAppender() throws Exception {
        final LoggerContext context = start("json-side-by-side.xml");
        final Logger logger = context.getLogger("com.example.shop.Checkout");
        ThreadContext.put("user", "ann");
        for (int i = 0; i < 300; i++) {
            if (i % 50 == 0) {
                final IllegalStateException e = new IllegalStateException("failure " + i, new RuntimeException("cause"));
                e.addSuppressed(new IllegalArgumentException("suppressed"));
                logger.error("payment {} failed", i, e);
            } else if (i % 41 == 0) {
                logger.info(new org.apache.logging.log4j.message.StringMapMessage().with("order", i).with("state", "paid"));
            } else {
                logger.info("order {} paid: caf\u00e9 \"quoted\"", i);
            }
        }
        ThreadContext.clearMap();
        final SpoolAppender spool = context.getConfiguration().getAppender("spool");
        final long onCaller = spool.logObject().stats().getEventsRenderedOnCaller();
        Configurator.shutdown(context);
        final List<String> stock = Files.readAllLines(dir.resolve("stock.log"));
        assertEquals(300, stock.size());
        assertTrue(stock.get(1).contains("\"line_number\":"), stock.get(1));
        assertEquals(stock, Files.readAllLines(dir.resolve("spool.log")));
        assertEquals(0, onCaller, "every event laid out on the preproc thread");
        assertEquals(List.of(), status);
    }

    private static List<String> ofThread(final List<String> lines, final int t) {
        final List<String> out = new ArrayList<>();
        for (final String l : lines) {
            if (l.contains(" [t" + t + "] ")) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void rollsToTheSameFilesAsAStockRollingRandomAccessFile() throws Exception {
        final LoggerContext context = start("rolling-side-by-side.xml");
        final Logger logger = context.getLogger("roll");
        for (int i = 0; i < 120; i++) {
            logger.info("{}{}", String.format("%04d", i), "-".repeat(95));
        }
        Configurator.shutdown(context);
        final Map<String, String> stock = contents(dir.resolve("stock"));
        assertTrue(stock.size() > 2, stock.keySet().toString());
        assertEquals(stock, contents(dir.resolve("spool")));
    }

    @Test
    void reconfiguringUnderLoadLosesDoublesAndTruncatesNothing() throws Exception {
        final LoggerContext context = start("reconfigure.xml");
        final int threads = 4;
        final int events = 100_000;
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                final Logger logger = context.getLogger("reconfigure");
                for (int i = 0; i < events; i++) {
                    logger.info("{}", i);
                }
            }, "t" + t);
            workers[t].start();
        }
        int reconfigurations = 0;
        for (int r = 0; r < 5; r++) {
            Thread.sleep(20);
            context.reconfigure(); // a new Configuration with a new Spool appender on the same file
            reconfigurations++;
        }
        for (final Thread w : workers) {
            w.join();
        }
        Configurator.shutdown(context);
        final int[] next = new int[threads];
        for (final String line : Files.readAllLines(dir.resolve("reconfigure.log"))) {
            final int t = line.charAt(1) - '0';
            assertEquals(next[t], Integer.parseInt(line.substring(3)), "thread t" + t + ": in order, none lost or doubled");
            next[t]++;
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(events, next[t], "events of thread t" + t);
        }
        assertEquals(5, reconfigurations);
        assertEquals(List.of(), status);
    }

    @Test
    void aReconfigurationWithANewPatternLaysOutEachEventWithTheLayoutItWasLoggedUnder() throws Exception {
        final LoggerContext context = start("reconfigure-a.xml");
        final int threads = 4;
        final int events = 50_000;
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                final Logger logger = context.getLogger("switch");
                for (int i = 0; i < events; i++) {
                    logger.info("{}", i);
                }
            }, "t" + t);
            workers[t].start();
        }
        final String[] configs = {"reconfigure-b.xml", "reconfigure-a.xml", "reconfigure-b.xml"};
        for (final String config : configs) {
            Thread.sleep(15);
            context.setConfigLocation(getClass().getResource("/" + config).toURI());
        }
        for (final Thread w : workers) {
            w.join();
        }
        Configurator.shutdown(context);
        final int[] next = new int[threads];
        final char[] format = new char[threads];
        final int[] switches = new int[threads];
        final java.util.Set<Character> seen = new java.util.TreeSet<>();
        for (final String line : Files.readAllLines(dir.resolve("switch.log"))) {
            assertTrue(line.matches("[AB] t[0-3] \\d+"), line);
            final int t = line.charAt(3) - '0';
            assertEquals(next[t], Integer.parseInt(line.substring(5)), "thread t" + t + ": in order, none lost or doubled");
            next[t]++;
            if (format[t] != 0 && format[t] != line.charAt(0)) {
                switches[t]++;
            }
            format[t] = line.charAt(0);
            seen.add(line.charAt(0));
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(events, next[t], "events of thread t" + t);
            // A thread's events change pattern only where the configuration changed: an old
            // event laid out with the new pattern (or back) would add switches.
            assertTrue(switches[t] <= configs.length, "thread t" + t + " switched " + switches[t] + " times");
        }
        assertEquals(java.util.Set.of('A', 'B'), seen);
        assertTrue(status.stream().allMatch(m -> m.startsWith("WARN Spool appender \"spool\" takes over the open file ")
            && m.endsWith(": its layout applies at once, but buffer size and count stay as they were until no appender"
            + " uses the file")), status.toString());
        // Switching to b changes the buffer size of the object a opened; switching back does not.
        assertEquals(2, status.size(), status.toString());
    }

    @Test
    void aBadValueIsOneErrorNamingItAndTheDefaultUsedAndTheFileIsStillWritten() throws Exception {
        final LoggerContext context = start("bad-values.xml");
        context.getLogger("x").info("still logged");
        Configurator.shutdown(context);
        assertEquals(List.of(
            "ERROR Spool appender \"badSize\": spoolBufferSize=\"10 XB\" is not a size (like 256 KB or 10MB); using the"
                + " default spoolBufferSize=\"256 KB\"",
            "WARN Spool appender \"noPolicy\": filePattern \"" + dir + "/b-%i.log\" is set but no triggering policy Spool"
                + " can use is given: the file is not rolled",
            "ERROR Spool appender \"badWhenFull\": whenFull=\"wait\" is not block or drop; using the default"
                + " whenFull=\"block\"",
            "ERROR Spool appender \"badRenderOnCaller\": renderOnCaller=\"yes\" is not true or false; using the default"
                + " renderOnCaller=\"false\"",
            "ERROR Spool appender \"badImmediateFlush\": immediateFlush=\"sometimes\" is not true or false; using the"
                + " default immediateFlush=\"true\"",
            "ERROR Spool appender \"outOfRange\": maxDelay=\"0 ms\" is out of range: must be between 1 ms and 1 h; using"
                + " the default maxDelay=\"1 s\"",
            "ERROR Spool appender \"outOfRange\": spoolBufferSize=\"2 GB\" is out of range: must be between 1 KB and 1 GB;"
                + " using the default spoolBufferSize=\"256 KB\"",
            "ERROR Spool appender \"outOfRange\": spoolBufferCount=\"0\" is out of range: must be between 2 and 65536;"
                + " using the default spoolBufferCount=\"8\""), status);
        for (final String file : List.of("a.log", "b.log", "c.log", "d.log", "e.log", "f.log", "stock.log")) {
            assertEquals(List.of("still logged"), Files.readAllLines(dir.resolve(file)), file);
        }
    }

    @Test
    void aLayoutThatThrowsIsCountedAndReportedAndNeverReachesTheCaller() throws Exception {
        final LoggerContext context = start("side-by-side.xml");
        final org.apache.logging.log4j.core.config.Configuration config = context.getConfiguration();
        final org.apache.logging.log4j.core.Layout<String> broken = new org.apache.logging.log4j.core.layout.AbstractStringLayout(
            StandardCharsets.UTF_8) {
            @Override
            public String toSerializable(final org.apache.logging.log4j.core.LogEvent event) {
                throw new IllegalStateException("layout broke");
            }

            @Override
            public void encode(final org.apache.logging.log4j.core.LogEvent event,
                               final org.apache.logging.log4j.core.layout.ByteBufferDestination destination) {
                throw new IllegalStateException("layout broke");
            }
        };
        final SpoolAppender appender = SpoolAppender.newBuilder().setName("broken")
            .setFileName(dir.resolve("broken.log").toString()).setLayout(broken).setConfiguration(config).build();
        appender.start();
        appender.append(org.apache.logging.log4j.core.impl.Log4jLogEvent.newBuilder().setLoggerName("x")
            .setLevel(org.apache.logging.log4j.Level.INFO)
            .setMessage(new org.apache.logging.log4j.message.SimpleMessage("m")).build());
        // Any layout runs on the preproc thread (as under async loggers): its failure is counted there.
        final dev.spool.engine.object.LogObject object = appender.logObject();
        appender.stop();
        final long lost = object.stats().lost(dev.spool.engine.object.LossCause.RENDER_FAILED);
        Configurator.shutdown(context);
        assertEquals(1, lost);
        assertTrue(status.stream().anyMatch(m -> m.startsWith("WARN Spool: log object \"broken\": rendering an event"
            + " failed; such events are counted as lost and written as a loss line (reported once)")), status.toString());
    }

    /** Spool's waitWarning attribute reaches the log object (the engine counts and says waits by it). */
    @Test
    void theWaitWarningAttributeReachesTheLogObject() {
        final SpoolAppender appender = SpoolAppender.newBuilder().setName("waits")
            .setFileName(dir.resolve("waits.log").toString()).setWaitWarning("250ms")
            .setLayout(PatternLayout.newBuilder().setPattern("%m%n").build())
            .setConfiguration(new org.apache.logging.log4j.core.config.DefaultConfiguration()).build();
        appender.start();
        try {
            assertEquals(java.time.Duration.ofMillis(250), appender.logObject().config().waitWarning());
        } finally {
            appender.stop();
        }
    }

    /** As Log4j2's File appender: a header starts a new file, a footer ends it when it is closed, not on a takeover. */
    @Test
    void aLayoutsHeaderStartsANewFileAndItsFooterEndsItWhenTheFileIsClosed() throws Exception {
        final org.apache.logging.log4j.core.config.Configuration config =
            new org.apache.logging.log4j.core.config.DefaultConfiguration();
        final java.util.function.Supplier<SpoolAppender> appender = () -> SpoolAppender.newBuilder().setName("hf")
            .setFileName(dir.resolve("hf.log").toString()).setConfiguration(config)
            .setLayout(PatternLayout.newBuilder().setConfiguration(config).setPattern("%m%n").setHeader("H%n")
                .setFooter("F%n").build())
            .build();
        final java.util.function.BiConsumer<SpoolAppender, String> log = (a, m) -> a.append(
            org.apache.logging.log4j.core.impl.Log4jLogEvent.newBuilder().setLoggerName("x")
                .setLevel(org.apache.logging.log4j.Level.INFO)
                .setMessage(new org.apache.logging.log4j.message.SimpleMessage(m)).build());
        final SpoolAppender first = appender.get();
        first.start();
        log.accept(first, "1");
        final SpoolAppender second = appender.get(); // a reconfiguration: it takes the open file over
        second.start();
        first.stop();
        log.accept(second, "2");
        second.stop();
        final SpoolAppender third = appender.get(); // the file exists: appended to, no header
        third.start();
        log.accept(third, "3");
        third.stop();
        assertEquals(List.of("H", "1", "2", "F", "3", "F"), Files.readAllLines(dir.resolve("hf.log")));
    }

    @Test
    void aLogObjectChildWritesTheSameEventsToABinaryLog() throws Exception {
        final LoggerContext context = start("fan-out.xml");
        final Logger logger = context.getLogger("com.example.Orders");
        ThreadContext.put("user", "ann");
        logger.info("order {} paid", 42);
        logger.warn(org.apache.logging.log4j.MarkerManager.getMarker("AUDIT"), "refund {}", "caf\u00e9");
        ThreadContext.clearMap();
        logger.error("failed", new IllegalStateException("boom"));
        Configurator.shutdown(context);
        assertEquals(List.of("INFO com.example.Orders ann - order 42 paid", "WARN com.example.Orders ann - refund caf\u00e9",
            "ERROR com.example.Orders  - failed"), Files.readAllLines(dir.resolve("app.log")).subList(0, 3));
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final int exit = dev.spool.engine.cli.SpoolCat.run(new String[] {dir.resolve("app.blog").toString()}, out,
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8), java.io.InputStream.nullInputStream());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, exit);
        final String thread = Thread.currentThread().getName();
        assertEquals("INFO [" + thread + "] com.example.Orders ann - - order 42 paid\n"
            + "WARN [" + thread + "] com.example.Orders ann AUDIT - refund caf\u00e9\n"
            + "ERROR [" + thread + "] com.example.Orders - - - failed\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), status);
    }

    @Test
    void anArgumentWhoseToStringThrowsIsWrittenAsTheStockAppenderWritesIt() throws Exception {
        final LoggerContext context = start("side-by-side.xml");
        final Object bad = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString broke");
            }
        };
        context.getLogger("x").info("value: {}", bad);
        Configurator.shutdown(context);
        final List<String> stock = Files.readAllLines(dir.resolve("stock.log"));
        assertEquals(1, stock.size());
        assertTrue(stock.get(0).contains("=>java.lang.IllegalStateException:toString broke!!!]"), stock.get(0));
        assertEquals(stock, Files.readAllLines(dir.resolve("spool.log")));
    }

    @Test
    void aConverterThatThrowsOnThePreprocThreadIsCountedAndTheRestIsWritten() throws Exception {
        final LoggerContext context = start("failing-converter.xml");
        final Logger logger = context.getLogger("x");
        logger.info("before");
        logger.info("boom");
        logger.info("after");
        final SpoolAppender appender = context.getConfiguration().getAppender("spool");
        final dev.spool.engine.object.LogObject object = appender.logObject();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (object.stats().getEventsWritten() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        final long failed = object.stats().lost(dev.spool.engine.object.LossCause.RENDER_FAILED);
        logger.info("later");
        Configurator.shutdown(context);
        assertEquals(1, failed);
        assertEquals(List.of("ok before", "spool: 1 event lost here (rendering the event failed)", "ok after", "ok later"),
            Files.readAllLines(dir.resolve("spool.log")));
        assertTrue(status.stream().anyMatch(m -> m.startsWith("WARN Spool: log object \"spool\": rendering an event"
            + " failed; such events are counted as lost and written as a loss line (reported once)")), status.toString());
    }

    @Test
    void aMissingFileNameIsAStatusErrorNamingTheAppenderAndTheOthersKeepWorking() throws Exception {
        final LoggerContext context = start("bad-config.xml");
        context.getLogger("x").info("still logged");
        Configurator.shutdown(context);
        assertTrue(status.contains("ERROR Spool appender \"broken\": fileName is missing (or target, for the console);"
            + " the appender is not created"),
            status.toString());
        assertEquals(List.of("still logged"), Files.readAllLines(dir.resolve("stock.log")));
    }

    /**
     * Every event a layout renders on the caller's thread is counted, each reason said once; only
     * renderOnCaller does now. A binary log keeps the events' fields instead, for spool-cat.
     */
    @Test
    void eventsLaidOutOnTheCallerAreCountedPerAppenderAndEachReasonIsSaidOnce() throws Exception {
        final StatusLines info = new StatusLines(Level.INFO).listen();
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
            final SpoolAppender asked = context.getConfiguration().getAppender("asked");
            assertEquals(0, pattern.logObject().stats().getEventsRenderedOnCaller(), "throwables and MapMessages too");
            assertEquals(0, json.logObject().stats().getEventsRenderedOnCaller(), "any layout");
            assertEquals(0, binary.logObject().stats().getEventsRenderedOnCaller(), "a binary log keeps the fields");
            assertEquals(13, asked.logObject().stats().getEventsRenderedOnCaller(), "renderOnCaller=\"true\"");
            assertEquals(List.of(
                "INFO Spool appender \"asked\": events are laid out on the caller's thread: renderOnCaller=\"true\" is"
                    + " set (counted in EventsRenderedOnCaller; said once per reason)"),
                info.lines().stream().filter(s -> s.contains("laid out on the caller")).sorted().collect(Collectors.toList()));
        } finally {
            Configurator.shutdown(context);
            info.stop();
        }
        // The same bytes, whichever thread laid them out.
        assertEquals(Files.readString(dir.resolve("pattern.log")), Files.readString(dir.resolve("asked.log")));
        // The binary log's events, every field kept: shown by spool-cat as the Layout showed them, or otherwise.
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(0, dev.spool.engine.cli.SpoolCat.run(new String[] {"--format", "%<level> %<logger> - %<msg>",
            dir.resolve("binary.blog").toString()}, out, System.err, java.io.InputStream.nullInputStream()));
        final List<String> shown = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
        assertEquals(Files.readAllLines(dir.resolve("pattern.log")).stream().filter(l -> l.startsWith("INFO")
            || l.startsWith("ERROR")).map(l -> l.replaceFirst("^(\\w+) +", "$1 ")).collect(Collectors.toList()), shown);
        out.reset();
        assertEquals(0, dev.spool.engine.cli.SpoolCat.run(new String[] {"--format", "%<msg>: %<throwable>",
            dir.resolve("binary.blog").toString()}, out, System.err, java.io.InputStream.nullInputStream()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("order failed: java.lang.IllegalStateException: no stock\n"
            + "\tat dev.spool.log4j2.SpoolAppenderTest."), out.toString(StandardCharsets.UTF_8));
    }
}
