package dev.spool.log4j2;

import dev.spool.engine.testing.ConfigTwins;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static dev.spool.engine.testing.TestFiles.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configurations of well-known projects, each run as shipped (stock appenders, under
 * {@code stock/}) and swapped to Spool (under {@code spool/}) in one LoggerContext: the two
 * directories end with the same files, names and bytes.
 */
class DropInTest {
    @TempDir
    Path dir;

    private final StatusLines statusLines = new StatusLines(Level.WARN);
    private final List<String> status = statusLines.lines();

    @BeforeEach
    void listen() throws Exception {
        ConfigTwins.sides(dir);
        statusLines.listen();
    }

    @AfterEach
    void stopListening() {
        statusLines.stop();
    }

    /** A file an earlier run left in both directories, last written {@code age} ago. */
    private void leftBehind(final String name, final String text, final Duration age) throws Exception {
        ConfigTwins.leftBehind(dir, name, text, age);
    }

    private Map<String, String> run(final String fixture, final String logger, final int lines) throws Exception {
        return run(fixture, logger, lines, i -> String.format("line %04d %s", i, "-".repeat(60)));
    }

    private Map<String, String> run(final String fixture, final String logger, final int lines,
                                    final java.util.function.IntFunction<String> message) throws Exception {
        final LoggerContext context = SideBySide.start("dropin/" + fixture, dir);
        final Logger log = context.getLogger(logger);
        for (int i = 0; i < lines; i++) {
            log.info(message.apply(i));
        }
        Configurator.shutdown(context);
        final Map<String, String> stock = contents(dir.resolve("stock"));
        assertEquals(stock, contents(dir.resolve("spool")), "the same files with the same contents");
        return stock;
    }

    @Test
    void onStartupRollsTheFileAnEarlierRunLeftThenRollsBySize() throws Exception {
        leftBehind("solr.log", "INFO  [main] o.a.s.Old from the last run\n", Duration.ofHours(3));
        final Map<String, String> files = run("onstartup-size.xml", "org.apache.solr.core.SolrCore", 100);
        assertEquals("INFO  [main] o.a.s.Old from the last run\n", files.get("solr.log.1"), files.keySet().toString());
        assertTrue(files.size() > 4, files.keySet().toString());
        assertEquals(List.of(), status);
    }

    @Test
    void onStartupLeavesAFileWrittenSinceThisJvmStarted() throws Exception {
        leftBehind("solr.log", "INFO  [main] o.a.s.Earlier in this JVM\n", Duration.ZERO);
        final Map<String, String> files = run("onstartup-size.xml", "org.apache.solr.core.SolrCore", 10);
        assertEquals(List.of("solr.log"), List.copyOf(files.keySet()));
        assertTrue(files.get("solr.log").startsWith("INFO  [main] o.a.s.Earlier in this JVM\n"));
    }

    @Test
    void cronWithEvaluateOnStartupRollsAnEarlierDaysFileUnderTheDayItWasWritten() throws Exception {
        leftBehind("artemis.log", "00:01 INFO  [org.apache.activemq] two days ago\n", Duration.ofDays(2));
        leftBehind("audit.log", "INFO  [audit] two days ago\n", Duration.ofDays(2));
        final LoggerContext context = SideBySide.start("dropin/cron-on-startup.xml", dir);
        context.getLogger("org.apache.activemq.artemis").info("started");
        Configurator.shutdown(context);
        final Map<String, String> stock = contents(dir.resolve("stock"));
        final Map<String, String> spool = contents(dir.resolve("spool"));
        final LocalDate today = LocalDate.now(ZoneId.systemDefault());
        final String twoDaysAgo = today.minusDays(2).format(DateTimeFormatter.ISO_LOCAL_DATE);
        // Log4j2 names the file after the current day, whose own roll at midnight then replaces
        // it; Spool names it after the day it was written in, and says so once.
        assertEquals("00:01 INFO  [org.apache.activemq] two days ago\n", spool.remove("artemis.log." + twoDaysAgo),
            spool.keySet().toString());
        assertEquals("00:01 INFO  [org.apache.activemq] two days ago\n",
            stock.remove("artemis.log." + today.format(DateTimeFormatter.ISO_LOCAL_DATE)), stock.keySet().toString());
        // Without evaluateOnStartup the old file goes on until the next midnight, in both.
        assertEquals(stock, spool);
        assertEquals(Map.of("audit.log", "INFO  [audit] two days ago\nINFO  [org.apache.activemq.artemis] started\n"),
            Map.of("audit.log", spool.get("audit.log")));
        assertEquals(List.of("WARN Spool appender \"spool-log_file\": CronTriggeringPolicy evaluateOnStartup=\"true\": a"
            + " file from an earlier period is rolled under the name of the period it was last written in (Log4j2"
            + " names it after the current period, whose own roll then replaces it)"), status);
    }

