package dev.spool.engine.format;

import java.nio.ByteBuffer;

/**
 * Renders a record an adapter wrote in its own layout (see
 * {@link dev.spool.engine.object.LogObject#accessRecord}) into text, on the preproc thread: for
 * example by rebuilding the framework's event and running the user's layout. One preproc thread
 * renders a given log object's records, so an implementation may keep reusable state.
 */
@FunctionalInterface
public interface RecordRenderer {
    /**
     * Writes the rendered event, line break included, to {@code out}.
     *
     * @param renderer the renderer number in the entry header (see {@code LogObject.accessRecord}); 0 if none
     * @param attachment what the adapter kept beside the record ({@code LogObject.accessRecord}), or null
     * @param record the record bytes are {@code record[offset, offset + length)}; do not keep it
     * @throws RuntimeException when the record cannot be rendered; the event is counted as lost
     */
    void render(int renderer, ByteBuffer record, int offset, int length, long timestampNanos, Object attachment,
                TextOutput out);
}
