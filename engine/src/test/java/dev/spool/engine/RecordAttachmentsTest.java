package dev.spool.engine;

import dev.spool.engine.object.LogObject;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An adapter's record can keep an object beside it (a throwable, laid out on the preproc thread):
 * its renderer gets exactly that object, and a record without one gets null, however often the
 * buffers are reused.
 */
class RecordAttachmentsTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    @Test
    void eachRecordsRendererGetsTheObjectKeptBesideItAndNothingLeftByAnEarlierUseOfTheBuffer() throws Exception {
        final Path file = dir.resolve("kept.log");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("kept", file).bufferSize(4096).bufferCount(2)
                .renderer((renderer, record, offset, length, timestampNanos, attachment, out) -> {
                    final byte[] text = new byte[length];
                    record.get(offset, text);
                    out.write(text, 0, text.length);
                    out.write((" " + (attachment == null ? "-" : attachment) + "\n").getBytes(StandardCharsets.UTF_8));
                })
                .build())
            .build());
        final LogObject kept = log.object("kept");
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            // Records of different lengths, so a slot used by a record with an object in one use of
            // a buffer is used by one without in a later use.
            // Every 500th record is larger than a buffer, so it gets a dedicated one, object included.
            final byte[] record = ("record " + i + "x".repeat(i % 500 == 7 ? 10_000 : i % 37))
                .getBytes(StandardCharsets.UTF_8);
            final Object attachment = i % 3 == 0 || i % 500 == 7 ? "object-" + i : null;
            kept.accessRecord(0, TestLogs.T0, record, 0, record.length, attachment);
            expected.add(new String(record, StandardCharsets.UTF_8) + " " + (attachment == null ? "-" : attachment));
        }
        log.stop();
        assertEquals(expected, TestFiles.lines(file));
        assertEquals(List.of(), errors);
    }
}
