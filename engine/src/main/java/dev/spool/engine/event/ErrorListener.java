package dev.spool.engine.event;


import dev.spool.engine.Log;
/**
 * Receives the engine's own diagnostics ({@link Log#error}): one line saying what happened, to
 * which file or attribute, and what the engine does about it. Adapters forward these to their
 * framework's status system. Called from any thread, engine threads included; it must not block
 * for long and must not throw.
 */
@FunctionalInterface
public interface ErrorListener {
    void onError(String message, Throwable cause);

    /** The default: one line on standard error, prefixed with {@code spool:}. */
    ErrorListener STDERR = (message, cause) -> {
        System.err.println("spool: " + message + (cause == null ? "" : " (" + cause + ")"));
    };
}
