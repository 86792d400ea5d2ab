package dev.spool.log4j2;

import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.layout.CsvLogEventLayout;
import org.apache.logging.log4j.core.layout.CsvParameterLayout;
import org.apache.logging.log4j.core.layout.HtmlLayout;
import org.apache.logging.log4j.core.layout.JsonLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.layout.XmlLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which layouts run from records. PatternLayouts of Log4j2's own converters; a pattern with an
 * application's converter ({@link ParametersConverter}), anywhere in it, runs on mementos. Log4j2's
 * other layouts when they prove to write the same bytes from records as from the events; one that
 * reads what a record does not carry (the message's parameters) or is not Log4j2's runs on mementos.
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
    void log4j2sOtherLayoutsRunFromRecordsWhenProvenToWriteTheSameBytesWithTheLocationIfTheyShowIt() {
        for (final boolean location : new boolean[] {false, true}) {
            final int expected = location ? Log4jRecord.RECORDS_WITH_LOCATION : Log4jRecord.RECORDS;
            assertEquals(expected, Log4jRecord.recordsFor(JsonTemplateLayout.newBuilder().setConfiguration(config)
                .setLocationInfoEnabled(location).setEventTemplateUri("classpath:LogstashJsonEventLayoutV1.json").build()));
            assertEquals(expected, Log4jRecord.recordsFor(JsonLayout.newBuilder().setConfiguration(config)
                .setCompact(true).setEventEol(true).setProperties(true).setLocationInfo(location).build()));
            assertEquals(expected, Log4jRecord.recordsFor(XmlLayout.newBuilder().setConfiguration(config)
                .setLocationInfo(location).setProperties(true).build()));
            assertEquals(expected, Log4jRecord.recordsFor(HtmlLayout.newBuilder().setLocationInfo(location).build()));
        }
        // ECS and GELF templates show no location, whatever locationInfoEnabled says.
        for (final String template : new String[] {"EcsLayout.json", "GelfLayout.json"}) {
            assertEquals(Log4jRecord.RECORDS, Log4jRecord.recordsFor(JsonTemplateLayout.newBuilder().setConfiguration(config)
                .setLocationInfoEnabled(true).setEventTemplateUri("classpath:" + template).build()));
        }
        // It prints the event's location whenever the event has one.
        assertEquals(Log4jRecord.RECORDS_WITH_LOCATION, Log4jRecord.recordsFor(CsvLogEventLayout.createDefaultLayout()));
    }

    @Test
    void aCompleteJsonLayoutKeepsStateAcrossEventsSoItRunsOnMementosAndIsNotTriedOnSamples() {
        final JsonLayout complete = JsonLayout.newBuilder().setConfiguration(config).setComplete(true).setCompact(true)
            .build();
        assertEquals(Log4jRecord.MEMENTOS, Log4jRecord.recordsFor(complete));
        // Untouched by a proof: its first event has no comma before it.
        final org.apache.logging.log4j.core.LogEvent event = org.apache.logging.log4j.core.impl.Log4jLogEvent.newBuilder()
            .setLoggerName("x").setMessage(new org.apache.logging.log4j.message.SimpleMessage("m")).build();
        assertTrue(complete.toSerializable(event).startsWith("{"), complete.toSerializable(event));
    }

    @Test
    void aLayoutThatReadsTheParametersOrIsNotLog4j2sRunsOnMementos() {
        assertEquals(Log4jRecord.MEMENTOS, Log4jRecord.recordsFor(JsonTemplateLayout.newBuilder().setConfiguration(config)
            .setEventTemplate("{\"message\": {\"$resolver\": \"message\"},"
                + " \"arguments\": {\"$resolver\": \"messageParameter\"}}").build()));
        assertEquals(Log4jRecord.MEMENTOS, Log4jRecord.recordsFor(CsvParameterLayout.createDefaultLayout()));
        assertEquals(Log4jRecord.MEMENTOS, Log4jRecord.recordsFor(
            new org.apache.logging.log4j.core.layout.AbstractStringLayout(java.nio.charset.StandardCharsets.UTF_8) {
                @Override
                public String toSerializable(final org.apache.logging.log4j.core.LogEvent event) {
                    return event.getMessage().getFormattedMessage();
                }
            }));
    }

    @Test
    void aPatternWithAnApplicationsConverterRunsOnMementosWhereverTheConverterIs() {
        assertFalse(fromRecords("%d %parameters %m%n"));
        assertFalse(fromRecords("%d %-20.30parameters %m%n"));
        assertFalse(fromRecords("%d %highlight{%parameters} %m%n"));
    }
}
