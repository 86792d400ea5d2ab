package dev.spool.engine.object;

/** A configuration value that cannot work; the message names the log object and the attribute. */
public final class LogConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public LogConfigException(final String message) {
        super(message);
    }

    public LogConfigException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
