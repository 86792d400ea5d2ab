package dev.spool.logback;

import dev.spool.engine.format.MessageArguments;
import dev.spool.engine.format.MessageTemplates;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;

import java.nio.charset.StandardCharsets;

/**
 * SLF4J's {@code {}} formatting on the preproc thread, over a template and the arguments
 * {@link MessageArguments} carried (Logback formats a message the first time something asks for
 * it; a deferrable one is never asked on the caller), by SLF4J's rules
 * ({@link dev.spool.engine.event.MessageSyntax#SLF4J}).
 */
final class LogbackArguments {
    private LogbackArguments() {
    }

    /** The formatted message, SLF4J's way, from the template's bytes in {@code templateSlot} and the arguments. */
    static void format(final RecordView view, final int templateSlot, final int argumentsSlot, final TextOutput out) {
        final int start = view.offset(templateSlot);
        final PairCursor args = view.pairs(argumentsSlot);
        MessageTemplates.slf4j(view.buffer(), start, start + Math.max(0, view.length(templateSlot)), args, args.count(),
            out);
    }

    /** The formatted message as a String, for the encoder's rebuilt event. */
    static String formatted(final RecordView view, final int templateSlot, final int argumentsSlot,
                            final TextOutput scratch) {
        scratch.reset();
        format(view, templateSlot, argumentsSlot, scratch);
        return new String(scratch.array(), 0, scratch.length(), StandardCharsets.UTF_8);
    }
}
