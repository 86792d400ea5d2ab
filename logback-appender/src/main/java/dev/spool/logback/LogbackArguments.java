package dev.spool.logback;

import dev.spool.engine.adapter.MessageArguments;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * SLF4J's {@code {}} formatting on the preproc thread, over a template and the arguments
 * {@link MessageArguments} carried (Logback formats a message the first time something asks for
 * it; a deferrable one is never asked on the caller). {@link #format} applies SLF4J's rules to the
 * template's bytes: each {@code {}} takes the next argument, {@code \{}} is a literal
 * {@code {}}, {@code \\{}} a backslash and the argument; anchors beyond the arguments stay as they
 * are.
 */
final class LogbackArguments {
    private LogbackArguments() {
    }

    /** The formatted message, SLF4J's way, from the template's bytes in {@code templateSlot} and the arguments. */
    static void format(final RecordView view, final int templateSlot, final int argumentsSlot, final TextOutput out) {
        final ByteBuffer b = view.buffer();
        final int start = view.offset(templateSlot);
        final int end = start + Math.max(0, view.length(templateSlot));
        final PairCursor args = view.pairs(argumentsSlot);
        int i = start;
        int remaining = args.count();
        while (remaining > 0) {
            final int j = anchor(b, i, end);
            if (j < 0) {
                break;
            }
            if (j > start && b.get(j - 1) == '\\') {
                if (j - 1 > start && b.get(j - 2) == '\\') { // "\\{}": a backslash, then the argument
                    out.write(b, i, j - 1 - i);
                    args.next();
                    remaining--;
                    MessageArguments.write(b, args, out);
                    i = j + 2;
                } else { // "\{}": a literal "{", and the anchor takes no argument
                    out.write(b, i, j - 1 - i);
                    out.write('{');
                    i = j + 1;
                }
            } else {
                out.write(b, i, j - i);
                args.next();
                remaining--;
                MessageArguments.write(b, args, out);
                i = j + 2;
            }
        }
        out.write(b, i, end - i);
    }

    /** The offset of the next "{}" at or after {@code from}, or -1. */
    private static int anchor(final ByteBuffer b, final int from, final int end) {
        for (int k = from; k + 1 < end; k++) {
            if (b.get(k) == '{' && b.get(k + 1) == '}') {
                return k;
            }
        }
        return -1;
    }

    /** The formatted message as a String, for the encoder's rebuilt event. */
    static String formatted(final RecordView view, final int templateSlot, final int argumentsSlot,
                            final TextOutput scratch) {
        scratch.reset();
        format(view, templateSlot, argumentsSlot, scratch);
        return new String(scratch.array(), 0, scratch.length(), StandardCharsets.UTF_8);
    }
}
