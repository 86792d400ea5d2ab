package dev.spool.engine.adapter;

import dev.spool.engine.object.LogObjectConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdapterSettingsTest {
    private static LogObjectConfig apply(final String waitWarning) {
        return AdapterSettings.apply(LogObjectConfig.builder("a").file(Path.of("a.log")), null, null, null, null, null,
            waitWarning).build();
    }

    @Test
    void waitWarningIsADurationWithItsDefault() {
        assertEquals(Duration.ofSeconds(1), apply(null).waitWarning());
        assertEquals(Duration.ofMillis(250), apply("250ms").waitWarning());
        assertEquals(Duration.ofSeconds(3), apply(" 3 s ").waitWarning());
        assertEquals("waitWarning=\"soon\" is not a duration (like 100ms or 2s)",
            assertThrows(IllegalArgumentException.class, () -> apply("soon")).getMessage());
        assertEquals("waitWarning", apply("250ms").settingsChangedBy(apply("1s")));
    }
}
