package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One engine per Logback context, shared by its Spool appenders, and their log objects shared by
 * file across reloads.
 *
 * <p>A Logback reload ({@code scan="true"}, or a programmatic reset and configure) stops every
 * appender before it reads the new configuration, and an event may already be inside an appender
 * that is being stopped. So a stopped appender's log object is not closed at once: its events are
 * flushed to disk, and the object stays open for {@value #GRACE_MILLIS} ms, taking the stragglers;
 * a new appender for the same file within that time takes it over (same buffers, same open file,
 * nothing lost, doubled or reordered), and otherwise it is closed. Stopping the context closes
 * everything at once. Two live appenders on one file are refused, as Logback refuses them.
 *
 * <p>The engine installs its own shutdown hook (Logback's is optional), so events buffered when
 * the JVM ends are written. Engine diagnostics go to the context's status manager.
 */
final class LogbackEngines {
    static final long GRACE_MILLIS = 2_000;

    private static final Map<Context, Shared> ENGINES = new IdentityHashMap<>();
    /**
     * Contexts that have the stop listener. It is added once per context and never removed by us
     * (Logback's listener list is not safe to change while the context fires events); the context
     * drops it when it stops, and so do we here.
     */
    private static final java.util.Set<Context> LISTENED =
        java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    private static ScheduledExecutorService timer;
    private static int started;

    private static final class Shared {
        final Log log;
        final Map<Path, SharedObject> objects = new HashMap<>();
        /** Users of the engine that hold no log object (a sockstat writing into an appender). */
        int holders;

        boolean unused() {
            return objects.isEmpty() && holders == 0;
        }

        Shared(final Log log) {
            this.log = log;
        }
    }

    private static final class SharedObject {
        final LogObject object;
        String owner;
        int users;
        ScheduledFuture<?> removal;

        SharedObject(final LogObject object, final String owner) {
            this.object = object;
            this.owner = owner;
        }
    }

    private LogbackEngines() {
    }

    /**
     * The log object for {@code config}'s file in the context's engine: the one a stopped appender
     * left open (a reload), or a new one, its file truncated first if {@code truncate}.
     *
     * @param warn receives what a takeover cannot apply
     * @throws IllegalArgumentException for bad settings or a file a live appender writes
     */
    static synchronized LogObject acquire(final Context context, final String appender, final LogObjectConfig config,
                                          final boolean truncate, final Consumer<String> warn) {
        final Shared s = shared(context);
        return acquire(context, s, appender, config, truncate, warn);
    }

    /** The context's engine, started if it has none; hold it with {@link #retainEngine}. */
    private static Shared shared(final Context context) {
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
            if (context instanceof LoggerContext && LISTENED.add(context)) {
                ((LoggerContext) context).addListener(new StopListener());
            }
        }
        return s;
    }

    /** The context's engine, kept running until {@link #releaseEngine}, for a user that holds no log object. */
    static synchronized Log retainEngine(final Context context) {
        final Shared s = shared(context);
        s.holders++;
        return s.log;
    }

    /** Gives back what {@link #retainEngine} took; the engine's last user stops it. */
    static void releaseEngine(final Context context) {
        Log stop = null;
        synchronized (LogbackEngines.class) {
            final Shared s = ENGINES.get(context);
            if (s == null || s.holders == 0) {
                return;
            }
            s.holders--;
            if (s.unused()) {
                forget(context, s);
                stop = s.log;
            }
        }
        if (stop != null) {
            stop.stop();
        }
    }

    private static LogObject acquire(final Context context, final Shared s, final String appender,
                                     final LogObjectConfig config, final boolean truncate, final Consumer<String> warn) {
        final Path file = config.file().toAbsolutePath().normalize();
        final SharedObject o = s.objects.get(file);
        if (o != null && o.users > 0) {
            throw new IllegalArgumentException("file " + file + " is already written by appender \"" + o.owner + "\"");
        }
        if (o != null) {
            if (o.removal != null) {
                o.removal.cancel(false);
                o.removal = null;
            }
            final String changed = o.object.config().settingsChangedBy(config);
            if (!changed.isEmpty()) {
                warn.accept("takes over the open file " + file + " from appender \"" + o.owner + "\": its encoder"
                    + " applies at once, but " + changed + " stay as they were until the file is closed");
            }
            o.owner = appender;
            o.users = 1;
            return o.object;
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
        final SharedObject added = new SharedObject(object, appender);
        added.users = 1;
        s.objects.put(file, added);
        return object;
    }

    /** The context's engine while it has log objects, else null. */
    static synchronized Log engineOf(final Context context) {
        final Shared s = ENGINES.get(context);
        return s == null ? null : s.log;
    }

    /**
     * An appender stopped: writes everything it logged, then keeps the object open for a takeover
     * or a straggler, and closes it after {@value #GRACE_MILLIS} ms unless taken over.
     */
    static void release(final Context context, final LogObject object) {
        final Log log;
        synchronized (LogbackEngines.class) {
            final Shared s = ENGINES.get(context);
            final SharedObject o = s == null ? null : find(s, object);
            if (o == null || o.users == 0 || --o.users > 0) {
                return;
            }
            log = s.log;
        }
        log.flush(object);
        synchronized (LogbackEngines.class) {
            final Shared s = ENGINES.get(context);
            final SharedObject o = s == null ? null : find(s, object);
            if (o != null && o.users == 0 && o.removal == null) {
                o.removal = timer().schedule(() -> removeIfUnused(context, object), GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static SharedObject find(final Shared s, final LogObject object) {
        final SharedObject o = s.objects.get(object.config().file().toAbsolutePath().normalize());
        return o != null && o.object == object ? o : null;
    }

    private static void removeIfUnused(final Context context, final LogObject object) {
        Log log = null;
        boolean stop = false;
        synchronized (LogbackEngines.class) {
            final Shared s = ENGINES.get(context);
            final SharedObject o = s == null ? null : find(s, object);
            if (o == null || o.users > 0) {
                return;
            }
            s.objects.remove(object.config().file().toAbsolutePath().normalize());
            log = s.log;
            if (s.unused()) {
                forget(context, s);
                stop = true;
            }
        }
        log.removeObject(object);
        if (stop) {
            log.stop();
        }
    }

    /** The context stops: every object is closed and written now, and the engine stopped. */
    static void stopContext(final Context context) {
        final Shared s;
        final List<LogObject> objects = new ArrayList<>();
        synchronized (LogbackEngines.class) {
            s = ENGINES.get(context);
            if (s == null) {
                return;
            }
            for (final SharedObject o : s.objects.values()) {
                if (o.removal != null) {
                    o.removal.cancel(false);
                }
                objects.add(o.object);
            }
            forget(context, s);
        }
        for (final LogObject o : objects) {
            s.log.removeObject(o);
        }
        s.log.stop();
    }

    private static void stopIfUnused(final Context context, final Shared s) {
        if (s.unused()) {
            forget(context, s);
            s.log.stop();
        }
    }

    private static void forget(final Context context, final Shared s) {
        ENGINES.remove(context);
    }

    private static ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread t = new Thread(r, "spool-logback-release");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    /** Closes the context's log objects when the context stops (it survives resets, which reloads do). */
    private static final class StopListener implements LoggerContextListener {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onStart(final LoggerContext context) {
        }

        @Override
        public void onReset(final LoggerContext context) {
        }

        @Override
        public void onStop(final LoggerContext context) {
            synchronized (LogbackEngines.class) {
                LISTENED.remove(context); // the context drops its listeners next
            }
            stopContext(context);
        }

        @Override
        public void onLevelChange(final Logger logger, final Level level) {
        }
    }
}
