package dev.spool.engine.adapter;

import dev.spool.engine.sockstat.SockStats;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** sockstat's settings as text: defaults, the ring they describe, and errors naming the setting. */
class SockStatsSettingsTest {
    @Test
    void theRingTakesNameDirectorySizeAndDelay() {
        final SockStatsSettings s = new SockStatsSettings();
        assertEquals("sockstats", s.ring().name());
        assertEquals(Duration.ofSeconds(5), s.ring().maxDelay());
        assertEquals(5L << 20, s.ring().ringSize());
        s.name("net").directory("/var/log/app").maxSize("2MB").maxDelay("750ms");
        assertEquals(Path.of("/var/log/app/net"), s.ring().file());
        assertEquals(2L << 20, s.ring().ringSize());
        assertEquals(Duration.ofMillis(750), s.ring().maxDelay());
    }

    @Test
    void labelNumbersAreCheckedFirstAndGivenToTheGlobalLabelsWithTheEmitter() {
        final SockStatsSettings bad = new SockStatsSettings().labelNumbers("settings-test-a=7, settings-test-b");
        assertEquals("labelNumbers: \"settings-test-b\" is not name=number",
            assertThrows(IllegalArgumentException.class, bad::check).getMessage());
        assertEquals(SockStats.derivedNumber("settings-test-a"), SockStats.global().label("settings-test-a").number(),
            "check() gives nothing to the global labels");
        final SockStatsSettings good = new SockStatsSettings().labelNumbers("settings-test-c=977");
        good.check();
        good.emitter((millis, json) -> { });
        assertEquals(977, SockStats.global().label("settings-test-c").number());
        assertEquals("maxDelay=\"soon\" is not a duration (like 100ms or 2s)",
            assertThrows(IllegalArgumentException.class, () -> new SockStatsSettings().maxDelay("soon").check())
                .getMessage());
    }
}
