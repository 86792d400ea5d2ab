package dev.spool.log4j2;

import dev.spool.engine.object.LogObjectStats;
import dev.spool.engine.testing.DiskFullScenario;
import dev.spool.engine.testing.SmallDisk;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.spool.engine.testing.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After a write failure, the first write that can succeed does, and the stop writes what it
 * holds: a disk that fills up and is grown again, a directory removed just before the stop.
 */
class RecoveryTest {
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
        System.clearProperty("spool.test.sub");
        System.clearProperty("spool.test.immediateFlush");
    }

    /** @param immediateFlush the appender's setting (its default, true, or false: events wait up to maxDelay) */
    private LoggerContext startWith(final String immediateFlush, final String sub, final String name) {
        System.setProperty("spool.test.immediateFlush", immediateFlush);
        System.setProperty("spool.test.sub", sub);
        final LoggerContext context = Configurator.initialize("spool-recovery-" + name, "classpath:recovery.xml");
        final SpoolAppender spool = context.getConfiguration().getAppender("spool");
        assertEquals(Boolean.parseBoolean(immediateFlush), spool.logObject().config().immediateFlush());
        return context;
    }

    private static LogObjectStats stats(final LoggerContext context) {
        final SpoolAppender spool = context.getConfiguration().getAppender("spool");
        return spool.logObject().stats();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void eventsLoggedAfterTheDiskGotRoomAgainAreWrittenByTheShutdown() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), "2m")) {
            final LoggerContext context = startWith("true", "disk", "disk");
            final Logger logger = context.getLogger("app");
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
            final LogObjectStats stats = stats(context);
            DiskFullScenario.fill(logging, stats);
            disk.resize("64m");
            DiskFullScenario.after(logging);
            Configurator.shutdown(context);
            DiskFullScenario.check(disk.path().resolve("app.log"), stats, status, "WARN Spool: ");
        }
    }

    @Test
    void eventsLoggedJustAfterTheDirectoryWasRemovedAreWrittenToANewFileByTheShutdown() throws Exception {
        final LoggerContext context = startWith("false", "sub", "removed");
        final Logger logger = context.getLogger("app");
        final Path file = dir.resolve("sub/app.log");
        for (int i = 0; i < 10; i++) {
            logger.info("a {}", i);
        }
        final LogObjectStats stats = stats(context);
        waitFor(() -> stats.getEventsWritten() == 10); // after maxDelay
        Files.delete(file);
        Files.delete(file.getParent());
        for (int i = 0; i < 10; i++) {
            logger.info("b {}", i);
        }
        // At once: before maxDelay (immediateFlush="false" here), and before the periodic identity check.
        Configurator.shutdown(context);

        assertEquals(List.of("b 0", "b 1", "b 2", "b 3", "b 4", "b 5", "b 6", "b 7", "b 8", "b 9"), Files.readAllLines(file));
        assertEquals(20, stats.getEventsWritten());
        assertEquals(0, stats.getEventsLost());
    }
}
