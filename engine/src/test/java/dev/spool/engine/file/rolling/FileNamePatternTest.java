package dev.spool.engine.file.rolling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class FileNamePatternTest {
    @ParameterizedTest
    @EnumSource(Compression.class)
    void thePatternsEndingChoosesTheCompressionAndEndsTheRolledNames(final Compression kind) {
        final FileNamePattern p = FileNamePattern.parse("logs/app-%d{yyyy-MM-dd}.%i.log" + kind.suffix());
        final Instant day = LocalDate.of(2026, 11, 22).atStartOfDay(p.zone()).toInstant();
        assertEquals(kind, p.compression());
        assertEquals("logs/app-2026-11-22.3.log" + kind.suffix(), p.format(day, 3));
        assertEquals("logs/app-2026-11-22.3.log", p.formatPlain(day, 3));
        assertEquals(new FileNamePattern.Match(day, 3, kind), p.match("logs/app-2026-11-22.3.log" + kind.suffix()));
        assertEquals(new FileNamePattern.Match(day, 3, Compression.NONE), p.match("logs/app-2026-11-22.3.log"));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFileCompressedInAnyFormatMatchesSoThatRollsFromBeforeAChangeOfFormatAreStillCounted(final Compression kind) {
        final FileNamePattern p = FileNamePattern.parse("app.%i.log.gz");
        assertEquals(new FileNamePattern.Match(null, 7, kind), p.match("app.7.log" + kind.suffix()));
    }

    @Test
    void anEndingThatIsNoFormatIsPartOfTheName() {
        final FileNamePattern p = FileNamePattern.parse("app.%i.log.lz4");
        assertEquals(Compression.NONE, p.compression());
        assertEquals("app.7.log.lz4", p.format(null, 7));
        assertFalse(p.match("app.7.log.lz4").compressed());
        assertNull(p.match("app.7.log"));
    }
}
