package dev.spool.engine.object;

import dev.spool.engine.format.LogFilter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogConfigTest {
    private static String error(final UnaryOperator<LogObjectConfig.Builder> object) {
        return assertThrows(LogConfigException.class, () -> LogConfig.builder()
            .object(object.apply(LogObjectConfig.builder("access").file(Path.of("logs/access.log"))).build())
            .build()).getMessage();
    }

    @Test
    void bufferSizeMustBeSane() {
        assertEquals("log object \"access\": bufferSize=0 is out of range: must be between 1024 and 1073741824 bytes",
            error(o -> o.bufferSize(0)));
        assertEquals("log object \"access\": bufferSize=-5 is out of range: must be between 1024 and 1073741824 bytes",
            error(o -> o.bufferSize(-5)));
        assertEquals("log object \"access\": bufferSize=2147483647 is out of range: must be between 1024 and 1073741824"
            + " bytes", error(o -> o.bufferSize(Integer.MAX_VALUE)));
        assertEquals("log object \"access\": bufferSize x bufferCount = 34359738368 bytes is more than 16 GiB of buffers",
            error(o -> o.bufferSize(1 << 30).bufferCount(32)));
    }

    @Test
    void bufferCountAndMaxDelayMustBeSane() {
        assertEquals("log object \"access\": bufferCount=1 is out of range: must be between 2 and 65536",
            error(o -> o.bufferCount(1)));
        assertEquals("log object \"access\": maxDelay=PT0S is out of range: must be between 1 ms and 1 h",
            error(o -> o.maxDelay(Duration.ZERO)));
        assertEquals("log object \"access\": waitWarning=PT0S must be more than zero",
            error(o -> o.waitWarning(Duration.ZERO)));
    }

    @Test
    void formatErrorsNameTheObjectAndThePosition() {
        assertEquals("log object \"access\": format: unclosed \"%<\" at position 4 in format \"abc %<msg\"",
            error(o -> o.format("abc %<msg")));
    }

    @Test
    void filterErrorsNameTheObjectAndTheFilter() {
        assertEquals("log object \"access\": filter \"accept lvl MATCH X\": filter on unknown field \"lvl\"",
            error(o -> o.filter(LogFilter.parse("accept lvl MATCH X"))));
        assertEquals("log object \"access\": filter \"wipe msg password\": the format does not store field \"msg\"",
            error(o -> o.format("%<level>").filter(LogFilter.wipe("msg", "password"))));
    }

    @Test
    void missingFileAndBadNamesAreRefused() {
        assertEquals("log object \"access\": file is missing", assertThrows(LogConfigException.class,
            () -> LogConfig.builder().object(LogObjectConfig.builder("access").build()).build()).getMessage());
        assertEquals("log object name \"a b\" is invalid: use letters, digits, '_', '.' and '-'",
            assertThrows(LogConfigException.class, () -> LogConfig.builder()
                .object(LogObjectConfig.builder("a b").file(Path.of("x.log")).build()).build()).getMessage());
    }

    @Test
    void twoObjectsMayNotShareANameOrAFile() {
        assertEquals("log object \"a\" is configured twice", assertThrows(LogConfigException.class, () -> LogConfig.builder()
            .object(LogObjectConfig.builder("a").file(Path.of("a.log")).build())
            .object(LogObjectConfig.builder("a").file(Path.of("b.log")).build()).build()).getMessage());
        assertEquals("log object \"b\": file a.log is already written by another log object",
            assertThrows(LogConfigException.class, () -> LogConfig.builder()
                .object(LogObjectConfig.builder("a").file(Path.of("a.log")).build())
                .object(LogObjectConfig.builder("b").file(Path.of("a.log")).build()).build()).getMessage());
    }
}
