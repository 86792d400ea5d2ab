package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import dev.spool.engine.testing.ConfigTwins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static dev.spool.engine.testing.TestFiles.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configurations of well-known projects, each run as shipped (stock appenders, under
 * {@code stock/}) and with the appender class changed to Spool's (under {@code spool/}) in one
 * LoggerContext: the two directories end with the same files, names and bytes.
 */
class DropInTest {
    @TempDir
    Path dir;

    private LoggerContext context;

    @BeforeEach
    void setUp() throws Exception {
        ConfigTwins.sides(dir);
        context = LogbackStatus.freshContext();
    }

    @AfterEach
    void tearDown() {
        context.reset();
    }

    /** Warnings and errors the configuration and the run gave. */
    private List<String> problems() {
        return LogbackStatus.problems(context);
    }

    private Map<String, String> run(final String fixture, final String logger, final int lines) throws Exception {
        return run(fixture, logger, lines, () -> { });
    }

    /** As {@link #run(String, String, int)}, with a look at the configured context before the events. */
    private Map<String, String> run(final String fixture, final String logger, final int lines, final Runnable check)
        throws Exception {
        SideBySide.configure(context, "dropin/" + fixture, dir);
        check.run();
        final Logger log = LoggerFactory.getLogger(logger);
        for (int i = 0; i < lines; i++) {
            log.info("line {} {}", String.format("%04d", i), "-".repeat(60));
        }
        context.stop();
        final Map<String, String> stock = contents(dir.resolve("stock"));
        assertEquals(stock, contents(dir.resolve("spool")), "the same files with the same contents");
        return stock;
    }

    /** A file an earlier run left in both directories, last written {@code age} ago. */
    private void leftBehind(final String name, final String text, final Duration age) throws Exception {
        ConfigTwins.leftBehind(dir, name, text, age);
    }

    @Test
    void fixedWindowWithZipAndXz() throws Exception {
        final Map<String, String> files = run("fixed-window-xz.xml", "org.apache.cassandra.service.StorageService", 100);
        assertTrue(files.containsKey("system.log.3.zip") && files.containsKey("xz.log.3.xz"), files.keySet().toString());
        assertEquals(List.of(), problems());
    }

    @Test
    void cleanHistoryOnStartDeletesOldPeriodsAtStartAndOtherwiseTheyWaitForARoll() throws Exception {
        final LocalDate today = LocalDate.now(ZoneId.systemDefault());
        for (final String d : List.of("clean", "keep")) {
            leftBehind(d + "/app." + today.minusDays(20) + ".log", "twenty days ago\n", Duration.ofDays(20));
            leftBehind(d + "/app." + today.minusDays(10) + ".log", "ten days ago\n", Duration.ofDays(10));
            leftBehind(d + "/app." + today.minusDays(1) + ".log", "yesterday\n", Duration.ofDays(1));
        }
        final Map<String, String> files = run("clean-history.xml", "org.apache.nifi.NiFi", 3);
        assertEquals(List.of("clean/app." + today.minusDays(1) + ".log", "clean/app.log",
            "keep/app." + today.minusDays(20) + ".log", "keep/app." + today.minusDays(10) + ".log",
            "keep/app." + today.minusDays(1) + ".log", "keep/app.log"), List.copyOf(files.keySet()));
        assertEquals(List.of(), problems());
    }

    @Test
    void aPlainFileAppenderWithAppendFalseStartsTheFileAfreshAndNamesItsFile() throws Exception {
        leftBehind("flink.log", "from the last run\n", Duration.ofHours(1));
        SideBySide.configure(context, "dropin/plain-file.xml", dir);
        final SpoolAppender spool = (SpoolAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            .getAppender("spool-file");
        assertEquals(dir.resolve("spool/flink.log").toString(), spool.getFile());
        LoggerFactory.getLogger("org.apache.flink.runtime.taskexecutor.TaskExecutor").info("started");
        context.stop();
        final Map<String, String> stock = contents(dir.resolve("stock"));
        assertEquals(stock, contents(dir.resolve("spool")));
        assertTrue(stock.get("flink.log").endsWith(" - started\n") && stock.get("flink.log").lines().count() == 1,
            stock.toString());
        assertEquals(List.of(), problems());
    }

    @Test
    void prudentWritesUnderTheFilesLockAndARollingFileIsNamedByItsPattern() throws Exception {
        final Map<String, String> files = run("prudent.xml", "com.example.Shared", 5, () -> {
            for (final String name : List.of("spool-SHARED", "spool-DAILY")) {
                final SpoolAppender a = (SpoolAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .getAppender(name);
                assertTrue(a.logObject().config().lockEachWrite(), name);
            }
        });
        assertEquals(List.of("daily." + LocalDate.now(ZoneId.systemDefault()) + ".log", "shared.log"),
            List.copyOf(files.keySet()));
        final List<String> warnings = problems();
        assertTrue(warnings.contains("Spool appender \"spool-DAILY\": prudent mode: <file> is left out, the file being"
            + " written is named by the pattern (as RollingFileAppender does)"), warnings.toString());
    }

    @Test
    void eachRolledFileStartsWithTheHeaderAndEndsWithTheFooter() throws Exception {
        leftBehind("app.log", "from the last run\n", Duration.ofHours(1)); // Logback writes a header at every start
        final Map<String, String> files = run("headers.xml", "com.example.App", 40);
        assertTrue(files.keySet().stream().filter(n -> n.endsWith(".framed")).count() >= 3, files.keySet().toString());
        for (final Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().endsWith(".framed")) {
                assertTrue(f.getValue().startsWith("-- file start --") && f.getValue().strip().endsWith("-- file end --"),
                    f.getKey() + ": " + f.getValue());
            }
        }
        assertTrue(files.values().stream().anyMatch(t -> t.startsWith("from the last run\n#logback.classic pattern:"
            + " %msg%n\n")), files.toString());
        assertEquals(List.of(), problems());
    }

    @Test
    void siftedAppendersOfOneNameWriteTheirOwnFilesForEachKey() throws Exception {
        SideBySide.configure(context, "dropin/sifted.xml", dir);
        final Logger log = LoggerFactory.getLogger("org.apache.rocketmq.store");
        final Thread[] threads = new Thread[3];
        for (int t = 0; t < threads.length; t++) {
            final String broker = t == 0 ? null : "broker-" + t;
            threads[t] = new Thread(() -> {
                if (broker != null) {
                    org.slf4j.MDC.put("brokerContainerLogDir", broker);
                }
                for (int i = 0; i < 135; i++) {
                    log.info("put message {} of {}", i, broker);
                }
            }, "t" + t);
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        context.stop();
        final Map<String, String> stock = contents(dir.resolve("stock"));
        assertEquals(stock, contents(dir.resolve("spool")));
        for (final String broker : List.of("main", "broker-1", "broker-2")) {
            assertEquals(135, stock.get(broker + "/stats.log").lines().count(), broker);
            assertTrue(stock.containsKey(broker + "/store.1.log.gz"), stock.keySet().toString());
        }
        assertEquals(List.of(), problems());
    }
}
