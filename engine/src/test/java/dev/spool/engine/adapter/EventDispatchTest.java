package dev.spool.engine.adapter;

import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.LogFileFactory;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.testing.GatedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The consumer of an {@link EventDispatch} runs on the dispatch engine's flush thread; when it
 * logs into another engine's log object (the Spool appenders of a sifting appender behind an
 * async wrapper), that thread frees none of the other object's buffers, so it waits for one as a
 * caller does under whenFull=block, and nothing is lost.
 */
class EventDispatchTest {
    @TempDir
    Path dir;

    @Test
    void aFlushThreadWaitsForAnotherObjectsBufferAndLosesNothing() throws Exception {
        // A millisecond per write, so that the two small buffers are soon all in use.
        final Path file = dir.resolve("behind.log");
        final Log behind = Log.start(LogConfig.builder().engineName("behind").shutdownHook(false).jmx(false)
            .files((description, context) -> new GatedFile(LogFileFactory.DEFAULT.create(description, context),
                () -> sleep(1)))
            .object(LogObjectConfig.builder("behind").file(file).format("%<msg>").whenFull(WhenFull.BLOCK)
                .bufferSize(1024).bufferCount(2).build())
            .build());
        final LogObject target = behind.object("behind");
        final EventDispatch<String> dispatch = EventDispatch.start("dispatch",
            LogObjectConfig.builder("async").file(dir.resolve("async")).whenFull(WhenFull.BLOCK).build(), null,
            (message, e) -> { }, String.class,
            message -> target.access(new MutableLogEvent().level("INFO").message(message)));
        final int events = 5_000;
        for (int i = 0; i < events; i++) {
            dispatch.object().accessRecord(0, System.nanoTime(), new byte[0], 0, 0, String.format("event %05d", i));
        }
        dispatch.stop();
        behind.stop();
        assertEquals(0, target.stats().getEventsLost(), "lost behind the dispatch");
        final List<String> lines = Files.readAllLines(file);
        assertEquals(events, lines.size());
        assertEquals("event 04999", lines.get(events - 1));
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
