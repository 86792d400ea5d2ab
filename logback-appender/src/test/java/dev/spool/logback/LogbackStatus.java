package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.Status;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** What a Logback context reported through its status manager, as the tests check it. */
final class LogbackStatus {
    private LogbackStatus() {
    }

    /**
     * SLF4J's Logback context, reset, its status cleared and started (a test before may have
     * stopped it), for a test that configures it itself.
     */
    static LoggerContext freshContext() {
        final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getStatusManager().clear();
        context.start();
        return context;
    }

    /** The messages of the context's warnings and errors, in the order they were reported. */
    static List<String> problems(final Context context) {
        final List<String> out = new ArrayList<>();
        for (final Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() >= Status.WARN) {
                out.add(s.getMessage());
            }
        }
        return out;
    }
}
