package dev.spool.engine.adapter;

import dev.spool.engine.format.RecordRenderer;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.StringCache;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The renderer of one log object's records when they may come from several layouts or encoders:
 * when a reconfiguration hands an open file to a new appender with another layout, events captured
 * before the switch are still in the buffers and must be laid out with the old layout, later ones
 * with the new. Each appender registers its renderer and passes the number it got to
 * {@link dev.spool.engine.object.LogObject#accessRecord}, which writes it into the entry header;
 * the preproc thread looks the renderer up by that number.
 *
 * <p>Renderers of appenders that stopped are kept, up to {@value #RETAINED} of them, so that their
 * records still in the buffers render; a record whose renderer was let go cannot be rendered and
 * is counted as lost, which would take dozens of reconfigurations within the time the buffers
 * take to drain.
 *
 * <p>Registering and retiring happen on the framework's configuration threads; rendering happens
 * on the one preproc thread of the log object, which sees the registered renderers through a
 * volatile array replaced as a whole. The view and the string caches are that thread's alone.
 *
 * @param <R> the adapter's renderer type
 */
public final class RendererSwitch<R extends RendererSwitch.Renderer> implements RecordRenderer {
    /** Renderers of stopped appenders kept for their buffered records. */
    public static final int RETAINED = 32;
    /** Entries in each of the two string caches. */
    private static final int CACHED_STRINGS = 1024;

    /**
     * Renders one record of its adapter's layout, wrapped in a view, with the framework's layout or
     * encoder; called on the preproc thread only.
     */
    public interface Renderer {
        /**
         * Writes the event {@code record} holds, line break included, to {@code out}; when
         * {@code record} is null, the event is the attachment itself (an adapter that keeps a copy
         * of the framework's event beside an empty record, as the framework's own async appender
         * queues one).
         *
         * @param names cache for names, keys and other strings that repeat (shared by the switch's renderers)
         * @param values cache for context values
         * @param attachment what the appender kept beside the record (the event's throwable), or null
         * @throws RuntimeException when the record cannot be rendered; the event is counted as lost
         */
        void render(RecordView record, StringCache names, StringCache values, long timestampNanos, Object attachment,
                    TextOutput out);
    }

    private final String framework;
    private final int slots;
    private final RecordView view = new RecordView();
    private final StringCache names = new StringCache(CACHED_STRINGS);
    private final StringCache values = new StringCache(CACHED_STRINGS);

    /** Registered renderers, oldest first; replaced as a whole, read by the preproc thread. */
    private volatile Entry<R>[] entries = newArray(0);
    private final ArrayDeque<Integer> retired = new ArrayDeque<>();
    private int nextId = 1;
    /** The preproc thread's last hit. */
    private Entry<R> last;

    private record Entry<R>(int id, R renderer) {
    }

    /**
     * A switch for records of {@code slots} fields.
     *
     * @param framework names the records in errors ("bad Log4j2 record: ...")
     */
    public RendererSwitch(final String framework, final int slots) {
        this.framework = framework;
        this.slots = slots;
    }

    @SuppressWarnings("unchecked")
    private static <R> Entry<R>[] newArray(final int n) {
        return (Entry<R>[]) new Entry<?>[n];
    }

    /** Adds a renderer; records that carry the returned number (never 0) are rendered by it. */
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

    @Override
    public void render(final int renderer, final ByteBuffer record, final int offset, final int length,
                       final long timestampNanos, final Object attachment, final TextOutput out) {
        if (length == 0) { // no record: the attachment is the whole event
            get(renderer).render(null, names, values, timestampNanos, attachment, out);
            return;
        }
        final String problem = view.wrap(record, offset, length, timestampNanos, slots);
        if (problem != null) {
            throw new IllegalStateException("bad " + framework + " record: " + problem);
        }
        get(renderer).render(view, names, values, timestampNanos, attachment, out);
    }

    /**
     * The renderer registered under {@code id}.
     *
     * @throws IllegalStateException when it was let go (the record is then counted as lost)
     */
    private R get(final int id) {
        final Entry<R> e = last;
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