    @Test
    void nomaxKeepsEveryIndexAndDeleteKeepsTheNewestFour() throws Exception {
        final LoggerContext context = SideBySide.start("dropin/nomax-delete.xml", dir);
        final Logger log = context.getLogger("org.opensearch.node");
        for (int i = 0; i < 200; i++) {
            log.info("line {} {}", String.format("%04d", i), "-".repeat(60));
        }
        Configurator.shutdown(context);
        final Map<String, String> stock = contents(dir.resolve("stock"));
        final Map<String, String> spool = contents(dir.resolve("spool"));
        // IfAccumulatedFileCount keeps the newest four by modification time; rolls a millisecond
        // apart can tie, and then Log4j2 keeps either of them, on both sides. So the kept gzip files
        // are counted, and everything else compared.
        for (final Map<String, String> side : List.of(stock, spool)) {
            assertEquals(4, side.keySet().stream().filter(n -> n.startsWith("server-")).count(), side.keySet().toString());
            side.keySet().removeIf(n -> n.startsWith("server-"));
        }
        assertEquals(stock, spool);
        assertTrue(spool.containsKey("all-1.log") && spool.containsKey("all-13.log"), spool.keySet().toString());
        assertEquals(List.of(), status);
    }

    @Test
    void deleteByAgeRemovesWhatTheStockDeletes() throws Exception {
        final DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyyMMdd");
        final LocalDate today = LocalDate.now(ZoneId.systemDefault());
        leftBehind("druid." + today.minusDays(20).format(day) + ".log", "old\n", Duration.ofDays(20));
        leftBehind("druid." + today.minusDays(2).format(day) + ".log", "recent\n", Duration.ofDays(2));
        leftBehind("druid.log", "INFO [main] from yesterday\n", Duration.ofDays(1));
        final Map<String, String> files = run("delete-old.xml", "org.apache.druid", 5);
        assertEquals(List.of("druid." + today.minusDays(2).format(day) + ".log",
            "druid." + today.minusDays(1).format(day) + ".log", "druid.log"), List.copyOf(files.keySet()));
        assertEquals(List.of(), status);
    }

    @Test
    void createOnDemandLeavesNoFileUntilTheFirstEventAndOtherwiseTheFileIsCreatedAtStart() throws Exception {
        final LoggerContext context = SideBySide.start("dropin/create-on-demand.xml", dir);
        assertEquals(Map.of("jvm.log", ""), contents(dir.resolve("spool")), "at start");
        context.getLogger("org.apache.hadoop.hbase.master").info("first");
        Configurator.shutdown(context);
        final Map<String, String> files = contents(dir.resolve("stock"));
        assertEquals(files, contents(dir.resolve("spool")));
        assertEquals(List.of("hbase.log", "jvm.log"), List.copyOf(files.keySet()));
        assertEquals(List.of(), status);
    }

    @Test
    void ignoreExceptionsFalseLetsAFailoverTakeTheEventsWhileTheFileCannotBeWritten() throws Exception {
        Files.createDirectories(dir.resolve("blocked")); // a directory where the file should be
        final LoggerContext context = Configurator.initialize("failover", "classpath:dropin/failover.xml");
        for (int i = 0; i < 5; i++) {
            context.getLogger("x").info("event {}", i);
        }
        Configurator.shutdown(context);
        assertEquals(List.of("event 0", "event 1", "event 2", "event 3", "event 4"),
            Files.readAllLines(dir.resolve("secondary.log")));
    }

