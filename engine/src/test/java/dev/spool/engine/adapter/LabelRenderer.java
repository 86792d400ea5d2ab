package dev.spool.engine.adapter;

import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.record.StringCache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A renderer for the adapter kit's tests: writes its label, a space and the record's one field,
 * and keeps the string caches it was last given.
 */
final class LabelRenderer implements RendererSwitch.Renderer {
    /** The records these tests write have one field, a message. */
    static final int SLOTS = 1;

    private final String label;
    StringCache names;
    StringCache values;

    LabelRenderer(final String label) {
        this.label = label;
    }

    @Override
    public void render(final RecordView record, final StringCache names, final StringCache values,
                       final long timestampNanos, final Object attachment, final TextOutput out) {
        this.names = names;
        this.values = values;
        out.writeUtf8(label + " " + record.getString(0) + "\n");
    }

    /** A record of one field holding {@code message}. */
    static RecordWriter record(final String message) {
        final RecordWriter w = new RecordWriter();
        w.putString(message);
        return w;
    }

    /** What {@code renderers} writes for {@code message} captured under renderer number {@code id}. */
    static String render(final RendererSwitch<LabelRenderer> renderers, final int id, final String message) {
        final RecordWriter w = record(message);
        final TextOutput out = new TextOutput(64);
        renderers.render(id, ByteBuffer.wrap(w.array()).order(ByteOrder.LITTLE_ENDIAN), 0, w.length(), 0L, null, out);
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }
}
