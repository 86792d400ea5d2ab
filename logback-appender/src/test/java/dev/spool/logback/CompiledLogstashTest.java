package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.StringCache;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.spool.engine.testing.TestLines.assertSameLines;
import static dev.spool.engine.testing.TestLines.assertSameLinesOfEachThread;
import static dev.spool.engine.testing.TestLines.runOnThreads;
import static dev.spool.engine.testing.TestLines.sorted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LogstashEncoder's documents written by {@link CompiledLogstash}: the same bytes as the encoder
 * for the settings it takes, the encoder itself for events and settings it does not.
 */
class CompiledLogstashTest {
    private static final int THREADS = 4;
    private static final int EVENTS = 2_000;

    @TempDir
    Path dir;

    private static LoggerContext context() {
        final LoggerContext context = new LoggerContext();
        context.setName("shop");
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private static LogstashEncoder encoder(final LoggerContext context, final Consumer<LogstashEncoder> settings) {
        final LogstashEncoder encoder = new LogstashEncoder();
        settings.accept(encoder);
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    /** Settings a user sets and the compiled form follows: names, versions, constant fields, a zone. */
    private static Consumer<LogstashEncoder> settings(final String which) {
        switch (which) {
            case "default":
                return e -> { };
            case "custom":
                return e -> {
                    e.setCustomFields("{\"service\":\"shop\",\"env\":\"pr\u00f6d\"}");
                    e.setVersion("2");
                    e.setTimeZone("Europe/Paris");
                    final LogstashFieldNames names = new LogstashFieldNames();
                    names.setTimestamp("time");
                    names.setLogger("logger");
                    names.setLevelValue("[ignore]");
                    e.setFieldNames(names);
                };
            default:
                throw new IllegalArgumentException(which);
        }
    }

    /**
     * Events of every kind, with the time of each one's index: plain, with MDC entries, non-ASCII,
     * control characters, arguments (formatted; not written as fields), and those the encoder must
     * write itself (throwable, marker, key-value pair, structured argument, an MDC entry without a value).
     */
    static List<LoggingEvent> events(final Logger logger, final int thread) {
        final List<LoggingEvent> out = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            final Object[] arguments = i % 10 == 7 ? new Object[] {i, "pay-" + i, StructuredArguments.kv("step", i)}
                : new Object[] {i, "pay-" + i, new StringBuilder("cart ").append(thread)};
            final String template = i % 13 == 0 ? "tab\there \"q\" \\ \u0001 caf\u00e9 \uD83D\uDE00 {} {} {}"
                : i % 29 == 0 ? "lone \uD800 surrogate {} {} {}"
                : i % 97 == 0 ? "x".repeat(100_000) + " {} {} {}" : "event {} of step {} for {}";
            final LoggingEvent e = new LoggingEvent(CompiledLogstashTest.class.getName(), logger,
                i % 5 == 0 ? Level.WARN : Level.INFO, template,
                i % 50 == 0 ? new IllegalStateException("failure " + i, new RuntimeException("cause")) : null, arguments);
            e.setThreadName("worker-" + thread);
            e.setInstant(Instant.ofEpochSecond(1_763_802_902L + i / 300, (i % 300) * 3_333_333L + thread));
            final Map<String, String> mdc = new LinkedHashMap<>();
            if (i % 3 != 0) {
                mdc.put("traceId", String.format("%032x", 0xabcdefL * (i + 1)));
                mdc.put("user", "j\u00f6rg-" + thread);
            }
            if (i % 41 == 0) {
                mdc.put("gone", null);
            }
            e.setMDCPropertyMap(mdc);
            if (i % 17 == 0) {
                e.addMarker(MarkerFactory.getMarker("AUDIT"));
            }
            if (i % 19 == 0) {
                e.addKeyValuePair(new KeyValuePair("orderId", 1000 + i));
            }
            out.add(e);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "custom"})
    void writesTheEncodersBytesForEveryEvent(final String which) {
        final LoggerContext context = context();
        context.putProperty("region", "eu-west");
        final LogstashEncoder encoder = encoder(context, settings(which));
        final LogbackRecord.Renderer renderer = new LogbackRecord.Renderer(encoder, context);
        assertTrue(renderer.compiledJson(), "compiled");
        final TextOutput out = new TextOutput(256);
        final RecordWriter writer = new RecordWriter();
        final RecordView view = new RecordView();
        int fromRecords = 0;
        for (final LoggingEvent e : events(context.getLogger("com.example.shop.Checkout"), 1)) {
            // As the appender takes it: a record when it can carry the event, else the event itself.
            writer.reset();
            final boolean asRecord = CompiledLogstash.recordable(e) && LogbackRecord.capturable(e);
            if (asRecord) {
                LogbackRecord.capture(e, false, writer);
            }
            final long nanos = SpoolAppender.nanos(e);
            out.reset();
            final IThrowableProxy thrown = e.getThrowableProxy();
            if (asRecord && !writer.replacedSurrogate()) {
                assertNull(view.wrap(ByteBuffer.wrap(Arrays.copyOf(writer.array(), writer.length()))
                    .order(ByteOrder.LITTLE_ENDIAN), 0, writer.length(), nanos, LogbackRecord.SLOTS));
                renderer.render(view, new StringCache(64), new StringCache(64), nanos, thrown, out);
                fromRecords++;
            } else {
                e.prepareForDeferredProcessing();
                renderer.render(null, null, null, nanos, e, out);
            }
            assertEquals(new String(encoder.encode(e), StandardCharsets.UTF_8),
                new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8));
        }
        assertEquals(EVENTS - 349, fromRecords, "events that went as records");
    }

