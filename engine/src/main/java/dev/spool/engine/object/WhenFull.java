package dev.spool.engine.object;

/**
 * What a log object does with an event when all its buffers are in flight (the disk is slower
 * than the callers).
 */
public enum WhenFull {
    /**
     * The caller waits for a buffer; nothing is lost. The default. An engine thread that logs is
     * never made to wait on its own buffers: for it the event is dropped and counted instead.
     */
    BLOCK,
    /**
     * The event is dropped and counted; the count is written into the log as soon as a buffer is
     * free again, and is in the stats. The caller never waits.
     */
    DROP
}
