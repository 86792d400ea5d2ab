package dev.spool.engine.format;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class FixedDateRendererTest {
    private static final ZoneId[] ZONES = {ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
        ZoneId.of("Asia/Kolkata")};

    @ParameterizedTest
    @ValueSource(strings = {"yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss,SSS", "HH:mm:ss.SSS", "yyyyMMddHHmmssSSS",
        "dd/MM/yy HH:mm:ss.SSS", "'['yyyy'-'MM'-'dd'] 'SSS' ms'"})
    void writesWhatTheFormatterWrites(final String pattern) {
        final Random random = new Random(pattern.hashCode());
        for (final ZoneId zone : ZONES) {
            final FixedDateRenderer fixed = FixedDateRenderer.of(pattern, zone);
            assertNotNull(fixed, pattern);
            final DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern).withZone(zone);
            final TextOutput out = new TextOutput(64);
            // Runs of nearby timestamps (the cached second is reused) across the 2026 DST changes.
            long nanos = 1_774_746_000_000_000_000L; // 2026-03-29, a DST change in Berlin
            for (int i = 0; i < 20_000; i++) {
                nanos += random.nextInt(4) == 0 ? random.nextLong(3_600_000_000_000L) : random.nextLong(400_000_000L);
                out.reset();
                fixed.render(nanos, out);
                final String expected = formatter.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                    Math.floorMod(nanos, 1_000_000_000L)));
                assertEquals(expected, new String(out.array(), 0, out.length(), StandardCharsets.UTF_8),
                    pattern + " in " + zone + " at " + nanos);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yyyy-MM-dd", "HH:mm:ss.SSSSSS", "d MMM yyyy HH:mm:ss.SSS", "yyyy-M-d HH:mm:ss.SSS",
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "HH:mm:ss.SSS SSS", "EEE HH:mm:ss.SSS", "[HH:mm:ss.SSS]", "'open"})
    void otherPatternsAreRefused(final String pattern) {
        assertNull(FixedDateRenderer.of(pattern, ZoneId.of("UTC")), pattern);
    }
}
