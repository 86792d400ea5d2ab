package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.spool.engine.object.LogObjectStats;
import dev.spool.engine.testing.PerThreadOrder;
import dev.spool.engine.testing.VirtualThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

import static dev.spool.logback.LogbackStatus.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Callers on virtual threads (Java 21+; skipped on older JDKs, run on JDK 25 by .ci/run). */
class VirtualThreadsTest {
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
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twentyThousandVirtualThreadsLogEveryEventOnceInTheirOrder() throws Exception {
        VirtualThreads.assumeAvailable();
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/virtual-threads.xml"));
        final SpoolAppender spool = (SpoolAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("SPOOL");
        final LogObjectStats stats = spool.logObject().stats();
        final Logger logger = LoggerFactory.getLogger("app");
        final int threads = 20_000;
        final int events = 50;
        VirtualThreads.runAll(threads, id -> {
            for (int i = 0; i < events; i++) {
                logger.info("t{} {}", id, i);
            }
        });
        context.stop();
        PerThreadOrder.assertEveryEventOnceInOrder(dir.resolve("vt.log"), threads, events);
        assertEquals(0, stats.getEventsLost());
        assertTrue(stats.getCallerWaits() > 0, "callers did wait for buffers");
        assertEquals(List.of(), problems(context));
    }
}
