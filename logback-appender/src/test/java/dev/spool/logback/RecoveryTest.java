package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.spool.engine.object.LogObjectStats;
import dev.spool.engine.testing.DiskFullScenario;
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
        context = LogbackStatus.freshContext();
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
            final DiskFullScenario.Logging logging = new DiskFullScenario.Logging() {
                @Override
                public void fill(final int thread, final int i, final String pad) {
                    logger.info("fill {} {} {}", thread, i, pad);
                }

                @Override
                public void after(final int i) {
                    logger.info("after {}", i);
                }
            };
            DiskFullScenario.fill(logging, stats);
            disk.resize("64m");
            DiskFullScenario.after(logging);
            context.stop();
            DiskFullScenario.check(disk.path().resolve("app.log"), stats, problems(context), "Spool: ");
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
