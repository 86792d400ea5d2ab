package dev.spool.engine.format;

import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A throwable stored as data ({@link FieldType#THROWABLE}): each throwable of the tree (the event's,
 * its causes and suppressed ones, in the order the JDK prints them) with its class, message, text
 * ({@code toString()}), the frames it does not share with the one enclosing it and how many it
 * does. A reader renders it as the JDK's {@code printStackTrace} would (the text) or as a tree
 * (spool-cat's JSON), without the class being loaded.
 *
 * <p>Stored as a map's pairs, in order: for each throwable, {@code (kind, depth)} where kind is
 * {@code throwable}, {@code cause} or {@code suppressed} and depth the number of tabs before its
 * lines, then {@code (text, toString())}, {@code (class, name)}, {@code (message, message)}, one
 * {@code (at, frame)} per frame, and {@code (more, n)} when it shares n frames; a throwable met a
 * second time is one pair, {@code (circular-cause | circular-suppressed, depth)}, then
 * {@code (text, toString())}. A node's suppressed ones are the next nodes one deeper, its cause
 * the next node as deep.
 */
public final class StackTraceRecord {
    static final String THROWABLE = "throwable";
    static final String CAUSE = "cause";
    static final String SUPPRESSED = "suppressed";
    static final String CIRCULAR = "circular-";
    private static final byte[] AT = "\tat ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MORE = "\t... ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MORE_END = " more".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CAUSED_BY = "Caused by: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUPPRESSED_BY = "Suppressed: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CIRCULAR_START = "[CIRCULAR REFERENCE: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LINE = System.lineSeparator().getBytes(StandardCharsets.UTF_8);

    private StackTraceRecord() {
    }

    /** Stores {@code t}'s tree into {@code out} as one map value. */
    public static void capture(final Throwable t, final RecordWriter out) {
        out.beginMap();
        final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        node(t, null, THROWABLE, 0, seen, out);
        out.endMap();
    }

    private static void node(final Throwable t, final StackTraceElement[] enclosing, final String kind, final int depth,
                             final Set<Throwable> seen, final RecordWriter out) {
        if (!seen.add(t)) {
            out.putPair(CIRCULAR + kind, Integer.toString(depth));
            out.putPair("text", String.valueOf(t));
            return;
        }
        final StackTraceElement[] trace = t.getStackTrace();
        int m = trace.length - 1;
        if (enclosing != null) {
            for (int n = enclosing.length - 1; m >= 0 && n >= 0 && trace[m].equals(enclosing[n]); n--) {
                m--;
            }
        }
        out.putPair(kind, Integer.toString(depth));
        out.putPair("text", String.valueOf(t));
        out.putPair("class", t.getClass().getName());
        out.putPair("message", t.getLocalizedMessage());
        for (int i = 0; i <= m; i++) {
            out.putPair("at", trace[i].toString());
        }
        if (m < trace.length - 1) {
            out.putPair("more", Integer.toString(trace.length - 1 - m));
        }
        for (final Throwable s : t.getSuppressed()) {
            node(s, trace, SUPPRESSED, depth + 1, seen, out);
        }
        final Throwable cause = t.getCause();
        if (cause != null) {
            node(cause, trace, CAUSE, depth, seen, out);
        }
    }

    /** Writes the stored tree as the JDK's {@code printStackTrace} prints it, without the final line break. */
    public static void renderText(final RecordView view, final int slot, final TextOutput out) {
        final java.nio.ByteBuffer b = view.buffer();
        int depth = 0;
        boolean first = true;
        for (final PairCursor c = view.pairs(slot); c.next(); ) {
            if (c.keyEquals(TEXT_KEY)) {
                value(b, c, out);
            } else if (c.keyEquals(AT_KEY)) {
                line(first, depth, out);
                out.write(AT);
                value(b, c, out);
            } else if (c.keyEquals(MORE_KEY)) {
                line(first, depth, out);
                out.write(MORE);
                value(b, c, out);
                out.write(MORE_END);
            } else {
                final int node = nodeKind(c);
                if (node < 0) {
                    continue; // class, message: in the text already
                }
                depth = number(b, c);
                line(first, depth, out);
                first = false;
                if ((node & ~CIRCULAR_BIT) == CAUSE_NODE) {
                    out.write(CAUSED_BY);
                } else if ((node & ~CIRCULAR_BIT) == SUPPRESSED_NODE) {
                    out.write(SUPPRESSED_BY);
                }
                if ((node & CIRCULAR_BIT) != 0) {
                    out.write(CIRCULAR_START);
                    if (c.next()) {
                        value(b, c, out);
                    }
                    out.write(']');
                }
            }
        }
    }

    public static final int THROWABLE_NODE = 0;
    public static final int CAUSE_NODE = 1;
    public static final int SUPPRESSED_NODE = 2;
    public static final int CIRCULAR_BIT = 4;
    private static final byte[] TEXT_KEY = bytes("text");
    private static final byte[] AT_KEY = bytes("at");
    private static final byte[] MORE_KEY = bytes("more");
    private static final byte[][] NODE_KEYS = {bytes(THROWABLE), bytes(CAUSE), bytes(SUPPRESSED), null,
        bytes(CIRCULAR + THROWABLE), bytes(CIRCULAR + CAUSE), bytes(CIRCULAR + SUPPRESSED)};

    /** The node kind of the cursor's pair ({@code *_NODE}, with {@link #CIRCULAR_BIT}), or -1 for another pair. */
    public static int nodeKind(final PairCursor c) {
        for (int k = 0; k < NODE_KEYS.length; k++) {
            if (NODE_KEYS[k] != null && c.keyEquals(NODE_KEYS[k])) {
                return k;
            }
        }
        return -1;
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A line break, then the tabs of {@code depth}; nothing before the first line. */
    private static void line(final boolean first, final int depth, final TextOutput out) {
        if (!first) {
            out.write(LINE);
        }
        for (int i = 0; i < depth; i++) {
            out.write('\t');
        }
    }

    private static void value(final java.nio.ByteBuffer b, final PairCursor c, final TextOutput out) {
        if (c.valueLength() > 0) {
            out.write(b, c.valueOffset(), c.valueLength());
        } else if (c.valueLength() < 0) {
            out.write(NULL);
        }
    }

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    static int number(final java.nio.ByteBuffer b, final PairCursor c) {
        int n = 0;
        for (int i = 0; i < c.valueLength(); i++) {
            final int d = b.get(c.valueOffset() + i) - '0';
            if (d < 0 || d > 9) {
                return 0;
            }
            n = n * 10 + d;
        }
        return n;
    }
}
