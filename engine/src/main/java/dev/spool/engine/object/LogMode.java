package dev.spool.engine.object;

/** What a log object writes. */
public enum LogMode {
    /** Lines rendered with the format, one per event, on the preproc thread. */
    TEXT,
    /** The buffers themselves, headers and records, readable with spool-cat. */
    BINARY,
    /** Text lines into a named pipe (created if missing); dropped and counted while no reader is there. */
    PIPE,
    /**
     * Text lines to standard output (file {@code /dev/stdout}) or standard error
     * ({@code /dev/stderr}), through {@code System.out} and {@code System.err}; never rolled.
     */
    CONSOLE
}
