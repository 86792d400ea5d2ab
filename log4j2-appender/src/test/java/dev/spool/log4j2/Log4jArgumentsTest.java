package dev.spool.log4j2;

import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.StringCache;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.JsonLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.ReusableParameterizedMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log4j2's {@code {}} formatting on the preproc thread ({@link Log4jArguments}): the same text as
 * Log4j2's own for random templates of backslashes and braces, the same bytes through the compiled
 * pattern, the compiled ECS document and a layout on a rebuilt event, and which messages are
 * formatted on the caller instead.
 */
class Log4jArgumentsTest {
    private static final char[] ALPHABET = {'\\', '\\', '{', '{', '}', '}', 'a', '\u00e9'};
    private static final Object[] ARGUMENTS = {"A", 7, null, 1.5, TimeUnit.SECONDS, 'c', BigDecimal.valueOf(-15, 1),
        "\\{}", "\"q\"\n"};
    private final Configuration config = new DefaultConfiguration();

    @Test
    void formatsAsLog4j2DoesForRandomTemplates() {
        final Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            final ParameterizedMessage m = new ParameterizedMessage(template(random), arguments(random));
            final RecordView view = view(event(m));
            assertFalse(view.isNull(Log4jRecord.ARGUMENTS), "formatted on the preproc thread");
            final TextOutput out = new TextOutput(32);
            Log4jRecord.message(view, out);
            assertEquals(log4j2(m), new String(out.array(), 0, out.length(), StandardCharsets.UTF_8),
                () -> "template " + m.getFormat() + " with " + Arrays.toString(m.getParameters()));
        }
    }

    @Test
    void layoutsWriteTheSameBytesFromTheTemplateAndArguments() {
        final List<Layout<? extends Serializable>> layouts = List.of(
            PatternLayout.newBuilder().setConfiguration(config).setPattern("%-5level %m%n").build(),
            JsonTemplateLayout.newBuilder().setConfiguration(config).setEventTemplateUri("classpath:EcsLayout.json").build(),
            JsonLayout.newBuilder().setConfiguration(config).setCompact(true).setEventEol(true).build());
        final Random random = new Random(11);
        for (final Layout<? extends Serializable> layout : layouts) {
            final Log4jRecord.Renderer renderer = new Log4jRecord.Renderer(layout);
            assertTrue(layout instanceof JsonLayout || renderer.compiledEcs() || layout instanceof PatternLayout);
            for (int n = 0; n < 2_000; n++) {
                final ParameterizedMessage m = new ParameterizedMessage(template(random), arguments(random));
                if (m.getFormat().endsWith("\\{")) {
                    continue; // Log4j2 may fail on this template (see log4j2)
                }
                final LogEvent e = event(m);
                final TextOutput out = new TextOutput(64);
                renderer.render(view(e), new StringCache(16), new StringCache(16), SpoolAppender.nanos(e), null, out);
                assertEquals(new String(layout.toByteArray(e), StandardCharsets.UTF_8),
                    new String(out.array(), 0, out.length(), StandardCharsets.UTF_8), layout.getClass().getSimpleName());
            }
        }
    }

    /** Text that may change after the call, a throwable, a message Log4j2 formats elsewhere: formatted on the caller. */
    @Test
    void otherMessagesAreFormattedOnTheCaller() {
        final StringBuilder cart = new StringBuilder("cart 1");
        final LogEvent mutable = event(new ParameterizedMessage("order {} for {}", 42, cart));
        final RecordView view = view(mutable);
        cart.append(" changed after the call");
        assertTrue(view.isNull(Log4jRecord.ARGUMENTS));
        assertEquals("order 42 for cart 1", view.getString(Log4jRecord.MESSAGE));
        final List<Message> others = List.of(
            new ParameterizedMessage("failed {}", 42, new IllegalStateException("shown as the event's throwable")),
            new ParameterizedMessage("failed {}", new IllegalStateException("shown in the text")),
            new ParameterizedMessage(null, 1),
            new ParameterizedMessage("{}", new java.util.Date(0)),
            new ReusableParameterizedMessage().set("reusable {}", 1),
            new SimpleMessage("simple {}"));
        for (final Message m : others) {
            final RecordView v = view(event(m));
            assertTrue(v.isNull(Log4jRecord.ARGUMENTS), m.getClass().getSimpleName());
            assertEquals(m.getFormattedMessage(), v.getString(Log4jRecord.MESSAGE));
        }
    }

    /**
     * The message as Log4j2 formats it. Log4j2 2.26 fails (an index out of bounds) on a template
     * with an anchor that ends in an escaped {@code {}}: the event is then lost behind the stock
     * appenders. Spool writes it, the last brace as it is, as Log4j2 writes the same template
     * followed by one more character.
     */
    private static String log4j2(final ParameterizedMessage m) {
        try {
            return m.getFormattedMessage();
        } catch (final StringIndexOutOfBoundsException e) {
            assertTrue(m.getFormat().endsWith("\\{"), m.getFormat());
            final String longer = new ParameterizedMessage(m.getFormat() + "x", m.getParameters()).getFormattedMessage();
            return longer.substring(0, longer.length() - 1);
        }
    }

    private static String template(final Random random) {
        final char[] t = new char[random.nextInt(15)];
        for (int i = 0; i < t.length; i++) {
            t[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(t);
    }

    private static Object[] arguments(final Random random) {
        final Object[] a = new Object[random.nextInt(4)];
        for (int i = 0; i < a.length; i++) {
            a[i] = ARGUMENTS[random.nextInt(ARGUMENTS.length)];
        }
        return a;
    }

    private static LogEvent event(final Message message) {
        final MutableInstant instant = new MutableInstant();
        instant.initFromEpochSecond(1_763_802_902L, 123_456_789);
        return Log4jLogEvent.newBuilder().setLevel(Level.INFO).setLoggerName("com.example.Shop").setThreadName("main")
            .setMessage(message).setContextData(new SortedArrayStringMap())
            .setContextStack(ThreadContext.EMPTY_STACK).setInstant(instant).build();
    }

    private static RecordView view(final LogEvent e) {
        final RecordWriter writer = new RecordWriter();
        Log4jRecord.capture(e, false, writer);
        final RecordView view = new RecordView();
        assertEquals(null, view.wrap(writer, SpoolAppender.nanos(e), Log4jRecord.SLOTS));
        assertNotNull(view.buffer());
        return view;
    }
}
