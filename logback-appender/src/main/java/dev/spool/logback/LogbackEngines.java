package dev.spool.logback;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.WarnStatus;
import dev.spool.engine.Log;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One engine per Logback context, shared by its Spool appenders: started by the first appender
 * that starts, stopped (and flushed) when the last one stops. A Logback reconfiguration stops
 * every appender before it starts the new ones, so files are not handed over as in Log4j2; two
 * appenders of one configuration on the same file are refused, as Logback refuses them. The
 * engine installs its own shutdown hook (Logback's is optional), so events buffered when the JVM
 * ends are written. Engine diagnostics go to the context's status manager.
 */
final class LogbackEngines {
    private static final Map<Context, Shared> ENGINES = new IdentityHashMap<>();
    private static int started;

    private static final class Shared {
        final Log log;
        final Map<Path, String> files = new HashMap<>();

        Shared(final Log log) {
            this.log = log;
        }
    }

    private LogbackEngines() {
    }

    /**
     * A new log object in the context's engine, its file truncated first if {@code truncate}.
     *
     * @throws IllegalArgumentException for bad settings or a file another appender writes
     */
    static synchronized LogObject acquire(final Context context, final String appender, final LogObjectConfig config,
                                          final boolean truncate) {
        Shared s = ENGINES.get(context);
        if (s == null) {
            final Object origin = context;
            s = new Shared(Log.start(LogConfig.builder()
                .engineName("logback-" + (++started))
                .shutdownHook(true)
                .errorListener((message, cause) -> context.getStatusManager().add(
                    new WarnStatus("Spool: " + message, origin, cause)))
                .build()));
            ENGINES.put(context, s);
        }
        final Path file = config.file().toAbsolutePath().normalize();
        final String owner = s.files.get(file);
        if (owner != null) {
            stopIfUnused(context, s);
            throw new IllegalArgumentException("file " + file + " is already written by appender \"" + owner + "\"");
        }
        if (truncate) {
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(0);
            } catch (final IOException e) {
                // No file yet, or it cannot be opened: the engine reports that when it writes.
            }
        }
        final LogObject object;
        try {
            object = s.log.addObject(config);
        } catch (final RuntimeException e) {
            stopIfUnused(context, s);
            throw e;
        }
        s.files.put(file, appender);
        return object;
    }

    private static void stopIfUnused(final Context context, final Shared s) {
        if (s.files.isEmpty()) {
            ENGINES.remove(context);
            s.log.stop();
        }
    }

    /** Removes the object (writing what it holds); the engine's last stops the engine. */
    static void release(final Context context, final LogObject object) {
        Log log = null;
        boolean stop = false;
        synchronized (LogbackEngines.class) {
            final Shared s = ENGINES.get(context);
            if (s == null) {
                return;
            }
            if (s.files.remove(object.config().file().toAbsolutePath().normalize()) == null) {
                return;
            }
            log = s.log;
            if (s.files.isEmpty()) {
                ENGINES.remove(context);
                stop = true;
            }
        }
        log.removeObject(object);
        if (stop) {
            log.stop();
        }
    }
}
