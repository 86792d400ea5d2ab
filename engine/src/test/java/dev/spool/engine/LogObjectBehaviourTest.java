package dev.spool.engine;

import dev.spool.engine.testing.SinkFile;
import dev.spool.engine.format.FieldRegistry;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.format.TextField;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.spool.engine.testing.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one log object does with the events it is offered. */
class LogObjectBehaviourTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    @Test
    void anEntryLargerThanABufferGetsItsOwnBufferWholeAndInOrder() throws Exception {
        final Path file = dir.resolve("big.log");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("big", file).format("%<msg>").bufferSize(1024).bufferCount(2).build()).build());
        final String huge = "x".repeat(10_000) + "\u00e9";
        for (int i = 0; i < 5; i++) {
            log.access(TestLogs.event("INFO", "small " + i));
            log.access(TestLogs.event("INFO", i + huge));
        }
        log.stop();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add("small " + i);
            expected.add(i + huge);
        }
        assertEquals(expected, TestFiles.lines(file));
        assertEquals(List.of(), errors);
    }

    @Test
    void aFailingCaptureIsCountedReportedAndWrittenIntoTheLog() throws Exception {
        final Path file = dir.resolve("capture.log");
        final FieldRegistry fields = FieldRegistry.standard().register(TextField.of("fragile", (e, k) -> {
            if (e.message().toString().contains("boom")) {
                throw new IllegalStateException("cannot capture");
            }
            return "ok";
        }));
        final Log log = Log.start(TestLogs.config(errors).fields(fields)
            .object(TestLogs.text("c", file).format("%<fragile> %<msg>").bufferSize(1024).bufferCount(2).build()).build());
        log.access(TestLogs.event("INFO", "before"));
        log.access(TestLogs.event("INFO", "boom"));
        for (int i = 0; i < 40; i++) { // enough to fill the first buffer, so the loss is written in the next
            log.access(TestLogs.event("INFO", "after " + i));
        }
        log.stop();
        final List<String> lines = TestFiles.lines(file);
        assertEquals("ok before", lines.get(0));
        assertTrue(lines.contains("spool: 1 event lost here (capturing the event failed)"), lines.toString());
        assertEquals(42, lines.size());
        assertEquals(1, log.stats().object("c").lost(LossCause.CAPTURE_FAILED));
        assertEquals("log object \"c\": capturing an event failed; the event is counted as lost"
            + " / java.lang.IllegalStateException: cannot capture", errors.get(0));
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMessageThatLogsWhileBeingCapturedIsServedWithoutWaitingOnItself() throws Exception {
        final Path file = dir.resolve("nested.log");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("n", file).format("%<msg>").bufferSize(1024).bufferCount(2).whenFull(WhenFull.BLOCK)
                .build()).build());
        for (int i = 0; i < 200; i++) {
            final int n = i;
            final CharSequence loggingMessage = new CharSequence() {
                private final String text = "outer " + n;
                private boolean logged;

                @Override
                public int length() {
                    if (!logged) {
                        logged = true;
                        log.access(TestLogs.event("INFO", "inner " + n));
                    }
                    return text.length();
                }

                @Override
                public char charAt(final int index) {
                    return text.charAt(index);
                }

                @Override
                public CharSequence subSequence(final int start, final int end) {
                    return text.subSequence(start, end);
                }

                @Override
                public String toString() {
                    return text;
                }
            };
            log.access(TestLogs.event("INFO", "x").message(loggingMessage));
        }
        log.stop();
        final List<String> lines = TestFiles.lines(file);
        assertEquals(400, lines.size());
        for (int i = 0; i < 200; i++) {
            assertTrue(lines.indexOf("inner " + i) < lines.indexOf("outer " + i), "inner " + i + " first");
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEngineThreadThatLogsIsNeverMadeToWaitOnItsOwnBuffers() throws Exception {
        // The flush thread reports the unopenable file to a listener that logs back into the same
        // object (as a framework's status logger routed to a Spool appender would). With every
        // buffer in flight the flush thread must drop and count, not wait for itself.
        final Path blocker = dir.resolve("blocked");
        java.nio.file.Files.writeString(blocker, "not a directory");
        final Log[] engine = new Log[1];
        // stopTimeout short: the stop tries the unopenable file again until then.
        final Log log = Log.start(TestLogs.config(errors).stopTimeout(java.time.Duration.ofSeconds(1))
            .errorListener((message, cause) -> {
                for (int i = 0; i < 200; i++) {
                    engine[0].access(TestLogs.event("WARN", "status: " + message));
                }
            })
            .object(TestLogs.text("loop", blocker.resolve("loop.log")).format("%<msg>").bufferSize(1024).bufferCount(2)
                .whenFull(WhenFull.BLOCK).maxDelay(java.time.Duration.ofMillis(5)).build())
            .build());
        engine[0] = log;
        for (int i = 0; i < 100; i++) {
            log.access(TestLogs.event("INFO", "event " + i));
        }
        waitFor(() -> log.lost(LossCause.ENGINE_THREAD) > 0);
        log.stop();
        final long logged = 100 + log.stats().getErrorsReported() * 200;
        assertEquals(0, log.lost(LossCause.NO_BUFFER), "whenFull=block: no drop is a drop-policy drop");
        assertEquals(logged, log.lost(LossCause.ENGINE_THREAD) + log.lost(LossCause.WRITE_FAILED)
            + log.lost(LossCause.STOPPED) + log.stats().getEventsWritten() + log.stats().object("loop").lost(LossCause.CAPTURE_FAILED),
            "every event written or counted");
    }

    @Test
    void aFileThatThrowsUncheckedIsCountedReportedAndTheEngineGoesOn() throws Exception {
        final int[] writes = {0};
        final Log log = Log.start(TestLogs.config(errors)
            .files((object, context) -> new SinkFile(object.file()) {
                @Override
                public void write(final java.nio.ByteBuffer bytes) {
                    if (writes[0]++ == 0) {
                        throw new IllegalStateException("broken sink");
                    }
                }
            })
            .object(TestLogs.text("t", dir.resolve("t.log")).format("%<msg>").maxDelay(java.time.Duration.ofMillis(5))
                .build()).build());
        log.access(TestLogs.event("INFO", "first"));
        waitFor(() -> log.lost(LossCause.WRITE_FAILED) == 1);
        log.access(TestLogs.event("INFO", "second"));
        log.stop();
        assertEquals(1, log.stats().getEventsWritten());
        assertEquals(1, log.stats().getWriteErrors());
        assertEquals("log object \"t\": writing " + dir.resolve("t.log") + " failed unexpectedly; 1 events counted as"
            + " lost / java.lang.IllegalStateException: broken sink", errors.get(0));
    }

    @Test
    void filtersAcceptRejectAndWipeOnTheCallersThread() throws Exception {
        final Path file = dir.resolve("filtered.log");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("f", file).format("%<level> %<msg>")
                .filter(LogFilter.parse("accept level MATCH WARN,ERROR"))
                .filter(LogFilter.parse("reject msg CONTAIN healthz"))
                .filter(LogFilter.parse("wipe msg password"))
                .build()).build());
        log.access(TestLogs.event("INFO", "dropped by accept"));
        log.access(TestLogs.event("WARN", "GET /healthz slow"));
        log.access(TestLogs.event("ERROR", "login failed user=ann password=s3cret"));
        log.stop();
        assertEquals(List.of("ERROR login failed user=ann password=XXXXXX"), TestFiles.lines(file));
        assertEquals(2, log.stats().getEventsRejected());
    }

    @Test
    void oneEventLandsInEveryLogObjectThatAcceptsIt() throws Exception {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("all", dir.resolve("all.log")).format("%<msg>").build())
            .object(TestLogs.text("errors", dir.resolve("errors.log")).format("%<level>: %<msg>")
                .filter(LogFilter.parse("accept level MATCH ERROR")).build())
            .build());
        log.access(TestLogs.event("INFO", "one"));
        log.access(TestLogs.event("ERROR", "two"));
        log.stop();
        assertEquals(List.of("one", "two"), TestFiles.lines(dir.resolve("all.log")));
        assertEquals(List.of("ERROR: two"), TestFiles.lines(dir.resolve("errors.log")));
    }

    @Test
    void eventsAfterStopAreCountedAsLostAndReportedOnce() {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("s", dir.resolve("s.log")).build()).build());
        log.stop();
        log.access(TestLogs.event("INFO", "late"));
        log.access(TestLogs.event("INFO", "later"));
        log.stop();
        assertEquals(2, log.lost(LossCause.STOPPED));
        assertEquals(List.of("log object \"s\" is stopped; events logged from now on are counted as lost"), errors);
    }
}
