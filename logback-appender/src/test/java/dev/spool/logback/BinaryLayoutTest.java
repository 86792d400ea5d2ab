package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.spool.engine.cli.SpoolCat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.spool.logback.LogbackStatus.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A binary log written by the Logback appender (mode=binary) shown by {@code spool-cat --layout}
 * with a pattern is, byte for byte, the text the pattern encoder wrote for the same events:
 * context, markers, parameterized messages and throwables with causes, suppressed ones and shared
 * frames included.
 */
class BinaryLayoutTest {
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS,UTC} %-5level [%thread] %logger{20} %mdc %marker - %msg%n%ex";

    @TempDir
    Path dir;

    private LoggerContext context;

    @BeforeEach
    void setUp() throws Exception {
        System.setProperty("spool.test.dir", dir.toString());
        context = LogbackStatus.freshContext();
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/binary-layout.xml"));
    }

    @AfterEach
    void tearDown() {
        context.reset();
        MDC.clear();
    }

    @Test
    void spoolCatWithTheLayoutWritesWhatTheEncoderWrote() throws Exception {
        final Logger logger = context.getLogger("com.example.orders.Checkout");
        MDC.put("user", "ann");
        MDC.put("cart", "7");
        logger.info("order {} paid in {} ms", 42, 17);
        logger.warn(MarkerFactory.getMarker("AUDIT"), "refund {} for {}", "caf\u00e9 \u65e5\u672c", 12.5);
        MDC.clear();
        final IllegalStateException failure = new IllegalStateException("order 43 failed",
            new java.io.IOException("disk full"));
        failure.addSuppressed(new IllegalArgumentException("rollback failed"));
        logger.error("checkout failed", failure);
        logger.error("no message", new RuntimeException());
        logger.info("plain text with \\{} and {} anchors");
        final List<String> said = problems(context);
        context.stop();
        final String text = Files.readString(dir.resolve("app.log"));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = SpoolCat.run(new String[] {"--layout", "logback:" + PATTERN, dir.resolve("app.blog").toString()},
            out, new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, exit);
        assertEquals(text, out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), said);
    }
}
