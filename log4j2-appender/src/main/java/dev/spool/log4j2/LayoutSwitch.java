package dev.spool.log4j2;

import dev.spool.engine.format.RecordRenderer;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.StringCache;
import org.apache.logging.log4j.core.Layout;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The renderer of one log object's records, which may come from more than one Layout: when a
 * reconfiguration hands an open file to a new appender with another pattern, events captured
 * before the switch are still in the buffers and must be laid out with the old Layout, later ones
 * with the new. Each appender registers its Layout and writes the number it got into its records
 * ({@link Log4jRecord#LAYOUT_SLOT}); the preproc thread picks the Layout by that number.
 *
 * <p>Layouts of appenders that stopped are kept, up to {@value #RETAINED} of them, so that their
 * records still in the buffers render; a record whose Layout was let go fails to render and is
 * counted as lost (RENDER_FAILED), which would take dozens of reconfigurations within the time
 * the buffers take to drain.
 */
final class LayoutSwitch implements RecordRenderer {
    static final int RETAINED = 32;

    private final RecordView view = new RecordView();
    private final StringCache names = new StringCache(1024);
    private final StringCache values = new StringCache(1024);
    /** Registered layouts, oldest first; replaced as a whole, read by the preproc thread. */
    private volatile Entry[] entries = new Entry[0];
    private final ArrayDeque<Integer> retired = new ArrayDeque<>();
    private int nextId = 1;
    private Entry last;

    private static final class Entry {
        final int id;
        final Log4jRecord.Renderer renderer;

        Entry(final int id, final Log4jRecord.Renderer renderer) {
            this.id = id;
            this.renderer = renderer;
        }
    }

    /** Adds a layout; records captured with the returned number are rendered by it. */
    synchronized int register(final Layout<? extends Serializable> layout) {
        final int id = nextId++;
        final Entry[] old = entries;
        final Entry[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = new Entry(id, new Log4jRecord.Renderer(layout, names, values));
        entries = grown;
        return id;
    }

    /** The appender that registered {@code id} stopped; its layout is let go once enough others have. */
    synchronized void retire(final int id) {
        retired.add(id);
        while (retired.size() > RETAINED) {
            final int gone = retired.poll();
            final Entry[] old = entries;
            final Entry[] kept = new Entry[old.length - 1];
            int k = 0;
            for (final Entry e : old) {
                if (e.id != gone && k < kept.length) {
                    kept[k++] = e;
                }
            }
            entries = k == kept.length ? kept : old;
        }
    }

    @Override
    public void render(final ByteBuffer record, final int offset, final int length, final long timestampNanos,
                       final TextOutput out) {
        final String problem = view.wrap(record, offset, length, timestampNanos, Log4jRecord.SLOTS);
        if (problem != null) {
            throw new IllegalStateException("bad Log4j2 record: " + problem);
        }
        final int id = (int) view.getLong(Log4jRecord.LAYOUT_SLOT);
        Entry e = last;
        if (e == null || e.id != id) {
            e = null;
            for (final Entry candidate : entries) {
                if (candidate.id == id) {
                    e = candidate;
                    break;
                }
            }
            if (e == null) {
                throw new IllegalStateException("the layout of this event (number " + id + ") was let go after "
                    + RETAINED + " reconfigurations while its events were still buffered");
            }
            last = e;
        }
        e.renderer.render(view, timestampNanos, out);
    }
}
