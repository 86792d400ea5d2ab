package dev.spool.engine.format;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The renderers of one log object's records when they may come from several layouts: when a
 * reconfiguration hands an open file to a new appender with another layout, events captured
 * before the switch are still in the buffers and must be laid out with the old layout, later ones
 * with the new. Each appender registers its renderer and writes the number it got into its
 * records; the preproc thread looks the renderer up by that number.
 *
 * <p>Renderers of appenders that stopped are kept, up to {@value #RETAINED} of them, so that their
 * records still in the buffers render; a record whose renderer was let go cannot be rendered and
 * is counted as lost, which would take dozens of reconfigurations within the time the buffers
 * take to drain.
 *
 * @param <R> the adapter's renderer type
 */
public final class NumberedRenderers<R> {
    /** Renderers of stopped appenders kept for their buffered records. */
    public static final int RETAINED = 32;

    /** Registered renderers, oldest first; replaced as a whole, read by the preproc thread. */
    private volatile Entry<R>[] entries = newArray(0);
    private final ArrayDeque<Integer> retired = new ArrayDeque<>();
    private int nextId = 1;
    /** The preproc thread's last hit. */
    private Entry<R> last;

    private record Entry<R>(int id, R renderer) {
    }

    @SuppressWarnings("unchecked")
    private static <R> Entry<R>[] newArray(final int n) {
        return (Entry<R>[]) new Entry<?>[n];
    }

    /** Adds a renderer; records that carry the returned number are rendered by it. */
    public synchronized int register(final R renderer) {
        final int id = nextId++;
        final Entry<R>[] old = entries;
        final Entry<R>[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = new Entry<>(id, renderer);
        entries = grown;
        return id;
    }

    /** The appender that registered {@code id} stopped; its renderer is let go once enough others have. */
    public synchronized void retire(final int id) {
        retired.add(id);
        while (retired.size() > RETAINED) {
            final int gone = retired.poll();
            final Entry<R>[] old = entries;
            final Entry<R>[] kept = newArray(old.length - 1);
            int k = 0;
            for (final Entry<R> e : old) {
                if (e.id() != gone && k < kept.length) {
                    kept[k++] = e;
                }
            }
            entries = k == kept.length ? kept : old;
        }
    }

    /**
     * The renderer registered under {@code id}; for the one preproc thread that renders the object.
     *
     * @throws IllegalStateException when it was let go (the record is then counted as lost)
     */
    public R get(final int id) {
        Entry<R> e = last;
        if (e != null && e.id() == id) {
            return e.renderer();
        }
        for (final Entry<R> candidate : entries) {
            if (candidate.id() == id) {
                last = candidate;
                return candidate.renderer();
            }
        }
        throw new IllegalStateException("the layout of this event (number " + id + ") was let go after " + RETAINED
            + " reconfigurations while its events were still buffered");
    }
}
