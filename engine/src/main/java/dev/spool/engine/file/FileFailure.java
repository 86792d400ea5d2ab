package dev.spool.engine.file;

import dev.spool.engine.event.ErrorListener;

/**
 * The failure state of one file: reports the first failure of an episode and its end, so a
 * broken disk gives two messages, not one per buffer; and spaces the retries.
 */
final class FileFailure {
    private final ErrorListener errors;
    private boolean failing;
    private long nextAttemptNanos;
    private long failuresThisEpisode;

    FileFailure(final ErrorListener errors) {
        this.errors = errors;
    }

    /** Whether an attempt may be made now. */
    boolean mayTry(final long nowNanos) {
        return !failing || nowNanos - nextAttemptNanos >= 0;
    }

    void failed(final long nowNanos, final String message, final Throwable cause) {
        failuresThisEpisode++;
        nextAttemptNanos = nowNanos + LogFile.RETRY_NANOS;
        if (!failing) {
            failing = true;
            errors.onError(message + "; events are counted as lost until it works again, retrying every "
                + LogFile.RETRY_NANOS / 1_000_000 + " ms", cause);
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
