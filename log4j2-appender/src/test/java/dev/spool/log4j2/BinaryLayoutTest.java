package dev.spool.log4j2;

import dev.spool.engine.cli.SpoolCat;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A binary log written by the Log4j2 appender (mode="binary") shown by {@code spool-cat --layout}
 * with a PatternLayout is, byte for byte, the text that PatternLayout wrote for the same events:
 * context, markers, parameterized messages and throwables with causes, suppressed ones and shared
 * frames included.
 */
class BinaryLayoutTest {
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS}{UTC} %-5p [%t] %c{1.} %X %marker - %m%n%ex";

    @TempDir
    Path dir;

    private final StatusLines statusLines = new StatusLines(Level.WARN);

    @BeforeEach
    void listen() {
        System.setProperty("spool.test.dir", dir.toString());
        statusLines.listen();
    }

    @AfterEach
    void stop() {
        statusLines.stop();
    }

    @Test
    void spoolCatWithTheLayoutWritesWhatTheLayoutWrote() throws Exception {
        final LoggerContext context = Configurator.initialize("binary-layout", "classpath:binary-layout.xml");
        final Logger logger = context.getLogger("com.example.orders.Checkout");
        ThreadContext.put("user", "ann");
        ThreadContext.put("cart", "7");
        logger.info("order {} paid in {} ms", 42, 17);
        logger.warn(MarkerManager.getMarker("AUDIT"), "refund {} for {}", "caf\u00e9 \u65e5\u672c", 12.5);
        ThreadContext.clearMap();
        final IllegalStateException failure = new IllegalStateException("order 43 failed",
            new java.io.IOException("disk full"));
        failure.addSuppressed(new IllegalArgumentException("rollback failed"));
        logger.error("checkout failed", failure);
        logger.error("no message", new RuntimeException());
        logger.info("plain text with \\{} and {} anchors");
        Configurator.shutdown(context);
        final String text = Files.readString(dir.resolve("app.log"));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = SpoolCat.run(new String[] {"--layout", "log4j2:" + PATTERN, dir.resolve("app.blog").toString()},
            out, new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, exit);
        assertEquals(text, out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), statusLines.lines());
    }
}
