package dev.spool.log4j2;

import dev.spool.engine.testing.ChildJvm;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Spool behind Log4j2's all-async loggers, in a child JVM that selects
 * {@code AsyncLoggerContextSelector}: every event is in the file once, each thread's in order,
 * after {@code LogManager.shutdown()}.
 */
class AsyncLoggersTest {
    static final int THREADS = 4;
    static final int EVENTS = 50_000;

    @TempDir
    Path dir;

    /** The child: logs numbered events from 4 threads through async loggers, then shuts Log4j2 down. */
    public static void main(final String[] args) throws Exception {
        final Logger logger = LogManager.getLogger("async");
        final Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    logger.info("{}", i);
                }
            }, "t" + t);
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        System.out.println("async: " + LogManager.getContext(false).getClass().getSimpleName());
        LogManager.shutdown();
    }

    @Test
    void everyEventOnceAndInThreadOrderBehindAsyncLoggers() throws Exception {
        final List<String> options = new java.util.ArrayList<>(List.of(
            "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector",
            "-Dlog4j2.configurationFile=classpath:async.xml", "-Dspool.test.dir=" + dir));
        if (Runtime.version().feature() >= 23) {
            // Disruptor 3.4 uses sun.misc.Unsafe; JDK 23+ warns about it on standard error, once.
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        final Process child = ChildJvm.start(options, AsyncLoggersTest.class);
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child exited");
        assertEquals(0, child.exitValue(), output);
        assertEquals("async: AsyncLoggerContext\n", output, "the child ran on async loggers and reported nothing else");
        final List<String> stock = Files.readAllLines(dir.resolve("stock.log"));
        assertEquals(THREADS * EVENTS, stock.size(), "Log4j2 itself delivered every event (see the Disruptor note in the POM)");
        final List<String> lines = Files.readAllLines(dir.resolve("async.log"));
        final int[] next = new int[THREADS];
        for (final String line : lines) {
            final int t = line.charAt(1) - '0';
            final int i = Integer.parseInt(line.substring(3));
            if (i != next[t]) {
                fail("thread t" + t + ": expected " + next[t] + " but found " + i);
            }
            next[t]++;
        }
        for (int t = 0; t < THREADS; t++) {
            assertEquals(EVENTS, next[t], "events of thread t" + t);
        }
    }
}
