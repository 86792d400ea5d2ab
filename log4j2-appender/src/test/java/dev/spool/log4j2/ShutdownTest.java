package dev.spool.log4j2;

import dev.spool.engine.testing.ChildJvm;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events logged just before the end are on disk: a child JVM logs from two threads and then either
 * calls {@code LogManager.shutdown()} or simply returns from main, leaving it to Log4j2's shutdown
 * hook. {@code maxDelay="10s"} keeps the engine from writing on its timer first, so the events
 * reach the file only through the stop.
 */
class ShutdownTest {
    static final int THREADS = 2;
    static final int EVENTS = 20_000;

    @TempDir
    Path dir;

    /** The child: logs numbered events, then shuts down as {@code args[0]} says. */
    public static void main(final String[] args) throws Exception {
        final Logger logger = LogManager.getLogger("shutdown");
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
        if (args[0].equals("explicit")) {
            LogManager.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"explicit", "hook"})
    void everyEventLoggedBeforeTheEndIsOnDisk(final String how) throws Exception {
        final Process child = ChildJvm.start(
            List.of("-Dlog4j2.configurationFile=classpath:shutdown.xml", "-Dspool.test.dir=" + dir), ShutdownTest.class, how);
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child exited");
        assertEquals(0, child.exitValue(), output);
        assertEquals("", output, "the child reported nothing");
        final List<String> lines = Files.readAllLines(dir.resolve("shutdown.log"));
        final int[] next = new int[THREADS];
        for (final String line : lines) {
            final int t = line.charAt(1) - '0';
            assertEquals(next[t], Integer.parseInt(line.substring(3)), "thread t" + t + " in order");
            next[t]++;
        }
        for (int t = 0; t < THREADS; t++) {
            assertEquals(EVENTS, next[t], "events of thread t" + t);
        }
    }
}
