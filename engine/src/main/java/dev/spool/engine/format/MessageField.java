package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordWriter;

/**
 * The {@code msg} field: the event's message, stored as a {@link FieldType#MESSAGE}. A message
 * whose template and arguments the event gives ({@link LogEvent#messageTemplate()}), every
 * argument's text fixed at the call, is stored as those and formatted when it is rendered, on the
 * engine's threads; any other is stored as its text, taken on the caller.
 */
final class MessageField extends LogField {
    /** The first pair's key of a message stored as its text in the pair form (FORMAT.md, the {@code message} type). */
    static final String TEXT = "text";

    MessageField() {
        super("msg");
    }

    @Override
    public FieldType type(final String key) {
        return FieldType.MESSAGE;
    }

    @Override
    public void marshal(final LogEvent event, final String key, final RecordWriter out) {
        final String template = event.messageTemplate();
        if (template != null) {
            final Object[] arguments = event.messageArguments();
            if (arguments != null && arguments.length > 0 && MessageArguments.deferrable(arguments, arguments.length)) {
                MessageArguments.capture(event.messageSyntax(), template, arguments, arguments.length, out);
                return;
            }
        }
        final CharSequence text = event.message();
        if (text == null) {
            out.putNull();
            return;
        }
        out.putMessageText(text);
    }

    @Override
    public CharSequence text(final LogEvent event, final String key) {
        return event.message();
    }

    @Override
    public boolean filterable() {
        return true;
    }
}
