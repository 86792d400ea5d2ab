package dev.spool.log4j2;

import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.layout.JsonLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which layouts lay a throwable out through the event's ThrowableProxy, which Spool then makes on the caller. */
class ThrowableProxyTest {
    @Test
    void jsonLayoutAsksForTheProxyAndPatternLayoutsExtendedThrowableDoesNot() {
        assertTrue(Log4jRecord.usesThrowableProxy(JsonLayout.newBuilder().setCompact(true).setEventEol(true)
            .setConfiguration(new DefaultConfiguration()).build()));
        assertFalse(Log4jRecord.usesThrowableProxy(PatternLayout.newBuilder().setPattern("%d %p %m%n%xEx")
            .setConfiguration(new DefaultConfiguration()).build()));
    }
}
