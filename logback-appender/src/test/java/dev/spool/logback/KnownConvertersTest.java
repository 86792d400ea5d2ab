package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Boot's converters on events rebuilt from records: its patterns are proven at start and
 * take records; a pattern whose converters write otherwise from a rebuilt event fails the proof.
 */
class KnownConvertersTest {
    /** Writes how many times it ran: never the same twice, so no rebuilt event can match. */
    public static final class CountingConverter extends ClassicConverter {
        private int calls;

        @Override
        public String convert(final ILoggingEvent event) {
            return Integer.toString(calls++);
        }
    }

    private static LoggerContext context() {
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        EncoderDifferentialTest.springBoot(context).put("count", CountingConverter.class.getName());
        return context;
    }

    private static PatternLayoutEncoder encoder(final LoggerContext context, final String pattern) {
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    @Test
    void springBootPatternsAreProvenAndTakeRecords() {
        final LoggerContext context = context();
        for (final String pattern : new String[] {EncoderDifferentialTest.SPRING_BOOT_FILE_PATTERN,
            EncoderDifferentialTest.SPRING_BOOT_CONSOLE_PATTERN}) {
            final PatternLayoutEncoder encoder = encoder(context, pattern);
            assertTrue(LogbackRecord.rebuiltAsTheEncoderDoes(encoder, context), pattern);
            final LogbackRecord.Analysis analysis = LogbackRecord.analyse(encoder, context);
            assertTrue(analysis.offThread, pattern);
            assertEquals(null, analysis.why);
        }
    }

    @Test
    void aPatternThatWritesOtherwiseFromARebuiltEventFailsTheProof() {
        final LoggerContext context = context();
        assertFalse(LogbackRecord.rebuiltAsTheEncoderDoes(encoder(context, "%count %msg%n"), context));
        final LogbackRecord.Analysis analysis = LogbackRecord.analyse(encoder(context, "%count %msg%n"), context);
        assertFalse(analysis.offThread, "the application's converter: the events themselves");
    }
}
