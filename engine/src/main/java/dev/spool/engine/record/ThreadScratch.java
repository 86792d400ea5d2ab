package dev.spool.engine.record;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reusable objects for the caller's path, per thread and nesting level: a thread that logs again
 * while it is logging (an argument's {@code toString()} that logs) gets the next level's object
 * instead of clobbering the one in use. Past {@code depth} levels each call gets a new object.
 * Take one with {@link #acquire} and give it back with {@link #release} from a {@code finally}.
 *
 * <p>Virtual threads (Java 21+) do not keep objects of their own: there may be a hundred thousand
 * of them, each logging now and then, and a per-thread object would stay with each while it
 * lives. They take objects from a small pool shared by all virtual threads and give them back,
 * so what is kept is bounded by the pool, not by the number of threads. Platform threads keep
 * theirs in a thread-local, which costs nothing to reach.
 *
 * <p>The engine's record writers ({@link #WRITERS}) and the adapters' reusable event views all
 * come from here.
 *
 * @param <T> the reused object
 */
public final class ThreadScratch<T> {
    /** {@code Thread.isVirtual()} where the JDK has it (21+), else null: every thread is a platform thread. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
    /** Objects kept for virtual threads, per ThreadScratch: enough for every carrier at a few levels. */
    private static final int POOL_SIZE = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    /** The calling thread's record writers, reset on every {@link #acquire}; after the constants above, which it needs. */
    public static final ThreadScratch<RecordWriter> WRITERS = new ThreadScratch<>(4, RecordWriter::new, RecordWriter::reset);

    private final int depth;
    private final Supplier<T> factory;
    private final Consumer<T> prepare;
    private final ThreadLocal<Levels> levels;
    /** Objects for virtual threads: taken with getAndSet(null), given back into an empty slot. */
    private final AtomicReferenceArray<T> pool = new AtomicReferenceArray<>(POOL_SIZE);

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

    /** An object for the calling thread's current nesting level; give it back with {@link #release}. */
    @SuppressWarnings("unchecked")
    public T acquire() {
        final Thread current = Thread.currentThread();
        final T item;
        if (isVirtual(current)) {
            item = fromPool(current);
        } else {
            final Levels l = levels.get();
            final int d = l.level++;
            if (d >= depth) {
                item = factory.get();
            } else {
                Object kept = l.items[d];
                if (kept == null) {
                    kept = factory.get();
                    l.items[d] = kept;
                }
                item = (T) kept;
            }
        }
        if (prepare != null) {
            prepare.accept(item);
        }
        return item;
    }

    /** Ends the use of {@code item}, the object this thread took last. */
    public void release(final T item) {
        final Thread current = Thread.currentThread();
        if (isVirtual(current)) {
            toPool(current, item);
        } else {
            levels.get().level--;
        }
    }

    private T fromPool(final Thread current) {
        final int start = slot(current);
        for (int i = 0; i < POOL_SIZE; i++) {
            final T item = pool.getAndSet((start + i) % POOL_SIZE, null);
            if (item != null) {
                return item;
            }
        }
        return factory.get();
    }

    private void toPool(final Thread current, final T item) {
        final int start = slot(current);
        for (int i = 0; i < POOL_SIZE; i++) {
            if (pool.compareAndSet((start + i) % POOL_SIZE, null, item)) {
                return;
            }
        }
        // Every slot is taken: the object is left to the garbage collector.
    }

    private static int slot(final Thread t) {
        return (int) ((t.getId() * 0x9E3779B97F4A7C15L) >>> 40) % POOL_SIZE;
    }

    /** Whether {@code t} is a virtual thread; always false before Java 21. */
    public static boolean isVirtual(final Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (final Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (final NoSuchMethodException | IllegalAccessException e) {
            return null; // Java 17 to 20: no virtual threads
        }
    }
}
