package dev.spool.engine;

/** The JMX view of an engine's totals, registered as {@code dev.spool:type=Engine,name=<engine name>}. */
public interface StatsMXBean {
    String[] getLogObjects();

    long getEventsWritten();

    long getEventsLost();

    long getEventsRejected();

    /** Events rendered on the caller's thread by a framework's layout, over every log object. */
    long getEventsRenderedOnCaller();

    long getBytesWritten();

    long getWriteErrors();

    /** Messages the engine reported through {@link Log#error}. */
    long getErrorsReported();
}
