package dev.spool.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.spool.engine.ContextPairs;
import org.slf4j.Marker;

import java.util.List;
import java.util.Map;

/**
 * A Logback event seen as the engine's {@link dev.spool.engine.LogEvent}, for the extra log
 * objects of a Spool appender (which use engine formats). Reusable, one per thread and nesting
 * level; it reads the event only while the engine captures it and keeps nothing afterwards.
 */
final class LogbackEventView implements dev.spool.engine.LogEvent {
    private static final int DEPTH = 4;
    private static final ThreadLocal<LogbackEventView[]> VIEWS = ThreadLocal.withInitial(() -> new LogbackEventView[DEPTH]);
    private static final ThreadLocal<int[]> LEVEL = ThreadLocal.withInitial(() -> new int[1]);

    private ILoggingEvent event;
    private final ContextPairs context = new ContextPairs();
    private final java.util.function.BiConsumer<String, String> addContext = context::add;

    /** The calling thread's view of {@code event}; give it back with {@link #release}. */
    static LogbackEventView of(final ILoggingEvent event) {
        final int depth = LEVEL.get()[0]++;
        LogbackEventView v;
        if (depth < DEPTH) {
            final LogbackEventView[] views = VIEWS.get();
            v = views[depth];
            if (v == null) {
                v = new LogbackEventView();
                views[depth] = v;
            }
        } else {
            v = new LogbackEventView();
        }
        v.event = event;
        v.context.clear();
        final Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            mdc.forEach(v.addContext);
        }
        return v;
    }

    /** Ends the use of the view taken last on this thread. */
    static void release(final LogbackEventView view) {
        view.event = null;
        LEVEL.get()[0]--;
    }

    @Override
    public long timestampNanos() {
        return SpoolAppender.nanos(event);
    }

    @Override
    public String level() {
        return event.getLevel().toString();
    }

    @Override
    public String loggerName() {
        return event.getLoggerName();
    }

    @Override
    public String threadName() {
        return event.getThreadName();
    }

    @Override
    public CharSequence message() {
        return event.getFormattedMessage();
    }

    @Override
    public String marker() {
        final List<Marker> markers = event.getMarkerList();
        return markers == null || markers.isEmpty() ? null : markers.get(0).getName();
    }

    @Override
    public Throwable throwable() {
        final IThrowableProxy p = event.getThrowableProxy();
        return p instanceof ThrowableProxy ? ((ThrowableProxy) p).getThrowable() : null;
    }

    @Override
    public String contextValue(final String key) {
        return context.value(key);
    }

    @Override
    public int contextSize() {
        return context.size();
    }

    @Override
    public String contextKey(final int i) {
        return context.key(i);
    }

    @Override
    public String contextValueAt(final int i) {
        return context.valueAt(i);
    }
}
