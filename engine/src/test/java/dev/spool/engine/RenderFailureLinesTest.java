package dev.spool.engine;

import dev.spool.engine.format.TextOutput;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Records an adapter's renderer fails on: counted, and written as one loss line per run of them, where they were. */
class RenderFailureLinesTest {
    @TempDir
    Path dir;

    @Test
    void eachRunOfFailedRecordsIsOneLossLineInItsPlace() throws Exception {
        final List<String> errors = TestLogs.errors();
        final RecordView view = new RecordView();
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("r", dir.resolve("r.log")).renderer((id, record, offset, length, nanos, attachment, out) -> {
                view.wrap(record, offset, length, nanos, 1);
                final String message = view.getString(0);
                if (message.startsWith("bad")) {
                    throw new IllegalStateException("cannot render " + message);
                }
                out.writeUtf8(message + "\n");
            }).build()).build());
        final LogObject r = log.object("r");
        try {
            for (final String m : List.of("bad0", "a", "bad1", "bad2", "b", "bad3")) {
                final RecordWriter w = new RecordWriter();
                w.putString(m);
                r.accessRecord(0, 1_000L, w.array(), 0, w.length());
            }
        } finally {
            log.stop();
        }
        assertEquals(List.of(
            "spool: 1 event lost here (rendering the event failed)",
            "a",
            "spool: 2 events lost here (rendering the event failed)",
            "b",
            "spool: 1 event lost here (rendering the event failed)"), TestFiles.lines(dir.resolve("r.log")));
        assertEquals(4, r.stats().lost(LossCause.RENDER_FAILED));
        assertEquals(List.of("log object \"r\": rendering an event failed; such events are counted as lost and written"
            + " as a loss line (reported once)"), errors.stream().map(e -> e.replaceAll(" / java.lang.*", "")).toList());
    }
}
