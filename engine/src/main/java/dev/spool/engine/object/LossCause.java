package dev.spool.engine.object;

/**
 * Why an event did not reach its log; every loss is counted under one of these, and written into
 * the log under its {@link #code}.
 *
 * <p>The codes are part of the binary format: they never change and are never reused (0 to 5 are
 * the numbers the first version wrote). A reader
 * that meets a code it does not know (a file written by a newer version) shows {@link #UNKNOWN}
 * with the number, never another cause.
 */
public enum LossCause {
    /** whenFull=drop and no free buffer. */
    NO_BUFFER(0, "no free buffer, whenFull=drop"),
    /** Capturing the event threw (a filter, a field, a message's toString()). */
    CAPTURE_FAILED(1, "capturing the event failed"),
    /** Rendering the entry threw on the preproc thread. */
    RENDER_FAILED(2, "rendering the event failed"),
    /** The file (or pipe) could not be opened or written. */
    WRITE_FAILED(3, "the file could not be written"),
    /** whenFull=drop and the log directory over its space budget. */
    NO_SPACE(4, "log directory over its space budget, whenFull=drop"),
    /** Logged after stop began, or not written before the stop timeout. */
    STOPPED(5, "logged after stop"),
    /**
     * Logged from one of the engine's own threads while no buffer was free: an engine thread never
     * waits for a buffer, because it may be the very thread that frees them.
     */
    ENGINE_THREAD(6, "logged from an engine thread while no buffer was free"),
    /**
     * whenFull=block, and the caller was waiting for a buffer when a stop or a removal of the log
     * object gave up waiting for its file.
     */
    ABANDONED(7, "waiting for a buffer when stop gave up on a stuck file"),
    /** A code this version does not know: the file was written by a newer version. Never written. */
    UNKNOWN(-1, "a cause this version does not know");

    /** All causes, without the copy {@code values()} makes. */
    static final LossCause[] ALL = values();

    private final int code;
    private final String description;

    LossCause(final int code, final String description) {
        this.code = code;
        this.description = description;
    }

    /** The number written into a loss entry; stable across versions. */
    public int code() {
        return code;
    }

    /** What the cause means, for messages and loss lines. */
    public String description() {
        return description;
    }

    /** The cause written under {@code code}; {@link #UNKNOWN} for a code this version does not know. */
    public static LossCause ofCode(final int code) {
        for (final LossCause c : ALL) {
            if (c.code == code && c != UNKNOWN) {
                return c;
            }
        }
        return UNKNOWN;
    }

    /** What the cause written under {@code code} means; for a code this version does not know, says so with the number. */
    public static String describe(final int code) {
        final LossCause cause = ofCode(code);
        return cause == UNKNOWN ? cause.description + ", code " + code : cause.description;
    }

    /** The line a text log gets where events were lost, line break included. */
    public static String lossLine(final long count, final int code) {
        return "spool: " + count + (count == 1 ? " event" : " events") + " lost here (" + describe(code) + ")\n";
    }
}
