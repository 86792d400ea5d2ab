package dev.spool.engine.thread;

import dev.spool.engine.event.ErrorListener;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread that polls an engine's emitters (sockstat and the like), made on first use. A
 * poll that throws is reported and the emitter goes on being polled; an emitter is stopped on
 * this same thread, after any poll under way, so its last poll and its stop never overlap.
 */
public final class EmitterScheduler {
    private final String threadName;
    private final ErrorListener errors;
    private final Duration stopTimeout;
    private final Map<Object, Task> tasks = new LinkedHashMap<>();
    private ScheduledThreadPoolExecutor thread;

    /** A scheduled emitter: its name for messages, and what a poll and its stop do. */
    private record Task(String name, Runnable stop, ScheduledFuture<?> future) {
    }

    public EmitterScheduler(final String threadName, final ErrorListener errors, final Duration stopTimeout) {
        this.threadName = threadName;
        this.errors = errors;
        this.stopTimeout = stopTimeout;
    }

    /** Whether {@code key} is scheduled. */
    public synchronized boolean contains(final Object key) {
        return tasks.containsKey(key);
    }

    /** Polls {@code poll} with the time in epoch milliseconds every {@code period} (at least 1 ms). */
    public synchronized void schedule(final Object key, final String name, final Duration period,
                                      final PollAt poll, final Runnable stop) {
        final long periodNanos = Math.max(1_000_000L, period.toNanos());
        final ScheduledFuture<?> f = thread().scheduleAtFixedRate(() -> {
            try {
                poll.poll(System.currentTimeMillis());
            } catch (final RuntimeException | LinkageError e) {
                errors.onError("emitter \"" + name + "\": a poll failed; it goes on being polled", e);
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        tasks.put(key, new Task(name, stop, f));
    }

    /** One poll of an emitter. */
    @FunctionalInterface
    public interface PollAt {
        void poll(long nowMillis);
    }

    /** Stops polling {@code key} and runs its stop, waiting for it (bounded). Idempotent. */
    public void cancel(final Object key) {
        final Task t;
        synchronized (this) {
            t = tasks.remove(key);
        }
        if (t != null) {
            stop(t);
        }
    }

    /** Stops every emitter, in the order they were added, then the thread. */
    public void shutdown() {
        final Task[] all;
        synchronized (this) {
            all = tasks.values().toArray(new Task[0]);
            tasks.clear();
        }
        for (final Task t : all) {
            stop(t);
        }
        synchronized (this) {
            if (thread != null) {
                thread.shutdown();
            }
        }
    }

    private void stop(final Task t) {
        t.future().cancel(false);
        try {
            thread().submit(() -> {
                try {
                    t.stop().run();
                } catch (final RuntimeException | LinkageError e) {
                    errors.onError("emitter \"" + t.name() + "\": stopping failed", e);
                }
            }).get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final TimeoutException e) {
            errors.onError("emitter \"" + t.name() + "\": stopping did not finish within " + stopTimeout.toMillis()
                + " ms", null);
        } catch (final ExecutionException | RejectedExecutionException e) {
            errors.onError("emitter \"" + t.name() + "\": stopping failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized ScheduledThreadPoolExecutor thread() {
        if (thread == null) {
            thread = new ScheduledThreadPoolExecutor(1, r -> {
                final Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            thread.setRemoveOnCancelPolicy(true);
        }
        return thread;
    }
}
