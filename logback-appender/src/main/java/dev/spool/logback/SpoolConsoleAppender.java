package dev.spool.logback;

import dev.spool.engine.file.ConsoleLogFile;

import java.nio.file.Path;

/**
 * Logback's {@code ConsoleAppender} replaced: change the {@code class} to
 * {@code dev.spool.logback.SpoolConsoleAppender} and keep its properties ({@code target},
 * {@code encoder} or {@code layout}, {@code immediateFlush}, filters). Events are laid out and
 * written on the engine's threads, so a reader of standard output that stops reading (a stalled log
 * collector) never blocks the application: once the buffers are full, events are dropped and
 * counted, unless {@code whenFull=block} asks the callers to wait as the stock appender makes them.
 * {@code withJansi} is accepted with a warning (Spool writes the bytes as the encoder makes them).
 * Spool's own properties are those of {@link SpoolAppender}.
 */
public class SpoolConsoleAppender extends SpoolAppender {
    private Path target = ConsoleLogFile.STDOUT;
    private String targetSet;

    /** {@code System.out} (the default) or {@code System.err}, as ConsoleAppender takes it. */
    public void setTarget(final String target) {
        this.targetSet = target;
    }

    public String getTarget() {
        return target.equals(ConsoleLogFile.STDERR) ? "System.err" : "System.out";
    }

    /** Accepted and ignored with a warning at start. */
    public void setWithJansi(final boolean withJansi) {
        if (withJansi) {
            addWarn("Spool console appender \"" + getName() + "\": withJansi=true is accepted and ignored: Spool writes"
                + " the bytes the encoder makes");
        }
    }

    @Override
    Path consoleTarget() {
        if (targetSet != null) {
            final String t = targetSet.trim();
            if (t.equalsIgnoreCase("System.err")) {
                target = ConsoleLogFile.STDERR;
            } else if (t.equalsIgnoreCase("System.out")) {
                target = ConsoleLogFile.STDOUT;
            } else {
                addError("Spool console appender \"" + getName() + "\": target=\"" + targetSet + "\" is not System.out or"
                    + " System.err; using the default target=\"System.out\"");
                target = ConsoleLogFile.STDOUT;
            }
        }
        return target;
    }

    /** The console has no file; this says which stream, for tools that ask. */
    @Override
    public String getFile() {
        return target.toString();
    }
}
