package dev.spool.engine.file;

import java.io.IOException;

/**
 * A write of a {@link dev.spool.engine.buffer.WriteBatch} that failed after its first units were
 * written (a rolling file that rolled inside the batch, then could not write the new file): a
 * retry must start at {@link #unitsWritten}, or the units before it would be in the log twice.
 */
public final class PartlyWrittenException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int unitsWritten;

    public PartlyWrittenException(final int unitsWritten, final IOException cause) {
        super(cause.getMessage(), cause);
        this.unitsWritten = unitsWritten;
    }

    /** Units of the batch that are in the file. */
    public int unitsWritten() {
        return unitsWritten;
    }
}
