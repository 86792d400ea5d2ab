package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.WarnStatus;
import dev.spool.engine.Log;
import dev.spool.engine.adapter.RendererSwitch;
import dev.spool.engine.adapter.SharedLogObjects;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;

import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * Logback's rules for the engine's {@link SharedLogObjects}: one engine per Logback context,
 * shared by its Spool appenders, and their log objects shared by file across reloads.
 *
 * <p>A Logback reload ({@code scan="true"}, or a programmatic reset and configure) stops every
 * appender before it reads the new configuration, and an event may already be inside an appender
 * that is being stopped. So a stopped appender's log object is not closed at once: its events are
 * flushed to disk, and the object stays open for {@value #GRACE_MILLIS} ms, taking the stragglers;
 * a new appender for the same file within that time takes it over, and otherwise it is closed.
 * Stopping the context closes everything at once. Two live appenders on one file are refused, as
 * Logback refuses them.
 *
 * <p>The engine installs its own shutdown hook (Logback's is optional), so events buffered when
 * the JVM ends are written. Engine diagnostics go to the context's status manager.
 */
final class LogbackEngines {
    static final long GRACE_MILLIS = 2_000;

    private static final SharedLogObjects<Context, LogbackRecord.Renderer> OBJECTS =
        SharedLogObjects.<Context, LogbackRecord.Renderer>builder("logback")
            .shutdownHook(true)
            .errors(context -> (message, cause) -> context.getStatusManager().add(
                new WarnStatus("Spool: " + message, context, cause)))
            .grace(Duration.ofMillis(GRACE_MILLIS))
            .sharedFiles(false)
            .rendererKind("encoder")
            .build();

    /**
     * Contexts that have the stop listener. It is added once per context and never removed by us
     * (Logback's listener list is not safe to change while the context fires events); the context
     * drops it when it stops, and so do we here.
     */
    private static final Set<Context> LISTENED = Collections.newSetFromMap(new WeakHashMap<>());

    private LogbackEngines() {
    }

    /**
     * The log object for {@code config}'s file in the context's engine: the one a stopped appender
     * left open (a reload), or a new one with {@code encoders} as its renderer (null: none), its
     * file truncated first if {@code truncate}.
     *
     * @param warn receives what a takeover cannot apply
     * @throws IllegalArgumentException for bad settings or a file a live appender writes
     */
    static SharedLogObjects.Acquired<LogbackRecord.Renderer> acquire(
        final Context context, final String appender, final LogObjectConfig config,
        final RendererSwitch<LogbackRecord.Renderer> encoders, final boolean truncate, final Consumer<String> warn) {
        listen(context);
        return OBJECTS.acquire(context, appender, config, encoders, truncate, warn);
    }

    /** {@link #acquire} for an object in an engine format. */
    static LogObject acquire(final Context context, final String appender, final LogObjectConfig config,
                             final Consumer<String> warn) {
        return acquire(context, appender, config, null, false, warn).object();
    }

    /** The context's engine, kept running until {@link #releaseEngine}, for a user that holds no log object. */
    static Log retainEngine(final Context context) {
        listen(context);
        return OBJECTS.retainEngine(context);
    }

    /** Gives back what {@link #retainEngine} took; the engine's last user stops it. */
    static void releaseEngine(final Context context) {
        OBJECTS.releaseEngine(context);
    }

    /** The context's engine while it has log objects, else null. */
    static Log engineOf(final Context context) {
        return OBJECTS.engineOf(context);
    }

    /**
     * An appender stopped: writes everything it logged, then keeps the object open for a takeover
     * or a straggler, and closes it after {@value #GRACE_MILLIS} ms unless taken over.
     */
    static void release(final Context context, final LogObject object) {
        OBJECTS.release(context, object);
    }

    /** Makes the context close its log objects when it stops (the listener survives resets, which reloads do). */
    private static void listen(final Context context) {
        final boolean added;
        synchronized (LISTENED) {
            added = context instanceof LoggerContext && LISTENED.add(context);
        }
        if (added) {
            ((LoggerContext) context).addListener(new StopListener());
        }
    }

    /** Closes the context's log objects when the context stops. */
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
            synchronized (LISTENED) {
                LISTENED.remove(context); // the context drops its listeners next
            }
            OBJECTS.close(context);
        }

        @Override
        public void onLevelChange(final Logger logger, final Level level) {
        }
    }
}
