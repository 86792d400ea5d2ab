package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Context;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The test run is on the Logback version it says it is: the build runs every test of this module
 * on the 1.5 line and again on 1.6 (see the POM), and this makes sure the second run really
 * loaded 1.6's classes.
 */
class LogbackVersionTest {
    @Test
    void theLogbackOnTheClassPathIsTheOneThisRunIsFor() {
        final String expected = System.getProperty("spool.logback.expected");
        assertEquals(expected, LoggerContext.class.getPackage().getImplementationVersion(), "logback-classic");
        assertEquals(expected, Context.class.getPackage().getImplementationVersion(), "logback-core");
    }
}
