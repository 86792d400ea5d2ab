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
    /** Logged after stop began, or not written before the stop timeout. */
    STOPPED
}
