package dev.spool.engine.object;

/**
 * The JMX view of one log object's stats, registered as
 * {@code dev.spool:type=LogObject,engine=<engine name>,name=<log object name>}.
 */
public interface LogObjectStatsMXBean {
    String getFile();

    long getEventsWritten();

    long getBytesWritten();

    long getBuffersWritten();

    long getEventsRejected();

    /**
     * Events a framework's layout or encoder rendered on the caller's thread, where the adapter
     * could not defer it to the preproc thread (the adapter says why, once per reason).
     */
    long getEventsRenderedOnCaller();

    long getEventsLost();

    long getEventsLostNoBuffer();

    long getEventsLostCaptureFailed();

    long getEventsLostRenderFailed();

    long getEventsLostWriteFailed();

    long getEventsLostNoSpace();

    long getEventsLostStopped();

    /** Logged from an engine thread (a listener that logs) while no buffer was free. */
    long getEventsLostEngineThread();

    /** A caller waiting for a buffer when stop or a removal gave up on a stuck file. */
    long getEventsLostAbandoned();

    long getWriteErrors();

    /**
     * Whether the last attempt to write or open the file failed (until a write succeeds). An
     * adapter with {@code ignoreExceptions="false"} throws to the caller meanwhile, so that a
     * failover appender can take the events.
     */
    boolean isWritesFailing();

    /**
     * Calls that had to wait for a free buffer (whenFull=block: the file is not written as fast
     * as events come), with the time they waited in all and the longest, in microseconds.
     */
    long getCallerWaits();

    long getCallerWaitMicrosTotal();

    long getCallerWaitMicrosMax();

    /** Buffers taken and not yet written and given back (the current one included): a gauge. */
    int getBuffersInUse();

    /** Time from a buffer's hand-off to the end of its write, in microseconds: the last one. */
    long getFlushLatencyLastMicros();

    long getFlushLatencyMaxMicros();

    double getFlushLatencyMeanMicros();
}
