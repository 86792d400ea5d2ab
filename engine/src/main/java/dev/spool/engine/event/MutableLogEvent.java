package dev.spool.engine.event;


import dev.spool.engine.Log;
/**
 * A reusable {@link LogEvent}: fill it, pass it to {@link Log#access}, clear it, fill it again.
 * Garbage-free once its context array has grown to the largest context seen. Not thread-safe.
 */
public final class MutableLogEvent extends ContextLogEvent {
    private long timestampNanos;
    private String level;
    private String loggerName;
    private String threadName;
    private CharSequence message;
    private String marker;
    private Throwable throwable;

    public MutableLogEvent clear() {
        timestampNanos = 0;
        level = null;
        loggerName = null;
        threadName = null;
        message = null;
        marker = null;
        throwable = null;
        context.clear();
        return this;
    }

    public MutableLogEvent timestampNanos(final long nanos) {
        this.timestampNanos = nanos;
        return this;
    }

    public MutableLogEvent level(final String level) {
        this.level = level;
        return this;
    }

    public MutableLogEvent loggerName(final String name) {
        this.loggerName = name;
        return this;
    }

    public MutableLogEvent threadName(final String name) {
        this.threadName = name;
        return this;
    }

    public MutableLogEvent message(final CharSequence message) {
        this.message = message;
        return this;
    }

    public MutableLogEvent marker(final String marker) {
        this.marker = marker;
        return this;
    }

    public MutableLogEvent throwable(final Throwable throwable) {
        this.throwable = throwable;
        return this;
    }

    /** Adds or replaces a context entry. */
    public MutableLogEvent context(final String key, final String value) {
        context.put(key, value);
        return this;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public String level() {
        return level;
    }

    @Override
    public String loggerName() {
        return loggerName;
    }

    @Override
    public String threadName() {
        return threadName;
    }

    @Override
    public CharSequence message() {
        return message;
    }

    @Override
    public String marker() {
        return marker;
    }

    @Override
    public Throwable throwable() {
        return throwable;
    }
}
