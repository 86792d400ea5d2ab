package dev.spool.engine.testing;

import org.junit.jupiter.api.Assumptions;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Virtual threads for tests compiled for Java 17: started through reflection, and the test is
 * skipped (with that reason) on a JDK without them. {@code .ci/run} runs the suites on JDK 25 too.
 */
public final class VirtualThreads {
    private static final Method START = startMethod();

    private VirtualThreads() {
    }

    private static Method startMethod() {
        try {
            return Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (final NoSuchMethodException e) {
            return null;
        }
    }

    /** Skips the calling test where the JDK has no virtual threads (before 21). */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(START != null, "skipped: virtual threads need Java 21 or later (this is "
            + Runtime.version() + "; .ci/run runs the suites on JDK 25 too)");
    }

    /** Starts a virtual thread. */
    public static Thread start(final Runnable task) {
        assumeAvailable();
        try {
            return (Thread) START.invoke(null, task);
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start a virtual thread", e);
        }
    }

    /** Starts {@code count} virtual threads running {@code task} with their number, and waits for all. */
    public static void runAll(final int count, final IntConsumer task) throws InterruptedException {
        final List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final int id = i;
            threads.add(start(() -> task.accept(id)));
        }
        for (final Thread t : threads) {
            t.join();
        }
    }

    /** Heap in use after a full collection, in bytes (the smallest of three tries, to settle it). */
    public static long heapAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
