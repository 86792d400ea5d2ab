package dev.spool.logback;

import dev.spool.engine.format.NumberedRenderers;
import dev.spool.engine.format.RecordRenderer;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.StringCache;

import java.nio.ByteBuffer;

/**
 * The renderer of one log object's Logback records, which may come from more than one encoder (a
 * reload hands the open file to a new appender): each appender registers its encoder and writes
 * the number it got into its records ({@link LogbackRecord#ENCODER_SLOT}); the preproc thread picks
 * the encoder by that number (see {@link NumberedRenderers}).
 */
final class EncoderSwitch implements RecordRenderer {
    private final RecordView view = new RecordView();
    private final StringCache names = new StringCache(1024);
    private final StringCache values = new StringCache(1024);
    private final NumberedRenderers<LogbackRecord.Renderer> encoders = new NumberedRenderers<>();

    /** Adds an encoder's renderer; records captured with the returned number are rendered by it. */
    int register(final LogbackRecord.Renderer renderer) {
        return encoders.register(renderer);
    }

    /** The appender that registered {@code id} stopped. */
    void retire(final int id) {
        encoders.retire(id);
    }

    @Override
    public void render(final int renderer, final ByteBuffer record, final int offset, final int length,
                       final long timestampNanos,
                       final TextOutput out) {
        final String problem = view.wrap(record, offset, length, timestampNanos, LogbackRecord.SLOTS);
        if (problem != null) {
            throw new IllegalStateException("bad Logback record: " + problem);
        }
        encoders.get((int) view.getLong(LogbackRecord.ENCODER_SLOT)).render(view, names, values, timestampNanos, out);
    }
}