    @Test
    void aDateLookupInTheFilePatternMakesTheSameDirectories() throws Exception {
        final Map<String, String> files = run("date-directories.xml", "com.example.App", 100);
        final String month = LocalDate.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyy-MM"));
        final String day = LocalDate.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("MM-dd-yyyy"));
        assertTrue(files.containsKey(month + "/app-" + day + "-5.log.gz"), files.keySet().toString());
        assertEquals(List.of("WARN Spool appender \"spool-RollingFile\": filePattern date lookups name the directory by"
            + " the rolled period's time (Log4j2 takes the time of the roll, which at a boundary is the next period's)"),
            status);
    }

    @Test
    void filePermissionsAndGroupAreThoseOfTheStockFiles() throws Exception {
        final Path probe = Files.createTempFile(dir, "probe", ".txt");
        System.setProperty("spool.test.group", Files.readAttributes(probe, PosixFileAttributes.class).group().getName());
        Files.delete(probe);
        final Map<String, String> files = run("file-permissions.xml", "org.opensearch.node", 100);
        assertTrue(files.containsKey("opensearch-3.log.gz"), files.keySet().toString());
        for (final String name : files.keySet()) {
            final PosixFileAttributes stock = Files.readAttributes(dir.resolve("stock").resolve(name),
                PosixFileAttributes.class);
            final PosixFileAttributes spool = Files.readAttributes(dir.resolve("spool").resolve(name),
                PosixFileAttributes.class);
            assertEquals("rw-r-----", PosixFilePermissions.toString(stock.permissions()), "stock " + name);
            assertEquals("rw-r-----", PosixFilePermissions.toString(spool.permissions()), "spool " + name);
            assertEquals(stock.group(), spool.group(), name);
        }
    }

    @Test
    void eachRolledFileStartsWithTheHeaderAndEndsWithTheFooter() throws Exception {
        final Map<String, String> files = run("headers.xml", "com.example.App", 60);
        assertTrue(files.size() > 6, files.keySet().toString());
        for (final Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().endsWith(".log")) {
                assertTrue(f.getValue().startsWith("# file start\n") && f.getValue().endsWith("# file end\n"),
                    f.getKey() + ": " + f.getValue());
            } else {
                assertTrue(f.getValue().startsWith("[") && f.getValue().strip().endsWith("]"),
                    f.getKey() + ": " + f.getValue());
            }
        }
    }

    @Test
    void anApplicationsPolicyThatHandsOverToAStockOneRollsAsThatOne() throws Exception {
        final Map<String, String> files = run("application-policy.xml", "org.springframework.boot.App", 60);
        assertTrue(files.size() > 3, files.keySet().toString());
        assertEquals(List.of(), status);
    }

    @Test
    void aPolicyWhosePluginIsMissingLeavesTheFileUnrolledAsTheStockDoes() throws Exception {
        final Map<String, String> files = run("missing-policy.xml", "org.springframework.boot.App", 60);
        assertEquals(List.of("spring.log"), List.copyOf(files.keySet()));
        assertEquals(60, files.get("spring.log").lines().count());
        assertTrue(status.contains("WARN Spool appender \"spool-File\": filePattern \"" + dir.resolve("spool")
            + "/spring.log.%d{yyyy-MM-dd}.%i.gz\" is set but no triggering policy Spool can use is given: the file is"
            + " not rolled"), status.toString());
    }

    @Test
    void everyCompressionLog4j2WritesAndTheGzipLevel() throws Exception {
        // Lines that differ enough for the compression level to change the bytes.
        final Map<String, String> files = run("compressions.xml", "com.example.App", 150,
            i -> "line " + i + " " + Integer.toHexString(i * 0x9E3779B9) + " " + Long.toString(i * 1103515245L + 12345, 36)
                + " " + Integer.toOctalString(i * i * 7919));
        for (final String format : List.of("bz2", "xz", "zst", "deflate")) {
            assertTrue(files.containsKey(format + "-3.log." + format), files.keySet().toString());
        }
        // gzip at level 1: Spool's file is the stock's byte for byte, and not what the default level writes.
        final byte[] stock = Files.readAllBytes(dir.resolve("stock/gz1-1.log.gz"));
        assertTrue(java.util.Arrays.equals(stock, Files.readAllBytes(dir.resolve("spool/gz1-1.log.gz"))));
        final java.io.ByteArrayOutputStream atDefault = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(atDefault)) {
            gz.write(files.get("gz1-1.log.gz").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(!java.util.Arrays.equals(stock, atDefault.toByteArray()), "the level makes a difference here");
        assertEquals(List.of(), status);
    }

    /** Runs a configuration that holds the stock appender and its Spool twin itself (not XML, so not twinned here). */
    private void runAsWritten(final String fixture, final String logger, final int lines) throws Exception {
        final LoggerContext context = Configurator.initialize("as-written-" + fixture, "classpath:dropin/" + fixture);
        final Logger log = context.getLogger(logger);
        for (int i = 0; i < lines; i++) {
            log.info("line {} {}", String.format("%04d", i), "-".repeat(60));
        }
        Configurator.shutdown(context);
    }

    @Test
    void aYamlConfigurationAsKafkaShipsIt() throws Exception {
        runAsWritten("kafka-log4j2.yaml", "kafka.server.KafkaServer", 20);
        final Map<String, String> files = contents(dir.resolve("stock"));
        assertEquals(files, contents(dir.resolve("spool")));
        assertEquals(List.of("server.log"), List.copyOf(files.keySet()));
        assertEquals(20, files.get("server.log").lines().count());
        assertEquals(List.of(), status);
    }

    @Test
    void aPropertiesConfigurationAsFlinkShipsIt() throws Exception {
        leftBehind("flink.log", "INFO  from the last run\n", Duration.ofHours(2));
        runAsWritten("flink-log4j.properties", "org.apache.flink.runtime.taskexecutor.TaskExecutor", 40);
        final Map<String, String> stock = contents(dir.resolve("stock"));
        final Map<String, String> spool = contents(dir.resolve("spool"));
        // The old file is rolled at start, then the file by size (8 lines of 143 bytes a file).
        assertEquals(List.of("flink.log", "flink.log.1", "flink.log.2", "flink.log.3", "flink.log.4", "flink.log.5"),
            List.copyOf(spool.keySet()));
        assertEquals("INFO  from the last run\n", spool.get("flink.log.1"));
        // The stock RollingFile dates a file by its creation time, which a test cannot set back,
        // so it appends to the file this test made instead; the lines are the same.
        assertTrue(stock.get("flink.log.1").startsWith("INFO  from the last run\nINFO "), stock.get("flink.log.1"));
        assertEquals(stock.values().stream().flatMap(String::lines).sorted().toList(),
            spool.values().stream().flatMap(String::lines).sorted().toList());
        assertEquals(List.of(), status);
    }
}
