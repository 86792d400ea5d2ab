package dev.spool.engine.testing;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waiting for a condition that another thread (the engine's, a child process) makes true. */
public final class Conditions {
    private Conditions() {
    }

    /** Polls {@code condition} every 10 ms; fails the test when it is still false after 10 s. */
    public static void waitFor(final BooleanSupplier condition) throws InterruptedException {
        waitFor(10, condition);
    }

    /** Polls {@code condition} every 10 ms; fails the test when it is still false after {@code seconds}. */
    public static void waitFor(final int seconds, final BooleanSupplier condition) throws InterruptedException {
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("condition not met within " + seconds + " s");
            }
            Thread.sleep(10);
        }
    }
}
