package dev.spool.engine;

import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log objects added to and removed from a running engine (one engine per framework configuration). */
class RunningEngineObjectsTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    @Test
    void anAddedObjectReceivesTheEventsOfferedFromThenOn() throws Exception {
        final Log log = Log.start(TestLogs.config(errors).jmx(true).engineName("objects-test")
            .object(TestLogs.text("a", dir.resolve("a.log")).format("%<msg>").build()).build());
        try {
            log.access(TestLogs.event("INFO", "one"));
            final LogObject b = log.addObject(TestLogs.text("b", dir.resolve("b.log")).format("b: %<msg>").build());
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("dev.spool:type=LogObject,engine=objects-test,name=\"b\"")));
            log.access(TestLogs.event("INFO", "two"));
            b.access(TestLogs.event("INFO", "only b"));
        } finally {
            log.stop();
        }
        assertEquals(List.of("one", "two"), TestFiles.lines(dir.resolve("a.log")));
        assertEquals(List.of("b: two", "b: only b"), TestFiles.lines(dir.resolve("b.log")));
        assertEquals(List.of(), errors);
    }

    @Test
    void aRemovedObjectWritesWhatItHadAndTakesNoMore() throws Exception {
        final Log log = Log.start(TestLogs.config(errors).jmx(true).engineName("objects-test-2")
            .object(TestLogs.text("a", dir.resolve("a.log")).format("%<msg>").build())
            .object(TestLogs.text("b", dir.resolve("b.log")).format("%<msg>").build()).build());
        final LogObject b = log.object("b");
        try {
            log.access(TestLogs.event("INFO", "to both"));
            log.removeObject(b);
            assertEquals(List.of("to both"), TestFiles.lines(dir.resolve("b.log")), "written when remove returns");
            assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("dev.spool:type=LogObject,engine=objects-test-2,name=\"b\"")));
            log.access(TestLogs.event("INFO", "to a only"));
            b.access(TestLogs.event("INFO", "to the removed object"));
        } finally {
            log.stop();
        }
        assertEquals(List.of("to both", "to a only"), TestFiles.lines(dir.resolve("a.log")));
        assertEquals(List.of("to both"), TestFiles.lines(dir.resolve("b.log")));
        assertEquals(1, b.stats().lost(LossCause.STOPPED));
    }

    /** A removed object's counts stay in the engine's totals, what it loses afterwards too; folded ones as well. */
    @Test
    void theEnginesTotalsNeverGoDownWhenObjectsAreRemoved() throws Exception {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("a", dir.resolve("a.log")).format("%<msg>").build())
            .object(TestLogs.text("b", dir.resolve("b.log")).format("%<msg>").build()).build());
        final LogObject b = log.object("b");
        try {
            log.access(TestLogs.event("INFO", "to both"));
            assertTrue(log.flush(log.object("a")) && log.flush(b));
            assertEquals(2, log.stats().getEventsWritten());
            final long bytes = log.stats().getBytesWritten();
            log.removeObject(b);
            assertEquals(2, log.stats().getEventsWritten(), "b's event still counts");
            assertEquals(bytes, log.stats().getBytesWritten());
            b.access(TestLogs.event("INFO", "to the removed object"));
            assertEquals(1, log.stats().getEventsLost(), "and what it lost afterwards");
            assertEquals(1, log.lost(LossCause.STOPPED));
            // Past the removed objects whose counters are read live, their counts are folded.
            for (int i = 0; i < Stats.RETIRED_KEPT; i++) {
                final LogObject c = log.addObject(TestLogs.text("c" + i, dir.resolve("c" + i + ".log")).format("%<msg>")
                    .build());
                c.access(TestLogs.event("INFO", "to c" + i));
                log.removeObject(c);
            }
            assertEquals(2 + Stats.RETIRED_KEPT, log.stats().getEventsWritten());
            assertEquals(1, log.lost(LossCause.STOPPED), "b's loss, folded");
            assertEquals(List.of("a"), List.of(log.stats().getLogObjects()));
        } finally {
            log.stop();
        }
        assertEquals(List.of("log object \"b\" is stopped; events logged from now on are counted as lost"), errors);
    }

    @Test
    void badOrDuplicateObjectsAreRefusedWithTheirReason() {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("a", dir.resolve("a.log")).build()).build());
        try {
            assertEquals("log object \"a\" is configured twice", assertThrows(LogConfigException.class,
                () -> log.addObject(TestLogs.text("a", dir.resolve("other.log")).build())).getMessage());
            assertEquals("log object \"c\": file " + dir.resolve("a.log") + " is already written by another log object",
                assertThrows(LogConfigException.class,
                    () -> log.addObject(TestLogs.text("c", dir.resolve("a.log")).build())).getMessage());
            assertEquals("log object \"d\": format: unclosed \"%<\" at position 0 in format \"%<msg\"",
                assertThrows(LogConfigException.class,
                    () -> log.addObject(TestLogs.text("d", dir.resolve("d.log")).format("%<msg").build())).getMessage());
        } finally {
            log.stop();
        }
        assertThrows(IllegalStateException.class, () -> log.addObject(TestLogs.text("e", dir.resolve("e.log")).build()));
    }

    @Test
    void objectsComeAndGoWhileThreadsLogAndTheSteadyOneMissesNothing() throws Exception {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("steady", dir.resolve("steady.log")).format("%<thread> %<msg>").bufferSize(4096).build())
            .build());
        final AtomicBoolean churn = new AtomicBoolean(true);
        final List<Throwable> failures = new ArrayList<>();
        final Thread churner = new Thread(() -> {
            for (int i = 0; churn.get(); i++) {
                try {
                    final LogObject o = log.addObject(TestLogs.text("x" + i, dir.resolve("x" + i + ".log"))
                        .format("%<msg>").bufferSize(4096).build());
                    Thread.sleep(5);
                    log.removeObject(o);
                } catch (final Throwable t) {
                    failures.add(t);
                    return;
                }
            }
        });
        churner.start();
        try {
            TestLogs.logFromThreads(log, 4, 50_000);
        } finally {
            churn.set(false);
            churner.join();
            log.stop();
        }
        assertEquals(List.of(), failures);
        TestLogs.checkThreadOrder(TestFiles.lines(dir.resolve("steady.log")), 4, 50_000);
        assertEquals(0, log.stats().object("steady").getEventsLost());
    }
}
