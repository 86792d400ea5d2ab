package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.spool.engine.object.LogObjectStats;
import dev.spool.engine.testing.SmallDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.spool.engine.testing.Conditions.waitFor;
import static dev.spool.logback.LogbackStatus.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a write failure, the first write that can succeed does, and the stop writes what it
 * holds: a disk that fills up and is grown again, a directory removed just before the stop.
 */
class RecoveryTest {
    @TempDir
    Path dir;

    private LoggerContext context;

    @BeforeEach
    void setUp() {
        System.setProperty("spool.test.dir", dir.toString());
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getStatusManager().clear();
        context.start();
    }

    @AfterEach
    void tearDown() {
        context.reset();
        System.clearProperty("spool.test.sub");
        System.clearProperty("spool.test.immediateFlush");
    }

    /** @param immediateFlush the appender's setting (its default, true, or false: events wait up to maxDelay) */
    private LogObjectStats startWith(final String immediateFlush, final String sub) throws Exception {
        System.setProperty("spool.test.immediateFlush", immediateFlush);
        System.setProperty("spool.test.sub", sub);
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/recovery.xml"));
        final SpoolAppender spool = (SpoolAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("SPOOL");
        assertEquals(Boolean.parseBoolean(immediateFlush), spool.logObject().config().immediateFlush());
        return spool.logObject().stats();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void eventsLoggedAfterTheDiskGotRoomAgainAreWrittenByTheStop() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), "2m")) {
            final LogObjectStats stats = startWith("true", "disk");
            final Logger logger = LoggerFactory.getLogger("app");
            final String pad = "x".repeat(180);
            final Thread[] threads = new Thread[2];
            for (int t = 0; t < threads.length; t++) {
                final int id = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 15_000; i++) {
                        logger.info("fill {} {} {}", id, i, pad); // 2 x 15,000 x ~200 bytes: 6 MB
                    }
                });
                threads[t].start();
            }
            for (final Thread t : threads) {
                t.join();
            }
            waitFor(() -> stats.getEventsWritten() + stats.getEventsLostWriteFailed() == 30_000);
            assertTrue(stats.getEventsLostWriteFailed() > 0, "the disk filled up");
            disk.resize("64m");
            for (int i = 0; i < 1000; i++) {
                logger.info("after {}", i);
            }
            context.stop();

            final Path file = disk.path().resolve("app.log");
            final List<String> lines = Files.readAllLines(file);
            for (final String line : lines.subList(0, lines.size() - 1000)) {
                assertTrue(line.matches("fill [01] \\d+ x{180}"), "whole lines only: [" + line + "]");
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals("after " + i, lines.get(lines.size() - 1000 + i));
            }
            assertEquals(lines.size(), stats.getEventsWritten(), "every event counted as written is in the file");
            assertEquals(30_000 + 1000, stats.getEventsWritten() + stats.getEventsLostWriteFailed(), "the rest counted");
            // Reported when it broke and when it worked again; a nearly full disk may take a small
            // write between two failures, and then says so again.
            final List<String> status = problems(context);
            final String broke = "Spool: cannot write log file " + file + ": IOException: No space left on device;"
                + " events are counted as lost until it works again, each later write tries again";
            final String works = "Spool: log file " + file + " works again after ";
            assertTrue(status.size() >= 2 && status.size() % 2 == 0, status.toString());
            for (int i = 0; i < status.size(); i += 2) {
                assertEquals(broke, status.get(i));
                assertTrue(status.get(i + 1).startsWith(works), status.toString());
            }
        }
    }

    @Test
    void eventsLoggedJustAfterTheDirectoryWasRemovedAreWrittenToANewFileByTheStop() throws Exception {
        final LogObjectStats stats = startWith("false", "sub");
        final Logger logger = LoggerFactory.getLogger("app");
        final Path file = dir.resolve("sub/app.log");
        for (int i = 0; i < 10; i++) {
            logger.info("a {}", i);
        }
        waitFor(() -> stats.getEventsWritten() == 10); // after maxDelay
        Files.delete(file);
        Files.delete(file.getParent());
        for (int i = 0; i < 10; i++) {
            logger.info("b {}", i);
        }
        // At once: before maxDelay (immediateFlush false here), and before the periodic identity check.
        context.stop();

        assertEquals(List.of("b 0", "b 1", "b 2", "b 3", "b 4", "b 5", "b 6", "b 7", "b 8", "b 9"), Files.readAllLines(file));
        assertEquals(20, stats.getEventsWritten());
        assertEquals(0, stats.getEventsLost());
    }
}
