package dev.spool.log4j2;

import dev.spool.engine.testing.PerThreadOrder;
import dev.spool.engine.testing.VirtualThreads;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Callers on virtual threads (Java 21+; skipped on older JDKs, run on JDK 25 by .ci/run). */
class VirtualThreadsTest {
    @TempDir
    Path dir;

    private final StatusLines statusLines = new StatusLines(Level.WARN);

    @BeforeEach
    void listen() {
        System.setProperty("spool.test.dir", dir.toString());
        statusLines.listen();
    }

    @AfterEach
    void stopListening() {
        statusLines.stop();
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twentyThousandVirtualThreadsLogEveryEventOnceInTheirOrder() throws Exception {
        VirtualThreads.assumeAvailable();
        final LoggerContext context = Configurator.initialize("spool-vt", "classpath:virtual-threads.xml");
        final Logger logger = context.getLogger("app");
        final int threads = 20_000;
        final int events = 50;
        VirtualThreads.runAll(threads, id -> {
            for (int i = 0; i < events; i++) {
                logger.info("t{} {}", id, i);
            }
        });
        final SpoolAppender spool = context.getConfiguration().getAppender("spool");
        final var stats = spool.logObject().stats();
        Configurator.shutdown(context);
        PerThreadOrder.assertEveryEventOnceInOrder(dir.resolve("vt.log"), threads, events);
        assertEquals(0, stats.getEventsLost());
        assertTrue(stats.getCallerWaits() > 0, "callers did wait for buffers");
        assertEquals(List.of(), statusLines.lines());
    }
}
