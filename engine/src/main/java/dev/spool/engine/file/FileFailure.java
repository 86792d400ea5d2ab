package dev.spool.engine.file;

import dev.spool.engine.event.ErrorListener;

/**
 * The failure state of one file: reports the first failure of an episode and its end, so a
 * broken disk gives two messages, not one per buffer; and, where asked, spaces the retries.
 */
final class FileFailure {
    private final ErrorListener errors;
    /** How the file is tried again, for the message that starts an episode. */
    private final String retrying;
    private boolean failing;
    private long nextAttemptNanos;
    private long failuresThisEpisode;

    /** Failures of a file that is tried again with every write. */
    FileFailure(final ErrorListener errors) {
        this(errors, "each later write tries again");
    }

    FileFailure(final ErrorListener errors, final String retrying) {
        this.errors = errors;
        this.retrying = retrying;
    }

    /** Whether an attempt may be made now, for a file that spaces its attempts by {@link LogFile#RETRY_NANOS}. */
    boolean mayTry(final long nowNanos) {
        return !failing || nowNanos - nextAttemptNanos >= 0;
    }

    void failed(final long nowNanos, final String message, final Throwable cause) {
        failuresThisEpisode++;
        nextAttemptNanos = nowNanos + LogFile.RETRY_NANOS;
        if (!failing) {
            failing = true;
            errors.onError(message + "; events are counted as lost until it works again, " + retrying, cause);
        }
    }

    void succeeded(final String what) {
        if (failing) {
            failing = false;
            errors.onError(what + " works again after " + failuresThisEpisode + " failed attempts", null);
            failuresThisEpisode = 0;
        }
    }

    boolean failing() {
        return failing;
    }
}
