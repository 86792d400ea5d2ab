package dev.spool.log4j2;

import dev.spool.engine.Log;
import dev.spool.engine.adapter.RendererSwitch;
import dev.spool.engine.adapter.SharedLogObjects;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Log4j2's rules for the engine's {@link SharedLogObjects}: one engine per logger context, which
 * outlives reconfigurations, shared by all its Spool appenders. A reconfiguration starts the new
 * appenders before it stops the old ones, so several live appenders may share a file (the new
 * one takes the log object over while the old one still holds it), and the last one to stop
 * removes the object at once: no grace period is needed. Log4j2's own shutdown hook stops the
 * appenders, so the engine installs none. Engine diagnostics and takeover warnings go to the
 * StatusLogger.
 */
final class SharedEngines {
    private static final SharedLogObjects<Object, Log4jRecord.Renderer> OBJECTS =
        SharedLogObjects.<Object, Log4jRecord.Renderer>builder("log4j2")
            .shutdownHook(false)
            .errors(key -> (message, cause) -> {
                if (cause == null) {
                    StatusLogger.getLogger().warn("Spool: {}", message);
                } else {
                    StatusLogger.getLogger().warn("Spool: {}", message, cause);
                }
            })
            .sharedFiles(true)
            .rendererKind("layout")
            .build();

    private SharedEngines() {
    }

    /** The key of a configuration's engine: its logger context, which outlives reconfigurations. */
    private static Object key(final Configuration configuration) {
        final LoggerContext context = configuration.getLoggerContext();
        return context != null ? context : configuration;
    }

    /**
     * The log object for {@code config}'s file in the configuration's engine: the one already open
     * for that file (a reconfiguration), or a new one with {@code layouts} as its renderer (null:
     * none), its file truncated first if {@code truncate}.
     *
     * @throws dev.spool.engine.object.LogConfigException for bad settings
     */
    static SharedLogObjects.Acquired<Log4jRecord.Renderer> acquire(final Configuration configuration,
                                                                   final LogObjectConfig config,
                                                                   final RendererSwitch<Log4jRecord.Renderer> layouts,
                                                                   final boolean truncate) {
        return OBJECTS.acquire(key(configuration), config.name(), config, layouts, truncate,
            message -> StatusLogger.getLogger().warn("Spool appender \"{}\" {}", config.name(), message));
    }

    /** {@link #acquire} for an object in an engine format. */
    static LogObject acquire(final Configuration configuration, final LogObjectConfig config) {
        return acquire(configuration, config, null, false).object();
    }

    /** The engine of the configuration's logger context while it has log objects, else null. */
    static Log engineOf(final Configuration configuration) {
        return OBJECTS.engineOf(key(configuration));
    }

    /** Whether the caller is the only user of {@code object}, so its release closes the file. */
    static boolean lastUser(final Configuration configuration, final LogObject object) {
        return OBJECTS.users(key(configuration), object) == 1;
    }

    /** Gives a log object back; its last user removes it (writing what it holds), the engine's last stops it. */
    static void release(final Configuration configuration, final LogObject object) {
        OBJECTS.release(key(configuration), object);
    }
}
