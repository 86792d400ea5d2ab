package dev.spool.log4j2;

import dev.spool.engine.thread.EngineThread;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.impl.MutableLogEvent;
import org.apache.logging.log4j.message.ReusableParameterizedMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a Spool appender allocates for a parameterized message, once warm. With a PatternLayout:
 * nothing on the caller's thread, and nothing on the engine's threads, which rebuild the event
 * and run the layout. With JsonTemplateLayout (ECS): nothing on either side: the event
 * travels as a record, not a memento, and the document is written from the record's bytes
 * ({@link CompiledEcs}). The appender is fed a reusable event as Log4j2's garbage-free
 * logger does, so the count is Spool's own (Log4j2's clock makes a java.time.Instant per event,
 * which the JIT usually, but not always, removes). Counts the thread's allocated bytes, not time;
 * the arguments are boxed up front so the test does not measure its own boxing.
 */
class GarbageFreeTest {
    private static final int CALLS = 200_000;
    private static final Integer[] ARGUMENTS = new Integer[1024];

    static {
        for (int i = 0; i < ARGUMENTS.length; i++) {
            ARGUMENTS[i] = 100_000 + i;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gc-free.xml", "gc-free-json.xml"})
    void theAppendersPathAllocatesNothingOnceWarm(final String config) throws Exception {
        System.setProperty("spool.test.dir", dir.toString());
        final LoggerContext context = Configurator.initialize("gc-free", "classpath:" + config);
        final SpoolAppender appender = context.getConfiguration().getAppender("spool");
        final MutableLogEvent event = new MutableLogEvent();
        final ReusableParameterizedMessage message = new ReusableParameterizedMessage();
        event.setLoggerName("com.example.Probe");
        event.setLoggerFqcn(GarbageFreeTest.class.getName());
        event.setLevel(Level.INFO);
        event.setThreadName("main");
        event.setContextData(new SortedArrayStringMap());
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long me = Thread.currentThread().getId();
        double perCall = Double.NaN;
        double enginePerCall = Double.NaN;
        final StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < 6; round++) { // five to warm up, the last one counts
            awaitWritten(appender, (long) round * CALLS);
            final long engineBefore = engineAllocated(threads);
            final long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < CALLS; i++) {
                message.set("Request {} completed in {} us", ARGUMENTS[i & 1023], 17);
                event.setMessage(message);
                // 1,000 events per millisecond, as at 1 M events/s: Log4j2's own date formatter boxes a
                // Long each time the millisecond changes, on whichever thread runs the layout.
                event.setTimeMillis(1_763_802_902_123L + round * 1_000L + i / 1_000);
                appender.append(event);
            }
            perCall = (threads.getThreadAllocatedBytes(me) - before) / (double) CALLS;
            awaitWritten(appender, (round + 1L) * CALLS);
            enginePerCall = (engineAllocated(threads) - engineBefore) / (double) CALLS;
            rounds.append(String.format(" %.2f/%.2f", perCall, enginePerCall));
        }
        Configurator.shutdown(context);
        assertTrue(perCall < 1.0, "caller/engine bytes per call in each round:" + rounds);
        assertTrue(enginePerCall < 1.0, "caller/engine bytes per call in each round:" + rounds);
        try (var lines = Files.lines(dir.resolve("gc.log"))) {
            assertEquals(6L * CALLS, lines.count());
        }
    }

    /** Waits (up to 30 s) until the engine has written {@code events}, so a round's work is in its count. */
    private static void awaitWritten(final SpoolAppender appender, final long events) throws InterruptedException {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (appender.logObject().stats().getEventsWritten() < events) {
            assertTrue(System.nanoTime() < deadline, "the engine did not write " + events + " events in 30 s");
            Thread.sleep(5);
        }
    }

    /** Bytes allocated so far by the engine's preproc and flush threads. */
    private static long engineAllocated(final com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t instanceof EngineThread) {
                sum += threads.getThreadAllocatedBytes(t.getId());
            }
        }
        return sum;
    }
}
