package dev.spool.log4j2;

import dev.spool.engine.event.ContextLogEvent;
import dev.spool.engine.event.ContextPairs;
import dev.spool.engine.event.MessageSyntax;
import dev.spool.engine.record.ThreadScratch;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.apache.logging.log4j.util.TriConsumer;


/**
 * A Log4j2 event seen as the engine's {@link dev.spool.engine.event.LogEvent}, for the extra log objects
 * of a Spool appender (which use engine formats). Reusable, one per thread and nesting level; it
 * reads the event only while the engine captures it and keeps nothing afterwards.
 */
final class Log4jEventView extends ContextLogEvent {
    private static final ThreadScratch<Log4jEventView> VIEWS = new ThreadScratch<>(4, Log4jEventView::new);
    private static final TriConsumer<String, Object, ContextPairs> ADD_CONTEXT =
        (k, v, pairs) -> pairs.add(k, v == null ? null : String.valueOf(v));

    private LogEvent event;
    private final StringBuilder message = new StringBuilder(256);
    private boolean messageDone;

    /** The calling thread's view of {@code event}; give it back with {@link #release}. */
    static Log4jEventView of(final LogEvent event) {
        final Log4jEventView v = VIEWS.acquire();
        v.event = event;
        v.messageDone = false;
        v.context.clear();
        event.getContextData().forEach(ADD_CONTEXT, v.context);
        return v;
    }

    /** Ends the use of the view (the one this thread took last). */
    static void release(final Log4jEventView view) {
        view.event = null;
        VIEWS.release(view);
    }

    @Override
    public long timestampNanos() {
        return SpoolAppender.nanos(event);
    }

    @Override
    public String level() {
        return event.getLevel().name();
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
        if (!messageDone) {
            messageDone = true;
            message.setLength(0);
            final Message m = event.getMessage();
            if (m instanceof StringBuilderFormattable) {
                ((StringBuilderFormattable) m).formatTo(message);
            } else {
                message.append(m.getFormattedMessage());
            }
        }
        return message;
    }

    /** A {@link ParameterizedMessage}'s template (the engine formats it later if its arguments' text is fixed). */
    @Override
    public String messageTemplate() {
        final Message m = event.getMessage();
        return m != null && m.getClass() == ParameterizedMessage.class ? ((ParameterizedMessage) m).getFormat() : null;
    }

    @Override
    public Object[] messageArguments() {
        return event.getMessage().getParameters();
    }

    @Override
    public MessageSyntax messageSyntax() {
        return MessageSyntax.LOG4J2;
    }

    @Override
    public String marker() {
        final Marker m = event.getMarker();
        return m == null ? null : m.getName();
    }

    @Override
    public Throwable throwable() {
        return event.getThrown();
    }
}
