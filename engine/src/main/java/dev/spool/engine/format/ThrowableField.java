package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordWriter;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The event's throwable as the JDK prints it ({@code printStackTrace}: causes, suppressed
 * exceptions, "... n more"), without the final line break; null when there is none. The trace
 * is captured as text on the caller's thread: events with a throwable are rare, and the text is
 * exactly what a reader of the log expects.
 */
final class ThrowableField extends LogField {
    ThrowableField() {
        super("throwable");
    }

    @Override
    public FieldType type(final String key) {
        return FieldType.STRING;
    }

    @Override
    public void marshal(final LogEvent event, final String key, final RecordWriter out) {
        final Throwable t = event.throwable();
        if (t == null) {
            out.putNull();
            return;
        }
        out.putString(stackTrace(t));
    }

    static CharSequence stackTrace(final Throwable t) {
        final StringWriter text = new StringWriter(1024);
        try (PrintWriter pw = new PrintWriter(text)) {
            t.printStackTrace(pw);
        }
        final StringBuffer b = text.getBuffer();
        int end = b.length();
        while (end > 0 && (b.charAt(end - 1) == '\n' || b.charAt(end - 1) == '\r')) {
            end--;
        }
        b.setLength(end);
        return b;
    }

    @Override
    public CharSequence text(final LogEvent event, final String key) {
        final Throwable t = event.throwable();
        return t == null ? null : t.getClass().getName();
    }

    @Override
    public boolean filterable() {
        return true;
    }
}
