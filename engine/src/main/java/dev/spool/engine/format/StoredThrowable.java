package dev.spool.engine.format;

import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.StringCache;

import java.util.ArrayList;
import java.util.List;

/**
 * A throwable read back from a {@link FieldType#THROWABLE} value ({@link StackTraceRecord}), as a
 * tree an adapter can turn into its framework's throwable: each node with its text
 * ({@code toString()}), class, message, the frames it does not share with the one enclosing it
 * and how many it does, its suppressed ones and its cause. A throwable met a second time is a
 * node with {@link #circular()} set and its text only.
 */
public final class StoredThrowable {
    private final String text;
    private final String className;
    private final String message;
    private final List<String> frames = new ArrayList<>();
    private int commonFrames;
    private final boolean circular;
    private final List<StoredThrowable> suppressed = new ArrayList<>();
    private StoredThrowable cause;

    private StoredThrowable(final String text, final String className, final String message, final boolean circular) {
        this.text = text;
        this.className = className;
        this.message = message;
        this.circular = circular;
    }

    /** {@code toString()} of the throwable as it was. */
    public String text() {
        return text;
    }

    /** Its class name; null for a circular reference. */
    public String className() {
        return className;
    }

    /** Its message; may be null. */
    public String message() {
        return message;
    }

    /** The frames it does not share with the throwable enclosing it, each as {@code StackTraceElement.toString()}. */
    public List<String> frames() {
        return frames;
    }

    /** How many frames at the end of its trace it shares with the throwable enclosing it (printed as "... n more"). */
    public int commonFrames() {
        return commonFrames;
    }

    /** Whether this node stands for a throwable met earlier in the tree. */
    public boolean circular() {
        return circular;
    }

    public List<StoredThrowable> suppressed() {
        return suppressed;
    }

    /** Its cause, or null. */
    public StoredThrowable cause() {
        return cause;
    }

    /** The tree a THROWABLE slot holds, or null when the value is null or holds no throwable. */
    public static StoredThrowable read(final RecordView view, final int slot) {
        if (view.isNull(slot)) {
            return null;
        }
        final StringCache strings = new StringCache(64);
        // The nodes by depth: a suppressed one hangs under the last node one shallower, a cause
        // under the last node as deep.
        final List<StoredThrowable> lastAtDepth = new ArrayList<>();
        StoredThrowable root = null;
        StoredThrowable node = null;
        int kind = -1;
        int depth = 0;
        String text = null;
        String className = null;
        for (final PairCursor c = view.pairs(slot); c.next(); ) {
            final int k = StackTraceRecord.nodeKind(c);
            if (k >= 0) {
                kind = k & ~StackTraceRecord.CIRCULAR_BIT;
                depth = StackTraceRecord.number(view.buffer(), c);
                text = null;
                className = null;
                node = null;
                if ((k & StackTraceRecord.CIRCULAR_BIT) != 0 && c.next()) {
                    node = new StoredThrowable(c.value(strings), null, null, true);
                    root = attach(root, node, kind, depth, lastAtDepth);
                }
                continue;
            }
            final String key = c.key(strings);
            if (node == null && kind >= 0) {
                switch (key) {
                    case "text":
                        text = c.value(strings);
                        break;
                    case "class":
                        className = c.value(strings);
                        break;
                    case "message": // the last of a node's header: the node is complete
                        node = new StoredThrowable(text, className, c.valueLength() < 0 ? null : c.value(strings),
                            false);
                        root = attach(root, node, kind, depth, lastAtDepth);
                        break;
                    default:
                        break;
                }
            } else if (node != null && "at".equals(key)) {
                node.frames.add(c.value(strings));
            } else if (node != null && "more".equals(key)) {
                node.commonFrames = Integer.parseInt(c.value(strings));
            }
        }
        return root;
    }

    private static StoredThrowable attach(final StoredThrowable root, final StoredThrowable node, final int kind,
                                          final int depth, final List<StoredThrowable> lastAtDepth) {
        if (root == null) {
            set(lastAtDepth, depth, node);
            return node;
        }
        if (kind == StackTraceRecord.SUPPRESSED_NODE && depth > 0 && depth - 1 < lastAtDepth.size()) {
            lastAtDepth.get(depth - 1).suppressed.add(node);
        } else if (kind == StackTraceRecord.CAUSE_NODE && depth < lastAtDepth.size()) {
            lastAtDepth.get(depth).cause = node;
        }
        set(lastAtDepth, depth, node);
        return root;
    }

    private static void set(final List<StoredThrowable> lastAtDepth, final int depth, final StoredThrowable node) {
        while (lastAtDepth.size() <= depth) {
            lastAtDepth.add(null);
        }
        lastAtDepth.set(depth, node);
        while (lastAtDepth.size() > depth + 1) { // deeper ones belonged to an earlier branch
            lastAtDepth.remove(lastAtDepth.size() - 1);
        }
    }
}
