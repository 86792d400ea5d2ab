package dev.spool.engine.record;

import java.util.function.Supplier;

/**
 * Reusable objects per thread and nesting level: a thread that logs again while it is logging
 * (an argument's {@code toString()} that logs) gets the next level's object instead of clobbering
 * the one in use. Past {@code depth} levels each call gets a new object. Take one with
 * {@link #acquire} and give it back with {@link #release} from a {@code finally}.
 *
 * @param <T> the reused object
 */
public final class Nested<T> {
    private final int depth;
    private final Supplier<T> factory;
    private final ThreadLocal<Levels> levels;

    private final class Levels {
        final Object[] items = new Object[depth];
        int level;
    }

    public Nested(final int depth, final Supplier<T> factory) {
        this.depth = depth;
        this.factory = factory;
        this.levels = ThreadLocal.withInitial(Levels::new);
    }

    /** The calling thread's object for its current nesting level. */
    @SuppressWarnings("unchecked")
    public T acquire() {
        final Levels l = levels.get();
        final int d = l.level++;
        if (d >= depth) {
            return factory.get();
        }
        Object item = l.items[d];
        if (item == null) {
            item = factory.get();
            l.items[d] = item;
        }
        return (T) item;
    }

    /** Ends the use of the object taken last on this thread. */
    public void release() {
        levels.get().level--;
    }
}
