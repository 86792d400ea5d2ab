package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import dev.spool.engine.Log;
import dev.spool.engine.adapter.SockStatsSettings;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.sockstat.SockStatsEmitter;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * sockstat from logback.xml, as a context listener:
 * <pre>{@code
 * <contextListener class="dev.spool.logback.SockStats">
 *   <directory>logs</directory>
 *   <pollPeriod>100ms</pollPeriod>
 *   <maxSize>5MB</maxSize>
 * </contextListener>
 * }</pre>
 * writes the two-file ring {@code logs/sockstats.log1.txt} and {@code .log2.txt}. Properties:
 * {@code name} ({@code sockstats}), {@code directory} ({@code logs}), {@code pollPeriod}
 * ({@code 100ms}), {@code maxSize} ({@code 5MB}, both files together), {@code maxDelay}
 * ({@code 5s}: the ring's lines are written in batches), {@code appenderName} (a SpoolAppender to
 * write the JSON lines into instead, as they are), {@code labelKeys} ({@code name} or
 * {@code number}), {@code labelNumbers} (numbers given to labels, {@code api=1,db=2}; others are
 * derived from their names), {@code interfaceCounters} ({@code true}), {@code jfr}
 * ({@code false}), {@code jfrLabel} ({@code port}, {@code host} or {@code thread}) and
 * {@code cellularPrefixes} (more interface name prefixes that mean cellular). It stops
 * with the context, and a reload replaces it.
 */
public class SockStats extends ContextAwareBase implements LoggerContextListener, LifeCycle {
    private final SockStatsSettings settings = new SockStatsSettings();
    private String appender;

    private volatile boolean started;
    private SockStatsEmitter emitter;
    private Log engine;
    private LogObject ring;
    private boolean retained;
    private SpoolAppender target;
    /** Lines for {@code appenderName} that found no such appender; said once when it starts, and counted at stop. */
    private final AtomicLong dropped = new AtomicLong();

    public void setName(final String name) {
        settings.name(name);
    }

    public void setDirectory(final String directory) {
        settings.directory(directory);
    }

    public void setPollPeriod(final String pollPeriod) {
        settings.pollPeriod(pollPeriod);
    }

    public void setMaxSize(final String maxSize) {
        settings.maxSize(maxSize);
    }

    /**
     * The SpoolAppender to write into instead of the ring (Log4j2's {@code appender} attribute;
     * {@code <appender>} itself is taken in logback.xml).
     */
    public void setAppenderName(final String appender) {
        this.appender = appender;
    }

    /** How long the ring's lines may wait before they are written; 5s by default. */
    public void setMaxDelay(final String maxDelay) {
        settings.maxDelay(maxDelay);
    }

    /** Numbers given to labels: {@code name=number} pairs, comma-separated. */
    public void setLabelNumbers(final String labelNumbers) {
        settings.labelNumbers(labelNumbers);
    }

    public void setLabelKeys(final String labelKeys) {
        settings.labelKeys(labelKeys);
    }

    public void setInterfaceCounters(final String interfaceCounters) {
        settings.interfaceCounters(interfaceCounters);
    }

    public void setJfr(final String jfr) {
        settings.jfr(jfr);
    }

    public void setJfrLabel(final String jfrLabel) {
        settings.jfrLabel(jfrLabel);
    }

    /** Interface name prefixes that mean cellular, besides rmnet, ww and pdp; comma-separated. */
    public void setCellularPrefixes(final String cellularPrefixes) {
        settings.cellularPrefixes(cellularPrefixes);
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            final SockStatsEmitter.Sink sink;
            if (appender != null) {
                // The appender may be set up after this listener: it is looked up at the first event.
                sink = (millis, json) -> {
                    final SpoolAppender t = target();
                    if (t != null) {
                        t.sockStatsSink().emit(millis, json);
                    } else if (dropped.getAndIncrement() == 0) {
                        addError(where() + noTarget() + "; its lines are dropped (counted, and the count said at stop)");
                    }
                };
                emitter = settings.emitter(sink);
                engine = LogbackEngines.retainEngine(getContext());
                retained = true;
            } else {
                settings.check(); // every setting, before the ring is made
                ring = LogbackEngines.acquire(getContext(), settings.name(), settings.ring(),
                    message -> addWarn(where() + message));
                emitter = settings.emitter(SockStatsEmitter.Sink.into(ring));
                engine = LogbackEngines.engineOf(getContext());
            }
            if (!engine.addEmitter(emitter)) {
                emitter = null; // it said why
            }
        } catch (final IllegalArgumentException | IllegalStateException e) {
            addError(where() + e.getMessage() + "; sockstat is off");
            release();
            return;
        }
        started = true;
    }

    private String where() {
        return "SockStats \"" + settings.name() + "\": ";
    }

    private String noTarget() {
        return "appenderName=\"" + appender + "\" names no started SpoolAppender attached to a logger of this context";
    }

    /** The SpoolAppender named by {@code appender}, attached to any logger of the context. */
    private SpoolAppender target() {
        SpoolAppender t = target;
        if (t == null && getContext() instanceof LoggerContext) {
            for (final Logger logger : ((LoggerContext) getContext()).getLoggerList()) {
                for (final Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    final Appender<ILoggingEvent> a = it.next();
                    if (a instanceof SpoolAppender && appender.equals(a.getName()) && a.isStarted()) {
                        t = (SpoolAppender) a;
                    }
                }
            }
            target = t;
        }
        return t;
    }

    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        if (emitter != null && engine != null) {
            engine.removeEmitter(emitter);
        }
        emitter = null;
        target = null;
        final long lost = dropped.getAndSet(0);
        if (lost > 0) {
            addError(where() + lost + " sockstat line(s) dropped: " + noTarget());
        }
        release();
    }

    private void release() {
        if (ring != null) {
            LogbackEngines.release(getContext(), ring);
            ring = null;
        }
        if (retained) {
            retained = false;
            LogbackEngines.releaseEngine(getContext());
        }
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    /** A reload makes a new one. */
    @Override
    public boolean isResetResistant() {
        return false;
    }

    @Override
    public void onStart(final LoggerContext context) {
    }

    @Override
    public void onReset(final LoggerContext context) {
        stop();
    }

    @Override
    public void onStop(final LoggerContext context) {
        stop();
    }

    @Override
    public void onLevelChange(final Logger logger, final Level level) {
    }
}
