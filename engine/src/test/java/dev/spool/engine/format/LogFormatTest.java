package dev.spool.engine.format;

import dev.spool.engine.TestLogs;
import dev.spool.engine.event.LogEvent;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogFormatTest {
    private final FieldRegistry fields = FieldRegistry.standard();

    /** Marshals the event as a log object would, then renders the record. */
    static String render(final LogFormat format, final LogEvent event) {
        final RecordWriter w = new RecordWriter();
        format.marshal(event, w, null);
        final ByteBuffer b = ByteBuffer.wrap(w.array(), 0, w.length()).order(ByteOrder.LITTLE_ENDIAN);
        final RecordView view = new RecordView();
        assertEquals(null, view.wrap(b, 0, w.length(), event.timestampNanos(), format.stored().size()));
        final TextOutput out = new TextOutput(16);
        format.render(view, out);
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }

    private String render(final String template, final LogEvent event) {
        return render(LogFormat.compile(template, fields), event);
    }

    @Test
    void rendersFieldsAndLiteralTextExactly() {
        final MutableLogEvent e = TestLogs.event("WARN", "disk at 91%").marker("OPS");
        assertEquals("WARN [main] com.example.Service OPS - disk at 91%",
            render("%<level> [%<thread>] %<logger> %<marker> - %<msg>", e));
    }

    @Test
    void renderedBytesAreUtf8ForAnyText() {
        final MutableLogEvent e = TestLogs.event("INFO", "h\u00e9llo \u65e5\u672c \uD83D\uDE00 bad\uD800x");
        final String expected = "h\u00e9llo \u65e5\u672c \uD83D\uDE00 bad?x";
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8),
            render("%<msg>", e).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void epochRenderingsAreExact() {
        final MutableLogEvent e = TestLogs.event("INFO", "x");
        assertEquals("1763802902123 1763802902.123 1763802902123456789", render("%<epoch_ms> %<epoch_s> %<epoch_ns>", e));
    }

    @Test
    void timeRendersLocalIsoWithMillisOrAGivenPattern() {
        final MutableLogEvent e = TestLogs.event("INFO", "x");
        final Instant t = Instant.ofEpochSecond(1_763_802_902L, 123_456_789L);
        final String iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneId.systemDefault()).format(t);
        final String custom = DateTimeFormatter.ofPattern("dd/MM HH:mm:ss,SSSSSS").withZone(ZoneId.systemDefault()).format(t);
        assertEquals(iso + " | " + custom, render("%<time> | %<{dd/MM HH:mm:ss,SSSSSS}time>", e));
    }

    @Test
    void nullValuesRenderAsDash() {
        assertEquals("- - -", render("%<marker> %<{missing}mdc> %<throwable>", TestLogs.event("INFO", "x")));
    }

    @Test
    void contextRendersOneKeyOrTheWholeMap() {
        final MutableLogEvent e = TestLogs.event("INFO", "x").context("user", "ann").context("req", "42");
        assertEquals("ann {user=ann, req=42}", render("%<{user}mdc> %<mdc>", e));
    }

    @Test
    void throwableRendersAsTheJdkPrintsIt() {
        final Exception cause = new IllegalStateException("inner");
        final RuntimeException t = new RuntimeException("outer", cause);
        t.addSuppressed(new IllegalArgumentException("suppressed"));
        assertEquals(printed(t), render("%<throwable>", TestLogs.event("ERROR", "x").throwable(t)));
    }

    /** Causes, suppressed ones with causes of their own, cycles, no frames, an own toString, no message, non-ASCII. */
    @Test
    void everyShapeOfThrowableTreeRendersAsTheJdkPrintsIt() {
        final Exception root = new IllegalStateException("root caf\u00e9 \u65e5\u672c");
        final Exception middle = new RuntimeException(root);
        final Exception top = new Exception("top", middle);
        final Exception quiet = new UnsupportedOperationException();
        quiet.addSuppressed(new ArithmeticException("deep suppressed"));
        quiet.initCause(new java.io.IOException("cause of suppressed"));
        top.addSuppressed(quiet);
        top.addSuppressed(new Exception("second suppressed"));
        final Exception noFrames = new Exception("no frames") {
            @Override
            public String toString() {
                return "custom text: " + getMessage();
            }
        };
        noFrames.setStackTrace(new StackTraceElement[0]);
        middle.addSuppressed(noFrames);
        root.addSuppressed(top); // a cycle: the JDK prints [CIRCULAR REFERENCE: ...]
        for (final Throwable t : new Throwable[] {top, middle, quiet, noFrames, new Error()}) {
            assertEquals(printed(t), render("%<throwable>", TestLogs.event("ERROR", "x").throwable(t)), t.toString());
        }
    }

    private static String printed(final Throwable t) {
        final StringWriter expected = new StringWriter();
        t.printStackTrace(new PrintWriter(expected));
        return expected.toString().stripTrailing();
    }

    @Test
    void squareBracketsAreTheSameFieldsForXmlAttributes() {
        final MutableLogEvent e = TestLogs.event("WARN", "hi").context("user", "ann");
        assertEquals(render("%<level> %<{user}mdc> [%<msg>]", e), render("%[level] %[{user}mdc] [%[msg]]", e));
        assertEquals("unclosed \"%[\" at position 0 in format \"%[msg\"",
            assertThrows(LogFormatException.class, () -> LogFormat.compile("%[msg", fields)).getMessage());
    }

    @Test
    void percentSignsAreLiteralUnlessTheyOpenAField() {
        assertEquals("100% %< done %x", render("100% %%< done %x", TestLogs.event("INFO", "done")));
    }

    @Test
    void storedValuesAreDeduplicatedAndTimeIsNotStored() {
        final LogFormat f = LogFormat.compile("%<msg> %<msg> %<{a}mdc> %<{b}mdc> %<{a}mdc> %<time> %<epoch_ms> %<mdc>", fields);
        assertEquals(List.of(new StoredField("msg", null, FieldType.MESSAGE), new StoredField("mdc", "a", FieldType.STRING),
            new StoredField("mdc", "b", FieldType.STRING), new StoredField("mdc", null, FieldType.MAP)), f.stored());
    }

    @Test
    void unknownFieldIsReportedWithItsPosition() {
        final LogFormatException e = assertThrows(LogFormatException.class,
            () -> LogFormat.compile("%<time> %<bogus> x", fields));
        assertEquals(8, e.position());
        assertEquals("unknown field \"bogus\" (known fields: epoch_ms, epoch_ns, epoch_s, level, logger, marker, mdc,"
            + " msg, thread, throwable, time) at position 8 in format \"%<time> %<bogus> x\"", e.getMessage());
    }

    @Test
    void unclosedFieldIsReportedWithItsPosition() {
        final LogFormatException e = assertThrows(LogFormatException.class, () -> LogFormat.compile("abc %<level", fields));
        assertEquals("unclosed \"%<\" at position 4 in format \"abc %<level\"", e.getMessage());
    }

    @Test
    void unclosedKeyIsReportedWithItsPosition() {
        final LogFormatException e = assertThrows(LogFormatException.class, () -> LogFormat.compile("x %<{user", fields));
        assertEquals("unclosed \"{\" of a field key at position 4 in format \"x %<{user\"", e.getMessage());
    }

    @Test
    void emptyNameAndBadKeysAreReported() {
        assertEquals("empty field name at position 0 in format \"%<>\"",
            assertThrows(LogFormatException.class, () -> LogFormat.compile("%<>", fields)).getMessage());
        assertEquals(2, assertThrows(LogFormatException.class,
            () -> LogFormat.compile("a %<{yyyy-MM-dd'T}time>", fields)).position());
        assertEquals("field \"epoch_ms\" takes no key at position 0 in format \"%<{x}epoch_ms>\"",
            assertThrows(LogFormatException.class, () -> LogFormat.compile("%<{x}epoch_ms>", fields)).getMessage());
    }

    @Test
    void aUserFieldIsOneClassAndOneRegistration() {
        final FieldRegistry registry = FieldRegistry.standard()
            .register(TextField.of("tenant", (event, key) -> event.contextValue("tenant")));
        final LogFormat f = LogFormat.compile("[%<tenant>] %<msg>", registry);
        assertEquals("[acme] hi", render(f, TestLogs.event("INFO", "hi").context("tenant", "acme")));
        assertThrows(IllegalArgumentException.class, () -> registry.register(TextField.of("tenant", (e, k) -> "")));
    }

    @Test
    void aFormatForReadingMustOnlyNameStoredValues() {
        final List<StoredField> layout = List.of(new StoredField("msg", null, FieldType.MESSAGE));
        assertEquals(List.of("epoch_ms", "msg"), LogFormat.compile("%<epoch_ms> %<msg>", fields, layout).usedFields());
        final LogFormatException e = assertThrows(LogFormatException.class,
            () -> LogFormat.compile("%<level> %<msg>", fields, layout));
        assertEquals("field \"level\" is not stored in this log (stored: msg) at position 0 in format \"%<level> %<msg>\"",
            e.getMessage());
    }
}
