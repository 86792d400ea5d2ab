package dev.spool.log4j2;

import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which PatternLayouts run from records: those of Log4j2's own converters. A pattern with an
 * application's converter ({@link ParametersConverter}), anywhere in it, runs on mementos.
 */
class RecordsOrMementosTest {
    private final Configuration config = new DefaultConfiguration();

    private boolean fromRecords(final String pattern) {
        return Log4jRecord.readsOnlyRecords(
            PatternLayout.newBuilder().setPattern(pattern).setConfiguration(config).build(), config);
    }

    @Test
    void aPatternOfLog4j2sOwnConvertersRunsFromRecords() {
        assertTrue(fromRecords("%d{ISO8601} %-5p [%t] %c{1.} %X{user} %marker %m%xEx%n"));
        assertTrue(fromRecords("%highlight{%-5level} %style{%c}{bright} %maxLen{%m}{40}%n"));
    }

    @Test
    void aPatternWithAnApplicationsConverterRunsOnMementosWhereverTheConverterIs() {
        assertFalse(fromRecords("%d %parameters %m%n"));
        assertFalse(fromRecords("%d %-20.30parameters %m%n"));
        assertFalse(fromRecords("%d %highlight{%parameters} %m%n"));
    }
}
