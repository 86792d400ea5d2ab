package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordWriter;

/**
 * The event's throwable, stored as data ({@link StackTraceRecord}: class, message, frames, causes
 * and suppressed ones) and rendered as the JDK prints it ({@code printStackTrace}: causes,
 * suppressed exceptions, "... n more"), without the final line break; null when there is none.
 * The frames are taken on the caller's thread (the throwable may change after the call), but no
 * text is laid out there; spool-cat shows the tree as JSON objects.
 */
final class ThrowableField extends LogField {
    ThrowableField() {
        super("throwable");
    }

    @Override
    public FieldType type(final String key) {
        return FieldType.THROWABLE;
    }

    @Override
    public void marshal(final LogEvent event, final String key, final RecordWriter out) {
        final Throwable t = event.throwable();
        if (t == null) {
            out.putNull();
            return;
        }
        StackTraceRecord.capture(t, out);
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
