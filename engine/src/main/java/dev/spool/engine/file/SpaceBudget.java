package dev.spool.engine.file;

import java.nio.file.Path;

/**
 * A space budget for one log directory (ATS {@code max_space_mb_for_logs} and
 * {@code max_space_mb_headroom}): the files in it may take at most {@code maxBytes} (0: no limit),
 * and at least {@code headroomBytes} of the file system must stay free (0: no limit).
 */
public record SpaceBudget(Path directory, long maxBytes, long headroomBytes) {
    public SpaceBudget {
        if (directory == null) {
            throw new IllegalArgumentException("space budget: directory is missing");
        }
        if (maxBytes < 0 || headroomBytes < 0) {
            throw new IllegalArgumentException("space budget for " + directory + ": maxBytes=" + maxBytes
                + " and headroomBytes=" + headroomBytes + " cannot be negative");
        }
        if (maxBytes == 0 && headroomBytes == 0) {
            throw new IllegalArgumentException("space budget for " + directory + ": give maxBytes, headroomBytes or both");
        }
    }
}
