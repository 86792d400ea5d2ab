package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.spool.engine.testing.ChildJvm;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events logged just before the JVM ends are on disk, whether the configuration has Logback's
 * {@code <shutdownHook/>} or not, and though the application never stops Logback: a child JVM
 * logs from two threads and returns from main. {@code maxDelay} of 10 s keeps the engine from writing on its
 * timer first, so the events reach the file only through Spool's own shutdown hook.
 */
class ShutdownTest {
    static final int THREADS = 2;
    static final int EVENTS = 20_000;

    @TempDir
    Path dir;

    /** The child: configures Logback from shutdown.xml, logs numbered events, returns. */
    public static void main(final String[] args) throws Exception {
        final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(ShutdownTest.class.getResource("/" + args[0]));
        final Logger logger = LoggerFactory.getLogger("shutdown");
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
    }

    @ParameterizedTest
    @ValueSource(strings = {"shutdown.xml", "shutdown-hook.xml"})
    void everyEventLoggedBeforeTheJvmEndsIsOnDisk(final String config) throws Exception {
        final Process child = ChildJvm.start(List.of("-Dspool.test.dir=" + dir), ShutdownTest.class, config);
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child exited");
        assertEquals(0, child.exitValue(), output);
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
