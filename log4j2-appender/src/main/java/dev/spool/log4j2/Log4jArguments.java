package dev.spool.log4j2;

import dev.spool.engine.adapter.MessageArguments;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;

import java.nio.ByteBuffer;

/**
 * Log4j2's {@code {}} formatting on the preproc thread, over a template and the arguments
 * {@link MessageArguments} carried. It applies where Log4j2 has not formatted the message already:
 * a {@link ParameterizedMessage} formats itself the first time it is asked (the event factory of
 * web applications, {@code log4j2.enableThreadlocals=false}, passes it on as it is), while the
 * garbage-free event factory formats a reusable message into its event on the caller, before any
 * appender runs; those events carry the text as before.
 *
 * <p>Log4j2's rules, as its {@code ParameterFormatter} applies them: a template without an
 * unescaped {@code {}} is written as it is, backslashes included. Otherwise each backslash escapes
 * the character after it: {@code \{}} is a literal {@code {}}, {@code \\} one backslash, a
 * backslash before any other character stays; the first anchors take the arguments, in order, and
 * anchors beyond the arguments stay as they are.
 */
final class Log4jArguments {
    private Log4jArguments() {
    }

    /**
     * The arguments to carry for this message, or null when it is to be formatted on the caller;
     * when not null, the message is a {@link ParameterizedMessage} with a template.
     */
    static Object[] deferred(final Message message) {
        if (message == null || message.getClass() != ParameterizedMessage.class
            || ((ParameterizedMessage) message).getFormat() == null) {
            return null;
        }
        final Object[] arguments = message.getParameters();
        if (arguments == null) {
            return null;
        }
        // A throwable among the arguments (shown or taken as the event's) is not deferrable: formatted on the caller.
        return MessageArguments.deferrable(arguments, arguments.length) ? arguments : null;
    }

    /** The formatted message, Log4j2's way, from the template's bytes in {@code templateSlot} and the arguments. */
    static void format(final RecordView view, final int templateSlot, final int argumentsSlot, final TextOutput out) {
        final ByteBuffer b = view.buffer();
        final int start = view.offset(templateSlot);
        final int end = start + Math.max(0, view.length(templateSlot));
        final PairCursor args = view.pairs(argumentsSlot);
        boolean anchors = false;
        boolean escaped = false;
        for (int i = start; i + 1 < end && !anchors; i++) {
            final byte c = b.get(i);
            if (c == '\\') {
                escaped = !escaped;
            } else if (escaped) {
                escaped = false;
            } else {
                anchors = c == '{' && b.get(i + 1) == '}';
            }
        }
        if (!anchors) {
            out.write(b, start, end - start);
            return;
        }
        int remaining = args.count();
        int from = start;
        escaped = false;
        for (int i = start; i < end; i++) {
            final byte c = b.get(i);
            if (c == '\\') {
                escaped = !escaped;
                if (!escaped) { // the second of two: the pair is one backslash, already written
                    out.write(b, from, i - from);
                    from = i + 1;
                }
            } else if (c == '{' && i + 1 < end && b.get(i + 1) == '}') {
                if (escaped) { // "\{}": the anchor, without its backslash
                    out.write(b, from, i - 1 - from);
                    from = i;
                    escaped = false;
                } else if (remaining > 0) {
                    out.write(b, from, i - from);
                    args.next();
                    remaining--;
                    MessageArguments.write(b, args, out);
                    from = i + 2;
                }
                i++;
            } else {
                escaped = false;
            }
        }
        out.write(b, from, end - from);
    }
}
