package dev.spool.engine.format;

import dev.spool.engine.record.RecordView;

/**
 * How a field's stored bytes are to be read: the type is written into every binary log's
 * descriptor, so a reader can render a field it has never heard of.
 */
public enum FieldType {
    /** UTF-8 text. */
    STRING,
    /** A signed 64-bit number. */
    LONG,
    /** The entry's own timestamp; nothing is stored for it. */
    TIMESTAMP,
    /** String keys to string values, rendered as {@code {k1=v1, k2=v2}}. */
    MAP,
    /**
     * A throwable's tree as data ({@link StackTraceRecord}), rendered as the JDK's
     * {@code printStackTrace} prints it. Logs written before this type store the trace as a STRING.
     */
    THROWABLE,
    /**
     * A message ({@link MessageField}): stored as a map whose first pair is the syntax
     * ({@code text}, {@code slf4j}, {@code log4j2}) and the text or template, and whose further
     * pairs are the template's arguments ({@link MessageArguments}); rendered formatted. Format
     * 2.0 on; logs written before it store the message as a STRING.
     */
    MESSAGE,
    /**
     * A type this reader does not know, named in the descriptor of a log a newer Spool wrote
     * (format minor versions may add types): its bytes are skipped by their length and it is
     * rendered as {@code ?}. Never written.
     */
    UNKNOWN;

    private static final byte[] UNKNOWN_TEXT = {'?'};

    private static final byte[] NULL_TEXT = {'-'};

    /** Renders a stored value of this type the plain way. */
    public void render(final RecordView view, final int slot, final TextOutput out) {
        if (this == TIMESTAMP) {
            out.writeLong(view.timestampNanos());
            return;
        }
        if (view.isNull(slot)) {
            out.write(NULL_TEXT);
            return;
        }
        switch (this) {
            case LONG:
                out.writeLong(view.getLong(slot));
                break;
            case UNKNOWN:
                out.write(UNKNOWN_TEXT);
                break;
            case MAP:
                renderMap(view, slot, out);
                break;
            case THROWABLE:
                StackTraceRecord.renderText(view, slot, out);
                break;
            case MESSAGE:
                MessageTemplates.render(view, slot, out);
                break;
            default:
                out.write(view.buffer(), view.offset(slot), view.length(slot));
        }
    }

    /** The text of a null value in a rendered line. */
    public static void renderNull(final TextOutput out) {
        out.write(NULL_TEXT);
    }

    private static void renderMap(final RecordView view, final int slot, final TextOutput out) {
        final java.nio.ByteBuffer b = view.buffer();
        final int end = view.offset(slot) + view.length(slot);
        int p = view.offset(slot);
        final int pairs = b.getInt(p);
        p += 4;
        out.write('{');
        for (int i = 0; i < pairs && p < end; i++) {
            if (i > 0) {
                out.write(',');
                out.write(' ');
            }
            p = copyText(b, p, end, out);
            out.write('=');
            p = copyText(b, p, end, out);
        }
        out.write('}');
    }

    private static int copyText(final java.nio.ByteBuffer b, final int p, final int end, final TextOutput out) {
        if (end - p < 4) {
            return end;
        }
        final int len = b.getInt(p);
        if (len < 0) {
            out.write(NULL_TEXT);
            return p + 4;
        }
        final int n = Math.min(len, end - p - 4);
        out.write(b, p + 4, n);
        return p + 4 + n;
    }
}
