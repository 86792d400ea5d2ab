package dev.spool.engine.format;

import dev.spool.engine.TestLogs;
import dev.spool.engine.event.MutableLogEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFilterTest {
    private final FieldRegistry fields = FieldRegistry.standard();

    private boolean matches(final String spec, final MutableLogEvent e) {
        return LogFilter.parse(spec).bind(fields).matches(e);
    }

    @Test
    void matchComparesWholeValuesAgainstAnyOfTheValues() {
        assertTrue(matches("accept level MATCH ERROR,WARN", TestLogs.event("WARN", "x")));
        assertFalse(matches("accept level MATCH ERROR,WARN", TestLogs.event("WARNING", "x")));
        assertTrue(matches("accept level CASE_INSENSITIVE_MATCH warn", TestLogs.event("WARN", "x")));
    }

    @Test
    void containLooksForASubstring() {
        assertTrue(matches("reject msg CONTAIN health", TestLogs.event("INFO", "GET /healthz")));
        assertFalse(matches("reject msg CONTAIN Health", TestLogs.event("INFO", "GET /healthz")));
        assertTrue(matches("reject msg CASE_INSENSITIVE_CONTAIN HEALTH", TestLogs.event("INFO", "GET /healthz")));
    }

    @Test
    void numericOperatorsCompareNumbersAndNeverMatchText() {
        final MutableLogEvent e = TestLogs.event("INFO", "x").context("status", "503");
        assertTrue(matches("accept {status}mdc GE 500", e));
        assertFalse(matches("accept {status}mdc LT 500", e));
        assertTrue(matches("accept {status}mdc NE 200", e));
        assertFalse(matches("accept {status}mdc EQ 1", TestLogs.event("INFO", "x").context("status", "one")));
        assertFalse(matches("accept {status}mdc EQ 1", TestLogs.event("INFO", "x")), "absent never matches");
    }

    @Test
    void wipeMasksTheValuesOfNamedParametersOnly() {
        final byte[] text = "GET /login?user=bob&password=hunter2&x=1 token=abc mypassword=keep".getBytes(StandardCharsets.UTF_8);
        LogFilter.wipeParameters(text, 0, text.length, LogFilter.wipe("msg", "password", "token").parameterBytes());
        assertEquals("GET /login?user=bob&password=XXXXXXX&x=1 token=XXX mypassword=keep",
            new String(text, StandardCharsets.UTF_8));
    }

    @Test
    void badFilterTextIsExplained() {
        assertEquals("filter \"accept level IS ERROR\": unknown operator \"IS\" (one of [MATCH, CASE_INSENSITIVE_MATCH,"
                + " CONTAIN, CASE_INSENSITIVE_CONTAIN, EQ, NE, LT, LE, GT, GE])",
            assertThrows(IllegalArgumentException.class, () -> LogFilter.parse("accept level IS ERROR")).getMessage());
        assertEquals("filter \"keep level MATCH ERROR\": unknown action \"keep\" (accept, reject or wipe)",
            assertThrows(IllegalArgumentException.class, () -> LogFilter.parse("keep level MATCH ERROR")).getMessage());
        assertEquals("filter on \"{s}mdc\": GT needs numbers, got \"high\"",
            assertThrows(IllegalArgumentException.class, () -> LogFilter.parse("accept {s}mdc GT high")).getMessage());
        assertEquals("filter on unknown field \"lvl\"",
            assertThrows(IllegalArgumentException.class, () -> LogFilter.parse("accept lvl MATCH X").bind(fields)).getMessage());
    }
}
