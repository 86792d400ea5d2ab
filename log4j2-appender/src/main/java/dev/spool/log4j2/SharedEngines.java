package dev.spool.log4j2;

import dev.spool.engine.Log;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.status.StatusLogger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One engine per Log4j2 logger context, shared by all its Spool appenders: started by the first
 * appender that starts, stopped (and flushed) when the last one stops. Log objects are shared by
 * file: when a reconfiguration starts a new appender on a file an old one still writes, the new
 * appender takes over the same log object (same buffers, same open file), so nothing is lost,
 * doubled or reordered across the switch. Log4j2's own shutdown hook stops the appenders, so the
 * engine installs none. Engine diagnostics go to the StatusLogger.
 */
final class SharedEngines {
    private static final Map<Object, Shared> ENGINES = new IdentityHashMap<>();
    private static int started;

    private static final class Shared {
        final Log log;
        final Map<Path, SharedObject> objects = new HashMap<>();

        Shared(final Log log) {
            this.log = log;
        }
    }

    private static final class SharedObject {
        final LogObject object;
        int users;

        SharedObject(final LogObject object) {
            this.object = object;
        }
    }

    private SharedEngines() {
    }

    /** The key of a configuration's engine: its logger context, which outlives reconfigurations. */
    private static Object key(final Configuration configuration) {
        final LoggerContext context = configuration.getLoggerContext();
        return context != null ? context : configuration;
    }

    /**
     * The log object for {@code config}'s file in the configuration's engine: the one already open
     * for that file (a reconfiguration), or a new one, its file truncated first if {@code truncate}.
     *
     * @throws dev.spool.engine.object.LogConfigException for bad settings
     */
    static synchronized LogObject acquire(final Configuration configuration, final LogObjectConfig config,
                                          final boolean truncate) {
        final Object key = key(configuration);
        Shared s = ENGINES.get(key);
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
            ENGINES.put(key, s);
        }
        final Path file = config.file().toAbsolutePath().normalize();
        SharedObject o = s.objects.get(file);
        if (o == null) {
            if (truncate) { // append="false": only when the file is opened anew, never on a takeover
                try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    c.truncate(0);
                } catch (final IOException e) {
                    // No file yet, or it cannot be opened: the engine reports that when it writes.
                }
            }
            try {
                o = new SharedObject(s.log.addObject(config));
            } catch (final RuntimeException e) {
                if (s.objects.isEmpty()) {
                    ENGINES.remove(key);
                    s.log.stop();
                }
                throw e;
            }
            s.objects.put(file, o);
        } else {
            final String changed = o.object.config().settingsChangedBy(config);
            if (!changed.isEmpty()) {
                StatusLogger.getLogger().warn("Spool appender \"{}\" takes over the open file {}: its layout applies at"
                    + " once, but {} stay as they were until no appender uses the file", config.name(), file, changed);
            }
        }
        o.users++;
        return o.object;
    }

    /** The engine of the configuration's logger context while it has log objects, else null. */
    static synchronized Log engineOf(final Configuration configuration) {
        final Shared s = ENGINES.get(key(configuration));
        return s == null ? null : s.log;
    }

    /** Gives a log object back; its last user removes it (writing what it holds), the engine's last stops it. */
    static void release(final Configuration configuration, final LogObject object) {
        Log removeFrom = null;
        Log stop = null;
        synchronized (SharedEngines.class) {
            final Object key = key(configuration);
            final Shared s = ENGINES.get(key);
            if (s == null) {
                return;
            }
            final Path file = object.config().file().toAbsolutePath().normalize();
            final SharedObject o = s.objects.get(file);
            if (o == null || o.object != object || --o.users > 0) {
                return;
            }
            s.objects.remove(file);
            removeFrom = s.log;
            if (s.objects.isEmpty()) {
                ENGINES.remove(key);
                stop = s.log;
            }
        }
        removeFrom.removeObject(object);
        if (stop != null) {
            stop.stop();
        }
    }
}
