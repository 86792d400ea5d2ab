package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.StringCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MarkerFactory;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which Logback pattern encoders run as compiled byte renderers, and what they write.
 * {@link CompiledPattern#compile} only answers non-null after its own sample events came out as
 * the encoder writes them; {@link EncoderDifferentialTest} proves the same through the appender,
 * from several threads.
 */
class CompiledPatternTest {
    private static final LoggerContext CONTEXT = new LoggerContext();

    static {
        CONTEXT.setMDCAdapter(new LogbackMDCAdapter());
    }

    private static PatternLayoutEncoder encoder(final String pattern) {
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(CONTEXT);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n",
        "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n",
        "%d{ISO8601} %-5level [%thread] %logger - %msg%n",
        "%date %level %logger{0} user=%X{user:-anonymous} req=%X{request} #%sn - %message%n%ex",
        "%d{yyyy-MM-dd HH:mm:ss.SSS, UTC} %5p %c{20} %m%n%xEx",
        "%d{\"yyyy-MM-dd'T'HH:mm:ss,SSS\", America/New_York} %p %m%n%rEx",
        "%.-1level %20.20thread %-30.-30logger{0} %.10msg%n",
        "%marker %kvp %msg%n%nopex",
        "%d{HH:mm:ss.SSS} %relative %sn %-5level %logger{15} %marker %kvp - %msg%n",
        "%.-1level %-20.20logger %20.-30msg %micros%n",
        "%d %level %msg%n%ex{short}",
        "%d{ISO8601} %-5level [%thread] %logger - %msg%n%ex",
        "%msg"})
    void commonPatternsCompile(final String pattern) {
        assertNotNull(CompiledPattern.compile(encoder(pattern), CONTEXT), pattern);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%highlight(%-5level) %msg%n",
        "%d %caller{1} %m%n",
        "%C{1}.%M:%L %m%n",
        "%X %m%n",
        "%replace(%msg){'a', 'b'}%n",
        "%d{HH:mm:ss.SSS, UTC, fr} %m%n",
        "%d{\"EEE, d MMM yyyy HH:mm:ss\"} %m%n",
        "%contextName %m%n",
        "%kvp{DOUBLE} %m%n"})
    void otherPatternsAreLeftToLogback(final String pattern) {
        assertNull(CompiledPattern.compile(encoder(pattern), CONTEXT), pattern);
    }

    @Test
    void writesWhatTheEncoderWritesAndDeclinesEventsItCannotShow() {
        final PatternLayoutEncoder encoder = encoder("%d{HH:mm:ss.SSS} [%-12.12thread] %-5level %logger{15} %X{user:-anon}"
            + " %marker - %msg%n%ex");
        final CompiledPattern compiled = CompiledPattern.compile(encoder, CONTEXT);
        assertNotNull(compiled);
        final LoggingEvent plain = event("org.example.shop.Checkout", "w\u00f6rker-thread-number-7", "caf\u00e9 \u65e5\u672c");
        plain.setMDCPropertyMap(Map.of("user", "ann"));
        final LoggingEvent noUser = event("Checkout", "main", "x");
        noUser.setMDCPropertyMap(Map.of());
        for (final LoggingEvent e : new LoggingEvent[] {plain, noUser}) {
            final TextOutput out = new TextOutput(64);
            assertTrue(render(compiled, e, null, out));
            assertEquals(new String(encoder.encode(e), StandardCharsets.UTF_8),
                new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8));
        }
        assertEquals("[ead-number-7] INFO  o.e.s.Checkout ann  - caf\u00e9 \u65e5\u672c" + System.lineSeparator(),
            text(compiled, plain).substring(13));

        // A throwable or a marker the pattern shows: the encoder's own, and out is left as it was.
        final TextOutput out = new TextOutput(64);
        out.write('#');
        assertFalse(render(compiled, plain, new ThrowableProxy(new IllegalStateException("x")), out));
        plain.addMarker(MarkerFactory.getMarker("AUDIT"));
        assertFalse(render(compiled, plain, null, out));
        assertEquals(1, out.length());
    }

    @Test
    void theAppenderUsesTheCompiledPattern(@TempDir final Path dir) throws Exception {
        final SpoolAppender appender = started(dir, "compiled", "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        final SpoolAppender fallback = started(dir, "fallback", "%highlight(%-5level) %msg%n");
        try {
            assertTrue(appender.encodesFromRecordBytes());
            assertFalse(fallback.encodesFromRecordBytes());
            assertTrue(fallback.encodesOffThread());
            appender.doAppend(event("com.example.Shop", "main", "paid"));
        } finally {
            appender.stop();
            fallback.stop();
        }
        assertEquals(List.of(LocalDateTime.ofInstant(Instant.ofEpochMilli(1_763_802_902_123L), ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")) + " INFO  [main] com.example.Shop - paid"),
            Files.readAllLines(dir.resolve("compiled.log")));
    }

    /** SLF4J's formatting, done on the preproc thread from the template and the arguments, compiled or not. */
    @ParameterizedTest
    @ValueSource(strings = {"%-5level %msg%n", "%replace(%msg){'#', '+'}%n"})
    void messagesFormattedFromTheirArgumentsAreWhatLogbackFormats(final String pattern) {
        final PatternLayoutEncoder encoder = encoder(pattern);
        final CompiledPattern compiled = CompiledPattern.compile(encoder, CONTEXT);
        assertEquals(pattern.startsWith("%-5level"), compiled != null);
        final LogbackRecord.Renderer renderer = new LogbackRecord.Renderer(encoder, CONTEXT);
        final Object[][] messages = {
            {"order {} paid by {} in {} ms", 42, "ann caf\u00e9 \uD83D\uDE00", 1.5},
            {"{}{}{} #{}", null, true, 'x', (byte) 7},
            {"\\{} is literal, \\\\{} is a backslash and {}, then {} and {}", "a", "b", "c"},
            {"more anchors {} {} {} than arguments", Long.MAX_VALUE},
            {"more arguments {} than anchors", Long.MIN_VALUE, 2, 3},
            {"no anchors at all", 1},
            {"{}", 0.1f},
            {"{} on {}", java.util.concurrent.TimeUnit.SECONDS, java.time.DayOfWeek.MONDAY},
            {"{} {} {} {}", java.math.BigDecimal.valueOf(-12345, 3), java.math.BigInteger.TEN.pow(30),
                java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                java.time.Instant.ofEpochSecond(1_763_802_902L, 5)},
            {"trailing brace {", 1},
            {"{", 2}};
        for (final Object[] m : messages) {
            final LoggingEvent e = new LoggingEvent(CompiledPatternTest.class.getName(), CONTEXT.getLogger("x"),
                Level.INFO, (String) m[0], null, Arrays.copyOfRange(m, 1, m.length));
            e.setThreadName("main");
            e.setTimeStamp(1_763_802_902_123L);
            final RecordView view = view(e);
            assertTrue(!view.isNull(LogbackRecord.ARGUMENTS), "formatted on the preproc thread: " + m[0]);
            final String expected = new String(encoder.encode(e), StandardCharsets.UTF_8);
            final TextOutput out = new TextOutput(64);
            if (compiled != null) {
                assertTrue(compiled.render(view, new StringCache(16), e.getTimeStamp() * 1_000_000L, null, out));
            } else {
                renderer.render(view, new StringCache(16), new StringCache(16), e.getTimeStamp() * 1_000_000L, null, out);
            }
            assertEquals(expected, new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8));
        }
    }

    /** Logback formats a message the first time it is asked; the appender does not ask when it can defer. */
    @Test
    void logbackDoesNotFormatADeferrableMessageOnTheCaller(@TempDir final Path dir) throws Exception {
        final SpoolAppender appender = started(dir, "deferred", "%msg%n");
        final LoggingEvent deferrable = new LoggingEvent(CompiledPatternTest.class.getName(), CONTEXT.getLogger("x"),
            Level.INFO, "order {} paid by {}", null, new Object[] {42, "ann"});
        final StringBuilder mutable = new StringBuilder("cart 1");
        final LoggingEvent notDeferrable = new LoggingEvent(CompiledPatternTest.class.getName(), CONTEXT.getLogger("x"),
            Level.INFO, "order {} paid for {}", null, new Object[] {43, mutable});
        try {
            appender.doAppend(deferrable);
            appender.doAppend(notDeferrable);
            mutable.append(" changed after the call");
        } finally {
            appender.stop();
        }
        final java.lang.reflect.Field formatted = LoggingEvent.class.getDeclaredField("formattedMessage");
        formatted.setAccessible(true);
        assertNull(formatted.get(deferrable), "Logback was not asked to format it");
        assertEquals("order 43 paid for cart 1", formatted.get(notDeferrable));
        assertEquals(List.of("order 42 paid by ann", "order 43 paid for cart 1"),
            Files.readAllLines(dir.resolve("deferred.log")));
    }

    @Test
    void rendersWithoutAllocatingOnceWarm() {
        final CompiledPattern compiled = CompiledPattern.compile(
            encoder("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} %X{user} - %msg%n"), CONTEXT);
        assertNotNull(compiled);
        final LoggingEvent event = event("com.example.shop.checkout.PaymentService", "http-nio-8080-exec-1",
            "Request 123456 completed in 789 us");
        event.setMDCPropertyMap(Map.of("user", "ann", "request", "r-1"));
        final RecordView view = view(event);
        final StringCache names = new StringCache(64);
        final TextOutput out = new TextOutput(256);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long me = Thread.currentThread().getId();
        final long nanos = event.getTimeStamp() * 1_000_000L;
        long perCall = -1;
        for (int round = 0; round < 5; round++) { // four to warm up, the last one counts
            final long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < 100_000; i++) {
                out.reset();
                compiled.render(view, names, nanos + i * 1_000_000L, null, out);
            }
            perCall = (threads.getThreadAllocatedBytes(me) - before) / 100_000;
        }
        assertEquals(0, perCall, "bytes per render");
    }

    /** A started appender writing {@code name}.log in {@code dir} with a pattern encoder. */
    private static SpoolAppender started(final Path dir, final String name, final String pattern) {
        final SpoolAppender appender = new SpoolAppender();
        appender.setContext(CONTEXT);
        appender.setName(name);
        appender.setFile(dir.resolve(name + ".log").toString());
        appender.setEncoder(encoder(pattern));
        appender.start();
        return appender;
    }

    private static LoggingEvent event(final String logger, final String thread, final String message) {
        final LoggingEvent e = new LoggingEvent(CompiledPatternTest.class.getName(), CONTEXT.getLogger(logger),
            Level.INFO, message, null, null);
        e.setThreadName(thread);
        e.setTimeStamp(1_763_802_902_123L);
        return e;
    }

    private static RecordView view(final LoggingEvent event) {
        final RecordWriter writer = new RecordWriter();
        LogbackRecord.capture(event, false, writer);
        final RecordView view = new RecordView();
        assertNull(view.wrap(ByteBuffer.wrap(Arrays.copyOf(writer.array(), writer.length())).order(ByteOrder.LITTLE_ENDIAN),
            0, writer.length(), event.getTimeStamp() * 1_000_000L, LogbackRecord.SLOTS));
        return view;
    }

    private static boolean render(final CompiledPattern compiled, final LoggingEvent event, final Object thrown,
                                  final TextOutput out) {
        return compiled.render(view(event), new StringCache(16), event.getTimeStamp() * 1_000_000L, thrown, out);
    }

    private static String text(final CompiledPattern compiled, final LoggingEvent event) {
        final TextOutput out = new TextOutput(64);
        assertTrue(render(compiled, event, null, out));
        return new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8);
    }
}
