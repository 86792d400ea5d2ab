package dev.spool.log4j2;

import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.JsonLayout;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.spi.MutableThreadContextStack;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JsonTemplateLayout's ECS document written from record bytes ({@link CompiledEcs}): which layouts
 * it takes, the same bytes as the layout for random text (every escape JSON needs, non-ASCII, four
 * byte characters, lone surrogates), context values and stacks, and no allocation.
 */
class CompiledEcsTest {
    private final Configuration config = new DefaultConfiguration();

    private JsonTemplateLayout ecs() {
        return JsonTemplateLayout.newBuilder().setConfiguration(config).setEventTemplateUri("classpath:EcsLayout.json").build();
    }

    @Test
    void takesTheEcsTemplateOnly() {
        assertNotNull(CompiledEcs.compile(ecs()));
        assertNotNull(CompiledEcs.compile(JsonTemplateLayout.newBuilder().setConfiguration(config)
            .setEventTemplateUri("classpath:EcsLayout.json").setEventDelimiter("\u0000").build()), "any delimiter");
        for (final String other : List.of("GelfLayout.json", "LogstashJsonEventLayoutV1.json", "JsonLayout.json")) {
            assertNull(CompiledEcs.compile(JsonTemplateLayout.newBuilder().setConfiguration(config)
                .setEventTemplateUri("classpath:" + other).build()), other);
        }
        assertNull(CompiledEcs.compile(JsonTemplateLayout.newBuilder().setConfiguration(config)
            .setEventTemplate("{\"message\": {\"$resolver\": \"message\"}}").build()));
        assertNull(CompiledEcs.compile(JsonLayout.newBuilder().setConfiguration(config).build()));
    }

    @Test
    void writesWhatTheLayoutWritesForRandomText() {
        final JsonTemplateLayout layout = ecs();
        final CompiledEcs compiled = CompiledEcs.compile(layout);
        assertNotNull(compiled);
        final Random random = new Random(42);
        final Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR, Level.FATAL};
        for (int i = 0; i < 3000; i++) {
            final LogEvent e = event(levels[i % levels.length], text(random, 12), text(random, 10), text(random, 60),
                random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
            final TextOutput out = new TextOutput(256);
            assertTrue(compiled.render(view(e), nanos(e), out));
            assertEquals(new String(layout.toByteArray(e), StandardCharsets.UTF_8),
                new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesContextValuesAndTheStackAsTheLayoutDoes() {
        final JsonTemplateLayout layout = ecs();
        final CompiledEcs compiled = CompiledEcs.compile(layout);
        final Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            final SortedArrayStringMap context = new SortedArrayStringMap();
            for (int k = random.nextInt(4); k > 0; k--) {
                context.putValue(text(random, 8), random.nextInt(10) == 0 ? null : text(random, 20));
            }
            final List<String> items = new ArrayList<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                items.add(text(random, 10));
            }
            final MutableInstant instant = new MutableInstant();
            instant.initFromEpochSecond(1_763_802_902L + i, (i % 1000) * 1_000_000);
            final LogEvent e = Log4jLogEvent.newBuilder().setLevel(Level.INFO).setLoggerName("com.example.x")
                .setThreadName("main").setMessage(new SimpleMessage(text(random, 30))).setContextData(context)
                .setContextStack(items.isEmpty() ? ThreadContext.EMPTY_STACK : new MutableThreadContextStack(items))
                .setInstant(instant).build();
            final TextOutput out = new TextOutput(256);
            assertTrue(compiled.render(view(e), nanos(e), out));
            assertEquals(new String(layout.toByteArray(e), StandardCharsets.UTF_8),
                new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8), "event " + i);
        }
    }

