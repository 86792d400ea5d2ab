package dev.spool.engine.cli;

import dev.spool.engine.format.StoredField;
import dev.spool.engine.record.RecordView;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * spool-cat's {@code --level}, {@code --logger} and {@code --grep}: which events to print. Levels
 * rank TRACE, DEBUG, INFO, WARN (or WARNING), ERROR, FATAL; a level outside that list (a custom
 * one) always passes {@code --level}. {@code --grep} looks for its regular expression in the
 * event's text as the format renders it. Loss entries always pass: they say where events are
 * missing. Rendered entries (laid out on the caller) carry no fields, so only {@code --grep}
 * applies to them, and {@code --level} or {@code --logger} leave them out.
 */
final class EventFilter {
    /** A filter that asks for a field the log does not store; the message says which. */
    static final class DoesNotFit extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        DoesNotFit(final String message) {
            super(message);
        }
    }

    private static final Map<String, Integer> RANKS = Map.of("TRACE", 0, "DEBUG", 1, "INFO", 2, "WARN", 3,
        "WARNING", 3, "ERROR", 4, "FATAL", 5);

    private final int minLevel;
    private final String loggerPrefix;
    private final Pattern grep;
    private int levelSlot = -1;
    private int loggerSlot = -1;

    /**
     * @throws IllegalArgumentException for a level not in the list or a bad regular expression
     */
    EventFilter(final String level, final String loggerPrefix, final String grep) {
        if (level == null) {
            this.minLevel = -1;
        } else {
            final Integer rank = RANKS.get(level.toUpperCase(Locale.ROOT));
            if (rank == null) {
                throw new IllegalArgumentException("--level " + level + ": not a level (TRACE, DEBUG, INFO, WARN, ERROR,"
                    + " FATAL)");
            }
            this.minLevel = rank;
        }
        this.loggerPrefix = loggerPrefix;
        try {
            this.grep = grep == null ? null : Pattern.compile(grep);
        } catch (final java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("--grep " + grep + ": not a regular expression: " + e.getDescription());
        }
    }

    /** Whether every event passes. */
    boolean none() {
        return minLevel < 0 && loggerPrefix == null && grep == null;
    }

    /** Whether the text rendering is needed to decide ({@code --grep}). */
    boolean needsText() {
        return grep != null;
    }

    /**
     * Finds the stored fields the filter reads in a log's descriptor.
     *
     * @return {@code null}, or why this log cannot be filtered so (it does not store the field)
     */
    String describe(final List<StoredField> fields) {
        levelSlot = slot(fields, "level");
        loggerSlot = slot(fields, "logger");
        if (minLevel >= 0 && levelSlot < 0) {
            return "--level: this log does not store the level";
        }
        if (loggerPrefix != null && loggerSlot < 0) {
            return "--logger: this log does not store the logger";
        }
        return null;
    }

    /** The slot of the stored field {@code name} (without a key), or -1. */
    static int slot(final List<StoredField> fields, final String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name) && fields.get(i).key() == null) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a record passes; {@code text} is its rendering when {@link #needsText}. */
    boolean accepts(final RecordView view, final CharSequence text) {
        if (minLevel >= 0 && !view.isNull(levelSlot)) {
            final Integer rank = RANKS.get(view.getString(levelSlot).toUpperCase(Locale.ROOT));
            if (rank != null && rank < minLevel) {
                return false;
            }
        }
        if (loggerPrefix != null && (view.isNull(loggerSlot) || !view.getString(loggerSlot).startsWith(loggerPrefix))) {
            return false;
        }
        return grep == null || grep.matcher(text).find();
    }

    /** Whether an entry rendered on the caller passes. */
    boolean acceptsRendered(final CharSequence text) {
        return minLevel < 0 && loggerPrefix == null && (grep == null || grep.matcher(text).find());
    }
}
