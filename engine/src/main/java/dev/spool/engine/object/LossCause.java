package dev.spool.engine.object;

/** Why an event did not reach its log; every loss is counted under one of these. */
public enum LossCause {
    /** whenFull=drop and no free buffer. */
    NO_BUFFER,
    /** Capturing the event threw (a field, a message's toString()). */
    CAPTURE_FAILED,
    /** Rendering the entry threw on the preproc thread. */
    RENDER_FAILED,
    /** The file (or pipe) could not be opened or written. */
    WRITE_FAILED,
    /** whenFull=drop and the log directory over its space budget. */
    NO_SPACE,
    /** Logged after stop began, or not written before the stop timeout. */
    STOPPED;

    /** All causes, without the copy {@code values()} makes. */
    static final LossCause[] ALL = values();

    /** What the cause means, for messages and loss lines. */
    public String description() {
        switch (this) {
            case NO_BUFFER: return "no free buffer, whenFull=drop";
            case CAPTURE_FAILED: return "capturing the event failed";
            case RENDER_FAILED: return "rendering the event failed";
            case WRITE_FAILED: return "the file could not be written";
            case NO_SPACE: return "log directory over its space budget, whenFull=drop";
            default: return "logged after stop";
        }
    }

    /** The cause stored in a loss entry; {@link #NO_BUFFER} for a number this version does not know. */
    public static LossCause of(final int ordinal) {
        final LossCause[] all = values();
        return ordinal >= 0 && ordinal < all.length ? all[ordinal] : NO_BUFFER;
    }

    /** The line a text log gets where events were lost, line break included. */
    public static String lossLine(final long count, final LossCause cause) {
        return "spool: " + count + (count == 1 ? " event" : " events") + " lost here (" + cause.description() + ")\n";
    }
}
