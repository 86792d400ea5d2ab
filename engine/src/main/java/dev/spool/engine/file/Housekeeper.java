package dev.spool.engine.file;

import dev.spool.engine.event.ErrorListener;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The engine's thread for slow file work that must never run on a caller or on the flush
 * thread's write path: placing rolled files under their final names, compressing them, pruning
 * old ones. One thread, so every rename in a log directory happens in one order.
 */
public final class Housekeeper {
    private final ScheduledThreadPoolExecutor executor;
    private final ErrorListener errors;

    public Housekeeper(final String name, final ErrorListener errors) {
        this.errors = errors;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            final Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // execute() queues a zero-delay task: those must still run after shutdown (a rolled file
        // waiting to be placed); periodic checks stop at shutdown (the executor's default).
    }

    /** Runs a job on the housekeeping thread; a failure is reported, never thrown. */
    public void submit(final String what, final Job job) {
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } catch (final Exception | LinkageError e) {
                    errors.onError(what + " failed; it is tried again at the next roll or start", e);
                }
            });
        } catch (final RejectedExecutionException e) {
            errors.onError(what + " was not done: the engine is stopping; it is done at the next start", null);
        }
    }

    /** Runs a job every {@code periodMillis} until the housekeeper stops; failures are reported once. */
    public void every(final long periodMillis, final String what, final Job job) {
        final boolean[] reported = {false};
        executor.scheduleWithFixedDelay(() -> {
            try {
                job.run();
                reported[0] = false;
            } catch (final Exception | LinkageError e) {
                if (!reported[0]) {
                    reported[0] = true;
                    errors.onError(what + " failed; it goes on being tried", e);
                }
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Finishes queued jobs, waiting at most {@code timeoutMillis}; reports what it left. */
    public void stop(final long timeoutMillis) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                final int left = executor.shutdownNow().size();
                errors.onError("housekeeping did not finish within " + timeoutMillis + " ms (" + left + " jobs left);"
                    + " rolled files are placed and compressed at the next start", null);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A piece of housekeeping. */
    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }
}
