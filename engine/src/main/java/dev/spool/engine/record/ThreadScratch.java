package dev.spool.engine.record;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reusable objects per thread and nesting level, for the caller's path: a thread that logs again
 * while it is logging (an argument's {@code toString()} that logs) gets the next level's object
 * instead of clobbering the one in use. Past {@code depth} levels each call gets a new object.
 * Take one with {@link #acquire} and give it back with {@link #release} from a {@code finally}.
 *
 * <p>The engine's record writers ({@link #WRITERS}) and the adapters' reusable event views all
 * come from here.
 *
 * @param <T> the reused object
 */
public final class ThreadScratch<T> {
    /** The calling thread's record writers, reset on every {@link #acquire}. */
    public static final ThreadScratch<RecordWriter> WRITERS = new ThreadScratch<>(4, RecordWriter::new, RecordWriter::reset);

    private final int depth;
    private final Supplier<T> factory;
    private final Consumer<T> prepare;
    private final ThreadLocal<Levels> levels;

    private final class Levels {
        final Object[] items = new Object[depth];
        int level;
    }

    /** Objects handed out as they were left. */
    public ThreadScratch(final int depth, final Supplier<T> factory) {
        this(depth, factory, null);
    }

    /**
     * Objects passed to {@code prepare} (a reset) each time they are handed out; null for none, so
     * the call on the caller's path sees one target and stays inlined.
     */
    public ThreadScratch(final int depth, final Supplier<T> factory, final Consumer<T> prepare) {
        this.depth = depth;
        this.factory = factory;
        this.prepare = prepare;
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
        if (prepare != null) {
            prepare.accept((T) item);
        }
        return (T) item;
    }

    /** Ends the use of the object taken last on this thread. */
    public void release() {
        levels.get().level--;
    }
}
