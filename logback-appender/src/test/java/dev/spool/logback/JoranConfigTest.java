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
import java.util.List;
import java.util.stream.Collectors;

import static dev.spool.engine.testing.TestLines.assertSameLines;
import static dev.spool.engine.testing.TestLines.sorted;
import static dev.spool.logback.LogbackStatus.problems;
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
        context = LogbackStatus.freshContext();
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

    @Test
    void immediateFlushIsOnUnlessSetToFalseAsOnTheStockFileAppender() throws Exception {
        configure("side-by-side.xml");
        final SpoolAppender unset = (SpoolAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("SPOOL");
        assertTrue(unset.logObject().config().immediateFlush(), "not written: true, as on FileAppender");
        // immediateFlush=false is taken as it is: RecoveryTest's removed-directory case relies on it.
    }

    @Test
    void writesTheSameLinesAsAStockRollingFileAppenderFromManyThreads() throws Exception {
        configure("side-by-side.xml");
        assertEquals(List.of(), problems(context));
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
        assertEquals(List.of(), problems(context));
        assertSameLines("the sorted lines", sorted(stock), sorted(spool));
        for (int t = 0; t < threads; t++) {
            final String mark = "[worker-" + t + "]";
            assertEquals(stock.stream().filter(l -> l.contains(mark)).toList(),
                spool.stream().filter(l -> l.contains(mark)).toList(), "worker-" + t + "'s lines in its order");
        }
        assertEquals(List.of(), problems(context));
    }

    @Test
    void replacingAsyncAppenderAndItsFileAppenderKeepsEveryEvent() throws Exception {
        configure("async.xml");
        assertEquals(List.of(), problems(context));
        final int threads = 4;
        final int events = 50_000;
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                final Logger logger = LoggerFactory.getLogger("async");
                for (int i = 0; i < events; i++) {
                    logger.debug("{}", i); // a burst at DEBUG, which AsyncAppender discards first
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
        // What the stock pair kept, for the record: its queue discards TRACE to INFO when 80 % full.
        System.out.printf("AsyncAppender + FileAppender kept %,d of %,d events; SpoolAppender %,d%n",
            Files.readAllLines(dir.resolve("stock.log")).size(), threads * events, threads * events);
        assertEquals(List.of(), problems(context));
    }

    @Test
    void badSettingsAreStatusErrorsNamingTheAppenderAndPropertyAndTheRestKeepsWorking() throws Exception {
        configure("bad-config.xml");
        LoggerFactory.getLogger("x").info("still logged");
        LoggerFactory.getLogger("x").info("boom");
        LoggerFactory.getLogger("x").info("after");
        context.stop();
        final List<String> errors = new ArrayList<>();
        for (final Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() == Status.ERROR && s.getMessage().startsWith("Spool appender")) {
                errors.add(s.getMessage());
            }
        }
        assertEquals(List.of(
            "Spool appender \"noFile\": file is missing (without <file>, only a time based rolling policy can name the"
                + " file being written); the appender is not started",
            "Spool appender \"badSize\": spoolBufferSize=\"10 XB\" is not a size (like 256 KB or 10MB); using the"
                + " default spoolBufferSize=\"256 KB\"",
            "Spool appender \"badWhenFull\": whenFull=\"wait\" is not block or drop; using the default whenFull=\"block\"",
            "Spool appender \"badRenderOnCaller\": renderOnCaller=\"yes\" is not true or false; using the default"
                + " renderOnCaller=\"false\"",
            "Spool appender \"noEncoder\": encoder is missing (an <encoder> or a <layout>); the appender is not started",
            "Spool appender \"fixedWindowAlone\": FixedWindowRollingPolicy needs a SizeBasedTriggeringPolicy; the"
                + " appender is not started",
            "Spool appender \"badLogObject\": logObject \"child\": file is missing; it is left out",
            "Spool appender \"badMaxFileSize\": rollingPolicy SizeAndTimeBasedRollingPolicy did not start (Logback"
                + " reported why above); the appender is not started"), errors);
        final List<String> all = new ArrayList<>();
        for (final Status s : context.getStatusManager().getCopyOfStatusList()) {
            all.add(s.getMessage());
        }
        // Joran reports the bad size and the unknown class itself; the appender with the unknown
        // policy class then has no policy, and writes its file unrolled as a FileAppender would.
        assertTrue(all.stream().anyMatch(m -> m.contains("10XB")), all.toString());
        assertTrue(all.stream().anyMatch(m -> m.contains("com.example.NoSuchRollingPolicy")), all.toString());
        assertTrue(all.contains("Spool appender \"unknownPolicy\": its rolling or triggering policy could not be created"
            + " (see the error above), so " + dir.resolve("unknown-policy.log") + " is written without rolling (a stock"
            + " RollingFileAppender would not start)"), all.toString());
        assertEquals(List.of("still logged", "boom", "after"), Files.readAllLines(dir.resolve("good.log")));
        // A bad value of a Spool setting takes its default: those appenders write their files.
        for (final String file : List.of("bad-size.log", "bad-when-full.log", "bad-render-on-caller.log")) {
            assertEquals(3, Files.readAllLines(dir.resolve(file)).size(), file);
        }
        assertEquals(List.of("still logged", "boom", "after"), Files.readAllLines(dir.resolve("with-child.log")));
        // The throwing encoder costs its event only: counted, reported once, never thrown at the caller.
        // Any encoder runs on the preproc thread (as on AsyncAppender's worker): it fails there.
        assertEquals(List.of("still logged", "spool: 1 event lost here (rendering the event failed)", "after"),
            Files.readAllLines(dir.resolve("throwing.log")));
        assertTrue(all.stream().anyMatch(m -> m.startsWith("Spool: log object \"throwingEncoder\": rendering an event"
            + " failed; such events are counted as lost and written as a loss line (reported once)")), all.toString());
    }

    @Test
    void aLogObjectChildWritesTheSameEventsToABinaryLog() throws Exception {
        configure("fan-out.xml");
        final Logger logger = LoggerFactory.getLogger("com.example.Orders");
        MDC.put("user", "ann");
        logger.info("order {} paid", 42);
        logger.warn(MarkerFactory.getMarker("AUDIT"), "refund {}", "caf\u00e9");
        MDC.clear();
        logger.error("failed", new IllegalStateException("boom"));
        context.stop();
        final List<String> text = Files.readAllLines(dir.resolve("app.log"));
        assertEquals(List.of("INFO com.example.Orders ann - order 42 paid", "WARN com.example.Orders ann - refund caf\u00e9",
            "ERROR com.example.Orders  - failed", "java.lang.IllegalStateException: boom"), text.subList(0, 4));
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final int exit = dev.spool.engine.cli.SpoolCat.run(new String[] {dir.resolve("app.blog").toString()}, out,
            new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), java.io.InputStream.nullInputStream());
        assertEquals("", err.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, exit);
        final String thread = Thread.currentThread().getName();
        assertEquals("INFO [" + thread + "] com.example.Orders ann - - order 42 paid\n"
            + "WARN [" + thread + "] com.example.Orders ann AUDIT - refund caf\u00e9\n"
            + "ERROR [" + thread + "] com.example.Orders - - - failed\n",
            out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(), problems(context));
    }

    @Test
    void withoutAFileTheTimeBasedPolicyNamesTheFileBeingWrittenAsLogbackDoes() throws Exception {
        configure("no-file.xml");
        final Logger logger = LoggerFactory.getLogger("nofile");
        for (int i = 0; i < 1_000; i++) {
            logger.info("event {}", i);
        }
        context.stop();
        final String today = java.time.LocalDate.now().toString();
        final Path stockFile = dir.resolve("stock-" + today + ".log");
        final Path spoolFile = dir.resolve("spool-" + today + ".log");
        assertEquals(1_000, Files.readAllLines(stockFile).size());
        assertEquals(Files.readAllLines(stockFile), Files.readAllLines(spoolFile));
        assertEquals(List.of(), problems(context));
    }

    @Test
    void reloadingUnderLoadWritesEverythingLogbackHandsTheAppenderOnceAndInOrder() throws Exception {
        CountingFilter.SEEN.clear();
        configure("reconfigure.xml");
        final int threads = 4;
        final int[] logged = new int[threads];
        final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            workers[t] = new Thread(() -> {
                final Logger logger = LoggerFactory.getLogger("reconfigure");
                int i = 0;
                while (!done.get()) {
                    logger.info("{}", i++);
                }
                logged[thread] = i;
            }, "t" + t);
            workers[t].start();
        }
        for (int r = 0; r < 5; r++) {
            Thread.sleep(20);
            context.reset(); // a programmatic reload, as scan="true" does it
            configure("reconfigure.xml");
        }
        Thread.sleep(50); // the last configuration takes load too
        done.set(true);
        for (final Thread w : workers) {
            w.join();
        }
        context.stop();
        final java.util.Set<String> written = new java.util.HashSet<>();
        final int[] last = new int[threads];
        java.util.Arrays.fill(last, -1);
        for (final String line : Files.readAllLines(dir.resolve("reconfigure.log"))) {
            assertTrue(written.add(line), "doubled: " + line);
            final int t = line.charAt(1) - '0';
            final int i = Integer.parseInt(line.substring(3));
            assertTrue(i > last[t], "thread t" + t + " out of order at " + i);
            last[t] = i;
        }
        // Everything Logback handed to a Spool appender is on disk, once. Logback's reload resets
        // the context before it reads the new configuration; what is logged in between reaches
        // no appender at all, stock or Spool, and shows here as the difference.
        final java.util.Set<String> missing = new java.util.TreeSet<>(CountingFilter.SEEN);
        missing.removeAll(written);
        final java.util.Set<String> extra = new java.util.TreeSet<>(written);
        extra.removeAll(CountingFilter.SEEN);
        assertEquals(List.of(), List.copyOf(missing).subList(0, Math.min(20, missing.size())),
            missing.size() + " handed to the appender but not written");
        assertEquals(List.of(), List.copyOf(extra).subList(0, Math.min(20, extra.size())), extra.size() + " written but never handed over");
        long total = 0;
        for (int t = 0; t < threads; t++) {
            assertEquals(logged[t] - 1, last[t], "thread t" + t + "'s last event, logged after the last reload");
            total += logged[t];
        }
        System.out.printf("reload under load: %,d of %,d events reached an appender; Logback's reset gaps dropped %,d%n",
            written.size(), total, total - written.size());
        assertEquals(List.of(), problems(context).stream().filter(m -> m.startsWith("Spool:")).toList());
    }

    @Test
    void sockStatsWritesItsRingAndIntoASpoolAppender() throws Exception {
        configure("sockstats.xml");
        assertEquals(902, dev.spool.engine.sockstat.SockStats.global().label("logback-test-numbered").number(),
            "labelNumbers");
        moveLabelledBytes("logback-test-client");
        LoggerFactory.getLogger("x").info("an ordinary event");
        Thread.sleep(60);
        context.stop();
        final List<String> ring = new ArrayList<>();
        for (final String f : List.of("sockstats.log1.txt", "sockstats.log2.txt")) {
            if (Files.exists(dir.resolve(f))) {
                ring.addAll(Files.readAllLines(dir.resolve(f)));
            }
        }
        assertEquals(List.of(4_321L, 123L), sockSum(ring, "logback-test-client"));
        final List<String> app = Files.readAllLines(dir.resolve("app.log"));
        assertTrue(app.contains("INFO an ordinary event"), app.toString());
        assertEquals(List.of(4_321L, 123L), sockSum(app, "logback-test-client"), app + " " + context.getStatusManager().getCopyOfStatusList());
        assertTrue(app.stream().noneMatch(l -> l.contains("\"if:")), "interfaceCounters=false");
        assertEquals(List.of(), problems(context));
    }

    /** An appenderName that names no SpoolAppender: an error naming the setting, the dropped lines counted at stop. */
    @Test
    void sockStatsIntoAnAppenderThatIsNotThereIsAnErrorAndItsLinesAreCounted() throws Exception {
        configure("sockstats-no-appender.xml");
        moveLabelledBytes("logback-test-missing");
        LoggerFactory.getLogger("x").info("an ordinary event");
        Thread.sleep(60);
        context.stop();
        final List<String> errors = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(st -> st.getLevel() == ch.qos.logback.core.status.Status.ERROR).map(st -> st.getMessage()).toList();
        final String named = "SockStats \"inner\": appenderName=\"MISSING\" names no started SpoolAppender attached to a"
            + " logger of this context";
        assertEquals(named + "; its lines are dropped (counted, and the count said at stop)", errors.get(0), errors.toString());
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).matches("SockStats \"inner\": [1-9][0-9]* sockstat line\\(s\\) dropped: appenderName="
            + "\"MISSING\" names no started SpoolAppender attached to a logger of this context"), errors.get(1));
        assertEquals(List.of("INFO an ordinary event"), Files.readAllLines(dir.resolve("app.log")), "the application logs on");
    }

    /** Sends 4,321 bytes and receives 123 over loopback through a socket labelled {@code label}, past the baseline polls. */
    private static void moveLabelledBytes(final String label) throws Exception {
        final dev.spool.engine.sockstat.SockLabel client = dev.spool.engine.sockstat.SockStats.global().label(label);
        Thread.sleep(100); // past the baseline polls
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            final java.util.concurrent.CompletableFuture<Void> served = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (java.net.Socket s = listener.accept()) {
                    s.getInputStream().readNBytes(4_321);
                    s.getOutputStream().write(new byte[123]);
                } catch (final Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (java.net.Socket s = new dev.spool.engine.sockstat.LabelledSocketFactory(client)
                .createSocket(java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.getOutputStream().write(new byte[4_321]);
                s.getInputStream().readNBytes(123);
            }
            served.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** The sums of [tx, rx] of {@code label} over the sockstat JSON lines among {@code lines}. */
    private static List<Long> sockSum(final List<String> lines, final String label) throws Exception {
        final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        long tx = 0;
        long rx = 0;
        for (final String line : lines) {
            if (line.startsWith("{\"t\":")) {
                final com.fasterxml.jackson.databind.JsonNode moved = json.readTree(line).get("s").get(label);
                if (moved != null) {
                    tx += moved.get(0).asLong();
                    rx += moved.get(1).asLong();
                }
            }
        }
        return List.of(tx, rx);
    }

    /**
     * Every event an encoder renders on the caller's thread is counted, each reason said once; only
     * renderOnCaller does now. A binary log keeps the events' fields instead, for spool-cat.
     */
    @Test
    void eventsEncodedOnTheCallerAreCountedPerAppenderAndEachReasonIsSaidOnce() throws Exception {
        configure("caller-rendering.xml");
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
        final SpoolAppender asked = (SpoolAppender) context.getLogger("ROOT").getAppender("ASKED");
        assertEquals(0, pattern.logObject().stats().getEventsRenderedOnCaller(), "throwables and detached markers too");
        assertEquals(0, json.logObject().stats().getEventsRenderedOnCaller(), "any encoder");
        assertEquals(0, binary.logObject().stats().getEventsRenderedOnCaller(), "a binary log keeps the fields");
        assertEquals(13, asked.logObject().stats().getEventsRenderedOnCaller(), "renderOnCaller=true");
        final List<String> said = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() == Status.INFO && s.getMessage().contains("laid out on the caller"))
            .map(Status::getMessage).sorted().collect(Collectors.toList());
        assertEquals(List.of(
            "Spool appender \"ASKED\": events are laid out on the caller's thread: renderOnCaller=true is set"
                + " (counted in EventsRenderedOnCaller; said once per reason)"), said);
        context.stop();
        // The same bytes, whichever thread encoded them.
        assertEquals(Files.readString(dir.resolve("pattern.log")), Files.readString(dir.resolve("asked.log")));
        // The binary log's events, every field kept: shown by spool-cat as the encoder showed them, or otherwise.
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(0, dev.spool.engine.cli.SpoolCat.run(new String[] {"--format", "%<level> %<logger> - %<msg>",
            dir.resolve("binary.blog").toString()}, out, System.err, java.io.InputStream.nullInputStream()));
        final List<String> shown = List.of(out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n"));
        assertEquals(Files.readAllLines(dir.resolve("pattern.log")).stream().filter(l -> l.matches("^(INFO|ERROR) .*"))
            .map(l -> l.replaceFirst("^(\\w+) +", "$1 ")).collect(Collectors.toList()), shown);
        out.reset();
        assertEquals(0, dev.spool.engine.cli.SpoolCat.run(new String[] {"--format", "%<marker> %<msg>: %<throwable>",
            dir.resolve("binary.blog").toString()}, out, System.err, java.io.InputStream.nullInputStream()));
        final String traces = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(traces.contains("- order failed: java.lang.IllegalStateException: no stock\n"
            + "\tat dev.spool.logback.JoranConfigTest."), traces);
        assertTrue(traces.endsWith("audit order 11 audited: -\n"), traces);
    }
}
