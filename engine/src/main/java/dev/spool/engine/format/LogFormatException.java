package dev.spool.engine.format;

/** A format template that cannot be compiled; the message names the position and the problem. */
public final class LogFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int position;

    public LogFormatException(final String template, final int position, final String problem) {
        super(problem + " at position " + position + " in format \"" + template + "\"");
        this.position = position;
    }

    /** Index in the template where the problem starts. */
    public int position() {
        return position;
    }
}
