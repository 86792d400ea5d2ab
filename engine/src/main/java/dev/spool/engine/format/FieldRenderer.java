package dev.spool.engine.format;

import dev.spool.engine.record.RecordView;

/** Renders one use of a field in a format: reads the stored value, writes text. */
@FunctionalInterface
public interface FieldRenderer {
    /**
     * @param slot the stored value's slot in {@code view}, or -1 for fields that store nothing
     */
    void render(RecordView view, int slot, TextOutput out);
}