    @Test
    void writesOnlyTheEventsWithoutWhatItDoesNotWrite() {
        final LoggerContext context = context();
        final CompiledLogstash json = CompiledLogstash.compile(encoder(context, e -> { }), context);
        assertNotNull(json);
        final Logger logger = context.getLogger("a");
        final TextOutput out = new TextOutput(256);
        int written = 0;
        final List<LoggingEvent> events = events(logger, 0);
        for (final LoggingEvent e : events) {
            e.prepareForDeferredProcessing();
            final int before = out.length();
            if (json.render(e, out)) {
                written++;
            } else {
                assertEquals(before, out.length(), "nothing written for an event it declines");
            }
        }
        long expected = 0;
        for (int i = 0; i < EVENTS; i++) {
            final boolean declined = i % 10 == 7 || i % 50 == 0 || i % 41 == 0 || i % 17 == 0 || i % 19 == 0;
            expected += declined ? 0 : 1;
        }
        assertEquals(expected, written);
    }

    /** LogstashEncoder's events go as records: Logback is not asked to format a deferrable message on the caller. */
    @Test
    void logbackDoesNotFormatADeferrableMessageOnTheCaller() throws Exception {
        final LoggerContext context = context();
        final SpoolAppender appender = new SpoolAppender();
        appender.setContext(context);
        appender.setName("deferred");
        appender.setFile(dir.resolve("deferred.log").toString());
        appender.setEncoder(encoder(context, e -> { }));
        appender.start();
        final Logger logger = context.getLogger("x");
        final LoggingEvent deferrable = new LoggingEvent(getClass().getName(), logger, Level.INFO, "order {} paid by {}",
            null, new Object[] {42, "ann"});
        final LoggingEvent lone = new LoggingEvent(getClass().getName(), logger, Level.INFO, "order {} paid by {}",
            null, new Object[] {43, "\uD800"});
        try {
            appender.doAppend(deferrable);
            appender.doAppend(lone);
        } finally {
            appender.stop();
        }
        final java.lang.reflect.Field formatted = LoggingEvent.class.getDeclaredField("formattedMessage");
        formatted.setAccessible(true);
        assertNull(formatted.get(deferrable), "Logback was not asked to format it");
        assertEquals("order 43 paid by \uD800", formatted.get(lone), "the event itself: its text has an unpaired surrogate");
        final List<String> lines = Files.readAllLines(dir.resolve("deferred.log"));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("\"message\":\"order 42 paid by ann\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"message\":\"order 43 paid by \\uD800\""), lines.get(1));
    }

    /** A record or event without a thread or logger name is the encoder's to write; nothing is written, nothing thrown. */
    @Test
    void leavesEventsWithoutAThreadOrLoggerNameToTheEncoder() {
        final LoggerContext context = context();
        final CompiledLogstash json = CompiledLogstash.compile(encoder(context, e -> { }), context);
        for (final String missing : List.of("thread", "logger")) {
            final ReplayedEvent e = new ReplayedEvent();
            e.level = Level.INFO;
            e.formattedMessage = "m";
            e.loggerName = missing.equals("logger") ? null : "x";
            e.threadName = missing.equals("thread") ? null : "t";
            e.epochSecond = 1_763_802_902L;
            final RecordWriter writer = new RecordWriter();
            LogbackRecord.capture(e, false, writer);
            final RecordView view = new RecordView();
            assertNull(view.wrap(ByteBuffer.wrap(Arrays.copyOf(writer.array(), writer.length())).order(ByteOrder.LITTLE_ENDIAN),
                0, writer.length(), 1_763_802_902L * 1_000_000_000L, LogbackRecord.SLOTS));
            final TextOutput out = new TextOutput(64);
            out.write('#');
            assertFalse(json.render(view, 1_763_802_902L * 1_000_000_000L, null, out), missing);
            assertFalse(json.render(e, out), missing);
            assertEquals(1, out.length(), missing);
        }
    }

    @Test
    void leavesOtherSettingsToTheEncoder() {
        final LoggerContext context = context();
        final List<Consumer<LogstashEncoder>> others = List.of(
            e -> e.setIncludeCallerData(true),
            e -> e.setTimestampPattern("yyyy-MM-dd HH:mm:ss.SSS"),
            e -> e.setShortenedLoggerNameLength(20),
            e -> e.setMessageSplitRegex("#"),
            e -> e.setIncludeNonStructuredArguments(true),
            e -> {
                final LogstashFieldNames names = new LogstashFieldNames();
                names.setMessage("[ignore]");
                e.setFieldNames(names);
            });
        for (int i = 0; i < others.size(); i++) {
            assertNull(CompiledLogstash.compile(encoder(context, others.get(i)), context), "setting " + i);
        }
        final LogstashEncoder subclass = new LogstashEncoder() { };
        subclass.setContext(context);
        subclass.start();
        assertNull(CompiledLogstash.compile(subclass, context), "a subclass");
        assertNotNull(CompiledLogstash.compile(encoder(context, e -> { }), context), "the default");
    }

    @Test
    void followsTheContextsPropertiesWhenTheyChange() {
        final LoggerContext context = context();
        final LogstashEncoder encoder = encoder(context, e -> { });
        final LogbackRecord.Renderer renderer = new LogbackRecord.Renderer(encoder, context);
        final LoggingEvent e = events(context.getLogger("a"), 0).get(1);
        e.prepareForDeferredProcessing();
        final TextOutput out = new TextOutput(256);
        for (int round = 0; round < 3; round++) {
            if (round > 0) {
                context.putProperty("p" + round, "v" + round);
            }
            out.reset();
            renderer.render(null, null, null, 0L, e, out);
            final String expected = new String(encoder.encode(e), StandardCharsets.UTF_8);
            assertEquals(expected, new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8));
            assertEquals(round > 0, expected.contains("\"p1\":\"v1\""), "round " + round);
            assertTrue(renderer.compiledJson(), "compiled again, round " + round);
        }
    }

    @Test
    void rendersWithoutAllocating() {
        final LoggerContext context = context();
        final CompiledLogstash json = CompiledLogstash.compile(encoder(context, e -> { }), context);
        final LoggingEvent e = events(context.getLogger("com.example.shop.Checkout"), 0).get(13);
        e.prepareForDeferredProcessing();
        final TextOutput out = new TextOutput(4096);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long me = Thread.currentThread().getId();
        double perCall = Double.MAX_VALUE;
        for (int round = 0; round < 5 && perCall >= 1; round++) {
            final long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < 20_000; i++) {
                out.reset();
                assertTrue(json.render(e, out));
            }
            perCall = (threads.getThreadAllocatedBytes(me) - before) / 20_000.0;
        }
        assertTrue(perCall < 1, perCall + " bytes per render");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "custom"})
    void theAppenderWritesTheStockAppendersBytes(final String which) throws Exception {
        final LoggerContext context = context();
        context.putProperty("region", "eu-west");
        final Logger logger = context.getLogger("com.example.shop.Checkout");
        final FileAppender<ILoggingEvent> stock = new FileAppender<>();
        stock.setContext(context);
        stock.setName("stock");
        stock.setFile(dir.resolve("stock.log").toString());
        stock.setImmediateFlush(false);
        stock.setEncoder(encoder(context, settings(which)));
        stock.start();
        final SpoolAppender spool = new SpoolAppender();
        spool.setContext(context);
        spool.setName("spool");
        spool.setFile(dir.resolve("spool.log").toString());
        final Encoder<ILoggingEvent> encoder = encoder(context, settings(which));
        spool.setEncoder(encoder);
        spool.start();
        assertTrue(spool.encodesCompiledJson(), context.getStatusManager().getCopyOfStatusList().toString());
        runOnThreads(THREADS, t -> {
            final List<LoggingEvent> events = events(logger, t);
            return () -> {
                for (final LoggingEvent e : events) {
                    stock.doAppend(e);
                    spool.doAppend(e);
                    EncoderDifferentialTest.changeArguments(e);
                }
            };
        });
        final long onCaller = spool.logObject().stats().getEventsRenderedOnCaller();
        stock.stop();
        spool.stop();
        final List<String> stockLines = Files.readAllLines(dir.resolve("stock.log"));
        final List<String> spoolLines = Files.readAllLines(dir.resolve("spool.log"));
        assertEquals(THREADS * EVENTS, stockLines.size());
        assertSameLines("the sorted lines", sorted(stockLines), sorted(spoolLines));
        assertArrayEquals(sortedBytes(dir.resolve("stock.log")), sortedBytes(dir.resolve("spool.log")), "same bytes");
        assertSameLinesOfEachThread(stockLines, spoolLines, THREADS, t -> "\"worker-" + t + "\"");
        assertEquals(0, onCaller, "every event encoded on the preproc thread");
    }

    /** The file's bytes with its lines sorted (threads interleave differently in the two files). */
    private static byte[] sortedBytes(final Path file) throws Exception {
        final List<String> lines = new ArrayList<>(List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
            .split("(?<=\n)")));
        lines.sort(null);
        return String.join("", lines).getBytes(StandardCharsets.UTF_8);
    }
}
