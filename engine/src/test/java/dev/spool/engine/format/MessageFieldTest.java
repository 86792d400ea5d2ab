package dev.spool.engine.format;

import dev.spool.engine.Log;
import dev.spool.engine.ParameterizedEvent;
import dev.spool.engine.TestLogs;
import dev.spool.engine.event.MessageSyntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code msg} field keeps a message's template and arguments when their text is fixed at the
 * call, and the engine's threads format it: in a text log, and in spool-cat for a binary log (text
 * and JSON), exactly as the message's own framework would have.
 */
class MessageFieldTest {
    @TempDir
    Path dir;

    /** Each case: the syntax, the text the framework formats, the template and the arguments. */
    private static final List<Object[]> CASES = List.of(
        new Object[] {MessageSyntax.SLF4J, "Request 17 completed in 250 us", "Request {} completed in {} us",
            new Object[] {17L, 250}},
        new Object[] {MessageSyntax.SLF4J, "a {} b\\x y null {}", "a \\{} b\\\\{} {} {} {}", new Object[] {"x", "y", null}},
        new Object[] {MessageSyntax.LOG4J2, "1.5 {} \\ 2.25 {}", "{} \\{} \\\\ {} {}", new Object[] {1.5, 2.25f}},
        new Object[] {MessageSyntax.LOG4J2, "no anchors \\n", "no anchors \\n", new Object[] {"unused"}},
        new Object[] {MessageSyntax.SLF4J, "true c NEW", "{} {} {}", new Object[] {true, 'c', Thread.State.NEW}});

    @Test
    void aParameterizedMessageIsFormattedByTheEngineAsItsFrameworkWould() throws Exception {
        final Path text = dir.resolve("app.log");
        final Path binary = dir.resolve("app.blog");
        final List<String> errors = TestLogs.errors();
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("text", text).format("%<msg>").build())
            .object(TestLogs.binary("binary", binary).format("%<msg>").build()).build());
        final ParameterizedEvent e = new ParameterizedEvent();
        final StringBuilder expected = new StringBuilder();
        for (final Object[] c : CASES) {
            final String shown = (String) c[1];
            e.message((MessageSyntax) c[0], shown, (String) c[2], (Object[]) c[3]);
            log.access(e);
            expected.append(shown).append('\n');
        }
        log.stop();
        assertEquals(List.of(), errors);
        assertEquals(0, e.formatted.get()); // no text asked for on the caller
        assertEquals(expected.toString(), Files.readString(text));
        final TestLogs.CatResult cat = TestLogs.cat(binary.toString());
        assertEquals("", cat.err());
        assertEquals(expected.toString(), cat.out());
        final String json = TestLogs.cat("--json", binary.toString()).out();
        assertTrue(json.contains("\"msg\":\"Request 17 completed in 250 us\""), json);
        assertTrue(json.contains("\"msg\":\"a {} b\\\\x y null {}\""), json);
    }

    @Test
    void aMessageWhoseArgumentsMayChangeIsTakenAsTextOnTheCaller() throws Exception {
        final Path text = dir.resolve("app.log");
        final Log log = Log.start(TestLogs.config(TestLogs.errors())
            .object(TestLogs.binary("binary", dir.resolve("app.blog")).format("%<msg>").build())
            .object(TestLogs.text("text", text).format("%<msg>").build()).build());
        final ParameterizedEvent e = new ParameterizedEvent();
        final StringBuilder mutable = new StringBuilder("before");
        log.access(e.message(MessageSyntax.SLF4J, "value before", "value {}", mutable));
        mutable.setLength(0);
        log.access(e.message(MessageSyntax.SLF4J, "no arguments {}", "no arguments {}"));
        log.stop();
        assertEquals(4, e.formatted.get()); // each event once for each of the two log objects
        assertEquals("value before\nno arguments {}\n", Files.readString(text));
        assertEquals("value before\nno arguments {}\n", TestLogs.cat(dir.resolve("app.blog").toString()).out());
    }
}
