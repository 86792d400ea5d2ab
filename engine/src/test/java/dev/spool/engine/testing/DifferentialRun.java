package dev.spool.engine.testing;

/**
 * How the adapters' differential tests feed one case's events to the stock appender and to
 * Spool's, from several threads, each event to the stock appender first.
 */
public enum DifferentialRun {
    /**
     * The threads log at once, and the caller changes its StringBuilder argument right after each
     * call: Spool must write what the arguments were at the call.
     */
    CONCURRENTLY,
    /**
     * The threads take turns, so that both appenders get the events in one order: for a layout
     * whose output depends on the events before (HTMLLayout numbers its rows odd and even).
     */
    TAKING_TURNS,
    /**
     * As {@link #CONCURRENTLY}, but the caller leaves its arguments alone: for a layout that prints
     * the arguments themselves (not the formatted message) when it runs. Spool runs it later than
     * the stock appender, on the preproc thread, as Log4j2's and Logback's async appenders do, so a
     * changed mutable argument shows its change there; that difference is known.
     */
    ARGUMENTS_UNCHANGED
}
