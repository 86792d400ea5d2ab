package dev.spool.engine.event;


import dev.spool.engine.Log;
/**
 * One event as the engine sees it: what a log object's fields capture. Adapters implement it over
 * their framework's event (or fill a {@link MutableLogEvent}); the engine reads it only during
 * {@link Log#access} and keeps no reference afterwards.
 */
public interface LogEvent {
    /** Wall-clock time of the event, in nanoseconds since the epoch. */
    long timestampNanos();

    /** Level name, such as {@code INFO}; may be {@code null}. */
    String level();

    String loggerName();

    String threadName();

    /** The formatted message; may be {@code null}. */
    CharSequence message();

    /**
     * The message's template when it has {@link #messageArguments() arguments} to be put into it
     * later, on the engine's threads, instead of {@link #message()}; {@code null} (the default)
     * when the message is only its text. A log object keeps the template and the arguments
     * when every argument's text is fixed at the call
     * ({@link dev.spool.engine.format.MessageArguments#deferrable}), and calls {@link #message()}
     * otherwise.
     */
    default String messageTemplate() {
        return null;
    }

    /** The template's arguments (read only when {@link #messageTemplate()} is not null). */
    default Object[] messageArguments() {
        return null;
    }

    /** How the template's placeholders take the arguments. */
    default MessageSyntax messageSyntax() {
        return MessageSyntax.SLF4J;
    }

    /** Marker name; {@code null} when none. */
    String marker();

    Throwable throwable();

    /** The context (MDC) value for {@code key}, or {@code null}. */
    String contextValue(String key);

    /** Number of context entries. */
    int contextSize();

    /** Key of the {@code i}-th context entry, {@code 0 <= i < contextSize()}. */
    String contextKey(int i);

    /** Value of the {@code i}-th context entry. */
    String contextValueAt(int i);
}
