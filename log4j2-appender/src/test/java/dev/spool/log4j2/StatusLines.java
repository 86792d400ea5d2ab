package dev.spool.log4j2;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects Log4j2's status messages from a level up as {@code "LEVEL message"} lines, for tests
 * that assert what the appender said: {@link #listen} before, {@link #stop} after.
 */
final class StatusLines implements StatusListener {
    private final Level level;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    StatusLines(final Level level) {
        this.level = level;
    }

    /** The lines so far; a live, thread-safe list. */
    List<String> lines() {
        return lines;
    }

    StatusLines listen() {
        StatusLogger.getLogger().registerListener(this);
        return this;
    }

    @Override
    public void log(final StatusData data) {
        lines.add(data.getLevel() + " " + data.getMessage().getFormattedMessage());
    }

    @Override
    public Level getStatusLevel() {
        return level;
    }

    /** Stops collecting. */
    void stop() {
        StatusLogger.getLogger().removeListener(this); // which calls close()
    }

    @Override
    public void close() {
    }
}
