package dev.spool.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The events a real-configuration differential test logs: several threads at once, each with its
 * own MDC, on several loggers and levels, some with a marker, some with an exception and its
 * cause, messages of very different lengths (so size rolls fall between different kinds of lines)
 * and some non-ASCII text.
 *
 * <p>The threads really run at the same time, but each call to the framework is made while holding
 * one lock: whichever thread gets it, the stock appender and its Spool twin (in the same
 * LoggerContext, called by the same logger call) see one and the same order of events, so their
 * files can be compared byte for byte. Which thread comes when changes from run to run.
 */
public final class CorpusWorkload {
    /** Logs one event through the framework under test, on the calling thread. */
    public interface Sink {
        /** Sets the calling thread's MDC entry (a null value removes it). */
        void mdc(String key, String value);

        /**
         * Logs {@code message} at {@code level} (TRACE, DEBUG, INFO, WARN or ERROR) on {@code logger},
         * with the marker {@code marker} (or none when null) and {@code thrown} (or none when null).
         */
        void log(String logger, String level, String marker, String message, Throwable thrown);
    }

    private static final String[] LEVELS = {"INFO", "INFO", "DEBUG", "INFO", "WARN", "INFO", "ERROR", "TRACE", "INFO"};

    private CorpusWorkload() {
    }

    /**
     * Runs {@code events} events on each of {@code threads} threads named {@code worker-N}, spread
     * over {@code loggers} in turn, and waits for them.
     */
    public static void run(final int threads, final int events, final List<String> loggers, final Sink sink)
        throws InterruptedException {
        final ReentrantLock turn = new ReentrantLock();
        TestLines.onThreads("worker-", threads, t -> {
            sink.mdc("tenant", "tenant-" + (char) ('a' + t));
            for (int i = 0; i < events; i++) {
                final String logger = loggers.get((t + i) % loggers.size());
                final String level = LEVELS[(t * 7 + i) % LEVELS.length];
                final String marker = i % 11 == 3 ? "AUDIT" : null;
                final Throwable thrown = i % 13 == 5 ? failure(t, i) : null;
                turn.lock();
                try {
                    sink.mdc("request", i % 5 == 0 ? null : "req-" + t + "-" + i);
                    sink.log(logger, level, marker, message(t, i), thrown);
                } finally {
                    turn.unlock();
                }
            }
            sink.mdc("tenant", null);
            sink.mdc("request", null);
        });
    }

    /** Event {@code i} of thread {@code t}: lengths from a few bytes to about a kilobyte. */
    static String message(final int t, final int i) {
        switch (i % 6) {
            case 0:
                return "GET /api/orders/" + (t * 1000 + i) + " 200 in " + (i * 37 % 400) + " ms";
            case 1:
                return "order " + Long.toHexString(i * 0x9E3779B97F4A7C15L + t) + " placed, " + (1 + i % 9) + " items";
            case 2:
                return "ok";
            case 3:
                return "Grüße aus Köln, 東京 and Zürich: customer " + (t * 31 + i) + " says \"merci\"";
            case 4:
                return "payload " + "0123456789abcdef".repeat(1 + (i * 7 + t) % 60);
            default:
                return "pool stats (total=10, active=" + (i % 11) + ", idle=" + ((i + t) % 11) + ")\tnext\tcolumn";
        }
    }

    private static Throwable failure(final int t, final int i) {
        return new IllegalStateException("order " + i + " of worker " + t + " failed",
            new UncheckedIOException(new IOException("disk full on /var/data")));
    }
}