    /** The layout cuts texts longer than its maxStringLength (100 here): such events are the layout's to write. */
    @Test
    void leavesTextsTheLayoutMayCutToTheLayout() {
        final JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(config)
            .setEventTemplateUri("classpath:EcsLayout.json").setMaxStringLength(100).build();
        final CompiledEcs compiled = CompiledEcs.compile(layout);
        assertNotNull(compiled);
        // Below the samples' texts, the layout cuts field names and the time too: not compiled.
        assertNull(CompiledEcs.compile(JsonTemplateLayout.newBuilder().setConfiguration(config)
            .setEventTemplateUri("classpath:EcsLayout.json").setMaxStringLength(10).build()));
        final String ten = "0123456789";
        final LogEvent fits = event(Level.INFO, "main", "x", ten.repeat(10), 1_763_802_902_123_000_000L);
        TextOutput out = new TextOutput(64);
        assertTrue(compiled.render(view(fits), nanos(fits), out));
        assertEquals(new String(layout.toByteArray(fits), StandardCharsets.UTF_8),
            new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8));
        final SortedArrayStringMap context = new SortedArrayStringMap();
        context.putValue("user", ten.repeat(10) + "A");
        final LogEvent[] cut = {
            event(Level.INFO, "main", "x", ten.repeat(10) + "A", 1_763_802_902_123_000_000L),
            event(Level.INFO, "main", ten.repeat(10) + "A", "m", 1_763_802_902_123_000_000L),
            Log4jLogEvent.newBuilder().setLevel(Level.INFO).setLoggerName("x").setThreadName("t")
                .setMessage(new SimpleMessage("m")).setContextData(context).setContextStack(ThreadContext.EMPTY_STACK).build(),
            Log4jLogEvent.newBuilder().setLevel(Level.INFO).setLoggerName("x").setThreadName("t")
                .setMessage(new SimpleMessage("m")).setContextData(new SortedArrayStringMap())
                .setContextStack(new MutableThreadContextStack(List.of(ten.repeat(10) + "A"))).build()};
        for (final LogEvent e : cut) {
            out = new TextOutput(64);
            out.write('#');
            assertFalse(compiled.render(view(e), nanos(e), out), e.getMessage().getFormattedMessage());
            assertEquals(1, out.length());
        }
    }

    @Test
    void rendersWithoutAllocatingOnceWarm() {
        final CompiledEcs compiled = CompiledEcs.compile(ecs());
        final LogEvent e = event(Level.INFO, "main", "com.example.shop.Checkout", "Request 123456 completed in 17 us \"ok\"",
            1_763_802_902_123_456_789L);
        final RecordView view = view(e);
        final TextOutput out = new TextOutput(512);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long me = Thread.currentThread().getId();
        long perCall = -1;
        for (int round = 0; round < 5; round++) {
            final long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < 100_000; i++) {
                out.reset();
                compiled.render(view, nanos(e) + i * 1_000_000L, out);
            }
            perCall = (threads.getThreadAllocatedBytes(me) - before) / 100_000;
        }
        assertEquals(0, perCall, "bytes per render");
    }

    /** Random text, mostly ASCII, with quotes, backslashes, control characters, non-ASCII and surrogates. */
    private static String text(final Random random, final int maxLength) {
        final char[] special = {'"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f',
            '\u00e9', '\u65e5', '\u2028', '\uD800', '\uDFFF'};
        final StringBuilder b = new StringBuilder();
        final int n = random.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            final int kind = random.nextInt(10);
            if (kind < 6) {
                b.append((char) (' ' + random.nextInt(95)));
            } else if (kind < 9) {
                b.append(special[random.nextInt(special.length)]);
            } else {
                b.appendCodePoint(0x1F600 + random.nextInt(64));
            }
        }
        return b.toString();
    }

    private static LogEvent event(final Level level, final String thread, final String logger, final String message,
                                  final long nanos) {
        final MutableInstant instant = new MutableInstant();
        instant.initFromEpochSecond(nanos / 1_000_000_000L, (int) (nanos % 1_000_000_000L));
        return Log4jLogEvent.newBuilder().setLevel(level).setLoggerName(logger).setThreadName(thread)
            .setMessage(new SimpleMessage(message)).setContextData(new SortedArrayStringMap())
            .setContextStack(ThreadContext.EMPTY_STACK).setInstant(instant).build();
    }

    private static long nanos(final LogEvent e) {
        return e.getInstant().getEpochSecond() * 1_000_000_000L + e.getInstant().getNanoOfSecond();
    }

    private static RecordView view(final LogEvent e) {
        final RecordWriter writer = new RecordWriter();
        Log4jRecord.capture(e, false, writer);
        final RecordView view = new RecordView();
        assertNull(view.wrap(ByteBuffer.wrap(Arrays.copyOf(writer.array(), writer.length())).order(ByteOrder.LITTLE_ENDIAN),
            0, writer.length(), nanos(e), Log4jRecord.SLOTS));
        return view;
    }
}
