package dev.spool.engine.event;

/**
 * A {@link LogEvent} whose context (MDC) is held in {@link ContextPairs}: the base of the engine's
 * reusable event and of the adapters' views of their frameworks' events.
 */
public abstract class ContextLogEvent implements LogEvent {
    /** The event's context pairs, in the order they were added. */
    protected final ContextPairs context = new ContextPairs();

    @Override
    public final String contextValue(final String key) {
        return context.value(key);
    }

    @Override
    public final int contextSize() {
        return context.size();
    }

    @Override
    public final String contextKey(final int i) {
        return context.key(i);
    }

    @Override
    public final String contextValueAt(final int i) {
        return context.valueAt(i);
    }
}
