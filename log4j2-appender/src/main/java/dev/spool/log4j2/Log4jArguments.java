package dev.spool.log4j2;

import dev.spool.engine.format.MessageArguments;
import dev.spool.engine.format.MessageTemplates;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;

/**
 * Log4j2's {@code {}} formatting on the preproc thread, over a template and the arguments
 * {@link MessageArguments} carried. It applies where Log4j2 has not formatted the message already:
 * a {@link ParameterizedMessage} formats itself the first time it is asked (the event factory of
 * web applications, {@code log4j2.enableThreadlocals=false}, passes it on as it is), while the
 * garbage-free event factory formats a reusable message into its event on the caller, before any
 * appender runs; those events carry the text as before.
 *
 * <p>Formatted by Log4j2's rules ({@link dev.spool.engine.event.MessageSyntax#LOG4J2}).
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
        final int start = view.offset(templateSlot);
        final PairCursor args = view.pairs(argumentsSlot);
        MessageTemplates.log4j2(view.buffer(), start, start + Math.max(0, view.length(templateSlot)), args,
            args.count(), out);
    }
}
