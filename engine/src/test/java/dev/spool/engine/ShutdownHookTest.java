package dev.spool.engine;

import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.testing.ChildJvm;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM that logs and exits without calling stop() still has every event on disk. */
class ShutdownHookTest {
    static final int EVENTS = 20_000;

    @TempDir
    Path dir;

    /** The child JVM: logs from two threads, then leaves main without stopping the engine. */
    public static void main(final String[] args) throws Exception {
        final Log log = Log.start(LogConfig.builder().jmx(false)
            .object(LogObjectConfig.builder("hook").file(Path.of(args[0])).format("%<thread> %<msg>")
                .bufferSize(64 * 1024).build())
            .build());
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            final String name = "t" + t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    log.access(TestLogs.event("INFO", Integer.toString(i)).threadName(name));
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        // No log.stop(): the shutdown hook must flush.
    }

    @Test
    void theShutdownHookFlushesEverythingWhenTheApplicationForgetsToStop() throws Exception {
        final Path file = dir.resolve("hook.log");
        final Process child = ChildJvm.start(List.of(), ShutdownHookTest.class, file.toString());
        final String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exited");
        assertEquals(0, child.exitValue(), output);
        final List<String> lines = TestFiles.lines(file);
        TestLogs.checkThreadOrder(lines, 2, EVENTS);
        assertEquals("", output);
    }
}
