package dev.spool.log4j2;

import dev.spool.engine.Log;
import dev.spool.engine.object.LogConfig;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.status.StatusLogger;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One engine per Log4j2 configuration, shared by all its Spool appenders: started by the first
 * appender that starts, stopped (and flushed) when the last one stops. Log4j2's own shutdown hook
 * stops the appenders, so the engine installs none. Engine diagnostics go to the StatusLogger.
 */
final class SharedEngines {
    private static final Map<Configuration, Shared> ENGINES = new IdentityHashMap<>();
    private static int started;

    private static final class Shared {
        final Log log;
        int users;

        Shared(final Log log) {
            this.log = log;
        }
    }

    private SharedEngines() {
    }

    /** The configuration's engine, started if this is its first user. */
    static synchronized Log acquire(final Configuration configuration) {
        Shared s = ENGINES.get(configuration);
        if (s == null) {
            s = new Shared(Log.start(LogConfig.builder()
                .engineName("log4j2-" + (++started))
                .shutdownHook(false)
                .errorListener((message, cause) -> {
                    if (cause == null) {
                        StatusLogger.getLogger().warn("Spool: {}", message);
                    } else {
                        StatusLogger.getLogger().warn("Spool: {}", message, cause);
                    }
                })
                .build()));
            ENGINES.put(configuration, s);
        }
        s.users++;
        return s.log;
    }

    /** Gives the engine back; the last user stops it, which writes everything it holds. */
    static void release(final Configuration configuration) {
        final Log stop;
        synchronized (SharedEngines.class) {
            final Shared s = ENGINES.get(configuration);
            if (s == null || --s.users > 0) {
                return;
            }
            ENGINES.remove(configuration);
            stop = s.log;
        }
        stop.stop();
    }
}
