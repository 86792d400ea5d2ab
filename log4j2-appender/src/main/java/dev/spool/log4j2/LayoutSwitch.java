package dev.spool.log4j2;

import dev.spool.engine.format.NumberedRenderers;
import dev.spool.engine.format.RecordRenderer;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.StringCache;
import org.apache.logging.log4j.core.Layout;

import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * The renderer of one log object's Log4j2 records, which may come from more than one Layout (a
 * reconfiguration hands the open file to a new appender): each appender registers its Layout and
 * writes the number it got into its records ({@link Log4jRecord#LAYOUT_SLOT}); the preproc thread
 * picks the Layout by that number (see {@link NumberedRenderers}).
 */
final class LayoutSwitch implements RecordRenderer {
    private final RecordView view = new RecordView();
    private final StringCache names = new StringCache(1024);
    private final StringCache values = new StringCache(1024);
    private final NumberedRenderers<Log4jRecord.Renderer> layouts = new NumberedRenderers<>();

    /** Adds a layout; records captured with the returned number are rendered by it. */
    int register(final Layout<? extends Serializable> layout) {
        return layouts.register(new Log4jRecord.Renderer(layout, names, values));
    }

    /** The appender that registered {@code id} stopped. */
    void retire(final int id) {
        layouts.retire(id);
    }

    @Override
    public void render(final int renderer, final ByteBuffer record, final int offset, final int length,
                       final long timestampNanos,
                       final TextOutput out) {
        final String problem = view.wrap(record, offset, length, timestampNanos, Log4jRecord.SLOTS);
        if (problem != null) {
            throw new IllegalStateException("bad Log4j2 record: " + problem);
        }
        layouts.get((int) view.getLong(Log4jRecord.LAYOUT_SLOT)).render(view, timestampNanos, out);
    }
}
