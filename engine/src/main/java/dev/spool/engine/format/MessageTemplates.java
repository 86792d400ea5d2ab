package dev.spool.engine.format;

import dev.spool.engine.event.MessageSyntax;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Puts a stored message's arguments into its template, by the template's {@link MessageSyntax},
 * on the engine's threads: over the template's UTF-8 bytes and arguments that
 * {@link MessageArguments} stored, without making a String.
 */
public final class MessageTemplates {
    private static final byte[] SLF4J = MessageSyntax.SLF4J.key().getBytes(StandardCharsets.UTF_8);
    private static final byte[] LOG4J2 = MessageSyntax.LOG4J2.key().getBytes(StandardCharsets.UTF_8);

    private MessageTemplates() {
    }

    /**
     * Writes the message a {@link FieldType#MESSAGE} slot holds: the text of a plain message, or
     * the template with its arguments put in. A syntax this reader does not know (a newer
     * Spool's) shows the template as it is.
     */
    public static void render(final RecordView view, final int slot, final TextOutput out) {
        if (view.isNull(slot) || view.length(slot) < 4) {
            return;
        }
        final ByteBuffer buffer = view.buffer();
        if (buffer.getInt(view.offset(slot)) == 0) { // kept as its text, the short form: no pairs, then the text
            out.write(buffer, view.offset(slot) + 4, view.length(slot) - 4);
            return;
        }
        final PairCursor c = view.pairs(slot);
        final int arguments = c.count() - 1;
        if (!c.next()) {
            return;
        }
        final ByteBuffer b = view.buffer();
        final int start = c.valueOffset();
        final int end = start + Math.max(0, c.valueLength());
        if (arguments > 0 && c.keyEquals(SLF4J)) {
            slf4j(b, start, end, c, arguments, out);
        } else if (arguments > 0 && c.keyEquals(LOG4J2)) {
            log4j2(b, start, end, c, arguments, out);
        } else {
            out.write(b, start, end - start);
        }
    }

    /** The message of a {@link FieldType#MESSAGE} slot as a String. */
    public static String string(final RecordView view, final int slot, final TextOutput scratch) {
        scratch.reset();
        render(view, slot, scratch);
        return new String(scratch.array(), 0, scratch.length(), StandardCharsets.UTF_8);
    }

    /**
     * SLF4J's rules ({@link MessageSyntax#SLF4J}) over the template {@code b[start, end)} and the
     * next {@code arguments} pairs of {@code args}.
     */
    public static void slf4j(final ByteBuffer b, final int start, final int end, final PairCursor args,
                             final int arguments, final TextOutput out) {
        int i = start;
        int remaining = arguments;
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

    /**
     * Log4j2's rules ({@link MessageSyntax#LOG4J2}) over the template {@code b[start, end)} and
     * the next {@code arguments} pairs of {@code args}.
     */
    public static void log4j2(final ByteBuffer b, final int start, final int end, final PairCursor args,
                              final int arguments, final TextOutput out) {
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
        int remaining = arguments;
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
