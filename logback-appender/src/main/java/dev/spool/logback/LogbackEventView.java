package dev.spool.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.spool.engine.event.ContextLogEvent;
import dev.spool.engine.record.ThreadScratch;
import org.slf4j.Marker;

import java.util.List;
import java.util.Map;

/**
 * A Logback event seen as the engine's {@link dev.spool.engine.event.LogEvent}, for the extra log
 * objects of a Spool appender (which use engine formats). Reusable, one per thread and nesting
 * level; it reads the event only while the engine captures it and keeps nothing afterwards.
 */
final class LogbackEventView extends ContextLogEvent {
    private static final ThreadScratch<LogbackEventView> VIEWS = new ThreadScratch<>(4, LogbackEventView::new);

    private ILoggingEvent event;
    private final java.util.function.BiConsumer<String, String> addContext = context::add;

    /** The calling thread's view of {@code event}; give it back with {@link #release}. */
    static LogbackEventView of(final ILoggingEvent event) {
        final LogbackEventView v = VIEWS.acquire();
        v.event = event;
        v.context.clear();
        final Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            mdc.forEach(v.addContext);
        }
        return v;
    }

    /** Ends the use of the view (the one this thread took last). */
    static void release(final LogbackEventView view) {
        view.event = null;
        VIEWS.release(view);
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

    /** The template when there are arguments (the engine formats it later if their text is fixed; SLF4J's syntax). */
    @Override
    public String messageTemplate() {
        return event.getArgumentArray() == null ? null : event.getMessage();
    }

    @Override
    public Object[] messageArguments() {
        return event.getArgumentArray();
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
}
