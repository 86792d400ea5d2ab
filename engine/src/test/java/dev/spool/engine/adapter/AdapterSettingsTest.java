package dev.spool.engine.adapter;

import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdapterSettingsTest {
    private final List<String> errors = new ArrayList<>();

    private LogObjectConfig apply(final String mode, final String whenFull, final String maxDelay, final String size,
                                  final String count, final String waitWarning) {
        return AdapterSettings.apply(LogObjectConfig.builder("a").file(Path.of("a.log")), mode, whenFull, maxDelay, size,
            count, waitWarning, errors::add).build();
    }

    private LogObjectConfig waitWarning(final String waitWarning) {
        return apply(null, null, null, null, null, waitWarning);
    }

    @Test
    void waitWarningIsADurationWithItsDefault() {
        assertEquals(Duration.ofSeconds(1), waitWarning(null).waitWarning());
        assertEquals(Duration.ofMillis(250), waitWarning("250ms").waitWarning());
        assertEquals(Duration.ofSeconds(3), waitWarning(" 3 s ").waitWarning());
        assertEquals("waitWarning", waitWarning("250ms").settingsChangedBy(waitWarning("1s")));
        assertEquals(List.of(), errors);
    }

    @Test
    void aValueThatDoesNotParseFallsBackToTheDefaultWithOneErrorNamingIt() {
        final LogObjectConfig c = apply("tape", "sometimes", "abc", "10 XB", "many", "soon");
        assertEquals(List.of(
            "mode=\"tape\" is not text or binary; using the default mode=\"text\"",
            "whenFull=\"sometimes\" is not block or drop; using the default whenFull=\"block\"",
            "maxDelay=\"abc\" is not a duration (like 100ms or 2s); using the default maxDelay=\"1 s\"",
            "waitWarning=\"soon\" is not a duration (like 100ms or 2s); using the default waitWarning=\"1 s\"",
            "spoolBufferSize=\"10 XB\" is not a size (like 256 KB or 10MB); using the default spoolBufferSize=\"256 KB\"",
            "spoolBufferCount=\"many\" is not a whole number; using the default spoolBufferCount=\"8\""), errors);
        assertEquals(LogMode.TEXT, c.mode());
        assertEquals(WhenFull.BLOCK, c.whenFull());
        assertEquals(LogObjectConfig.DEFAULT_MAX_DELAY, c.maxDelay());
        assertEquals(LogObjectConfig.DEFAULT_BUFFER_SIZE, c.bufferSize());
        assertEquals(LogObjectConfig.DEFAULT_BUFFER_COUNT, c.bufferCount());
    }

    @Test
    void aValueOutOfRangeFallsBackToTheDefaultTheSameWay() {
        final LogObjectConfig c = apply(null, null, "0 ms", "2 GB", "0", "0");
        assertEquals(List.of(
            "maxDelay=\"0 ms\" is out of range: must be between 1 ms and 1 h; using the default maxDelay=\"1 s\"",
            "waitWarning=\"0\" is out of range: must be between 1 ms and 365 days; using the default waitWarning=\"1 s\"",
            "spoolBufferSize=\"2 GB\" is out of range: must be between 1 KB and 1 GB; using the default"
                + " spoolBufferSize=\"256 KB\"",
            "spoolBufferCount=\"0\" is out of range: must be between 2 and 65536; using the default"
                + " spoolBufferCount=\"8\""), errors);
        assertEquals(LogObjectConfig.DEFAULT_MAX_DELAY, c.maxDelay());
        assertEquals(LogObjectConfig.DEFAULT_BUFFER_SIZE, c.bufferSize());
        assertEquals(LogObjectConfig.DEFAULT_BUFFER_COUNT, c.bufferCount());
    }

    @Test
    void tooManyBytesOfBuffersKeepsTheSizeAndTakesTheDefaultCount() {
        final LogObjectConfig c = apply(null, null, null, "1 GB", "64", null);
        assertEquals(List.of("spoolBufferSize x spoolBufferCount = 68719476736 bytes is more than 16 GiB of buffers;"
            + " using the default spoolBufferCount 8"), errors);
        assertEquals(1 << 30, c.bufferSize());
        assertEquals(8, c.bufferCount());
    }

    @Test
    void goodValuesAreTakenWithoutAWord() {
        final LogObjectConfig c = apply("BINARY", "drop", "250ms", "1 MB", "4", "2 s");
        assertEquals(List.of(), errors);
        assertEquals(LogMode.BINARY, c.mode());
        assertEquals(WhenFull.DROP, c.whenFull());
        assertEquals(Duration.ofMillis(250), c.maxDelay());
        assertEquals(1 << 20, c.bufferSize());
        assertEquals(4, c.bufferCount());
    }

    @Test
    void aBooleanThatIsNeitherFallsBackToItsDefault() {
        assertTrue(AdapterSettings.parseBoolean("immediateFlush", "yes", true, errors::add));
        assertFalse(AdapterSettings.parseBoolean("renderOnCaller", null, false, errors::add));
        assertEquals(List.of("immediateFlush=\"yes\" is not true or false; using the default immediateFlush=\"true\""),
            errors);
    }
}
