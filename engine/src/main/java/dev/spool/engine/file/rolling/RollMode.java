package dev.spool.engine.file.rolling;

/** When a log file is rolled (the ATS rolling modes). */
public enum RollMode {
    /** Never. */
    NONE,
    /** At every interval boundary (an empty file is rolled only if {@code rollEmpty}). */
    TIME,
    /** Whenever the file has reached {@code maxSize}. */
    SIZE,
    /** At every interval boundary, and also whenever the file has reached {@code maxSize}. */
    TIME_OR_SIZE,
    /**
     * Only at an interval boundary, and only if the file has reached {@code maxSize} by then;
     * a small file carries on into the next interval.
     */
    TIME_WHEN_OVER_SIZE;

    public boolean byTime() {
        return this == TIME || this == TIME_OR_SIZE || this == TIME_WHEN_OVER_SIZE;
    }

    public boolean needsSize() {
        return this == SIZE || this == TIME_OR_SIZE || this == TIME_WHEN_OVER_SIZE;
    }
}
