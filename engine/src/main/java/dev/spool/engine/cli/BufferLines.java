package dev.spool.engine.cli;

import dev.spool.engine.buffer.EntryCursor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the events of one whole buffer, as a binary log holds it (either format), one line
 * per event, as spool-cat would show them: text with the stored format (or another), or JSON.
 * For a sink that wants one event at a time, such as a Kafka log object whose records are lines.
 * One instance per thread; it keeps the parsed format from buffer to buffer.
 */
public final class BufferLines {
    /**
     * Receives each event's line: {@code entry} counts the buffer's events (loss lines included)
     * from 0; the bytes are the sink's to read during the call only.
     */
    @FunctionalInterface
    public interface Sink {
        void line(int entry, long timestampNanos, byte[] bytes, int offset, int length);
    }

    private final Out out = new Out();
    private final EntryPrinter printer;
    private final EntryCursor cursor = new EntryCursor();

    /**
     * @param format the engine format to render text with, or null for the one the buffer stores
     * @param json   JSON lines (as {@code spool-cat --json}) instead of text
     */
    public BufferLines(final String format, final boolean json) {
        try {
            this.printer = new EntryPrinter(out, format, json, Long.MIN_VALUE, Long.MAX_VALUE,
                new EventFilter(null, null, null));
        } catch (final IOException e) {
            throw new IllegalStateException("cannot happen: the printer writes to memory", e);
        }
    }

    /**
     * Renders {@code buffer} (exactly one buffer, header included) and gives {@code sink} each
     * event's line, without its line end.
     *
     * @return the number of lines given
     * @throws IllegalArgumentException naming what is wrong when the bytes are not one whole,
     *     intact buffer, or the format does not fit it
     */
    public int render(final byte[] buffer, final Sink sink) throws IOException {
        final List<String> problems = new ArrayList<>();
        final BinaryLogReader.Problems collect = (offset, message) -> problems.add("offset " + offset + ": " + message);
        final BinaryLogReader reader = new BinaryLogReader(new BytesChannel(buffer), false,
            0, collect);
        final BinaryLogReader.Buffer b = reader.next();
        if (b == null || !problems.isEmpty() || reader.next() != null) {
            throw new IllegalArgumentException("not one whole buffer" + (problems.isEmpty() ? "" : ": " + problems));
        }
        printer.prepare(b, collect);
        cursor.reset(b.data(), b.headerLength(), b.byteCount());
        int lines = 0;
        while (cursor.next()) {
            out.reset();
            printer.printEntry(b, cursor, collect);
            int end = out.size();
            if (end == 0) {
                continue; // a void entry
            }
            if (out.bytes()[end - 1] == '\n') {
                end--;
            }
            sink.line(lines++, cursor.timestamp(), out.bytes(), 0, end);
        }
        printer.endOfFile(collect);
        if (cursor.problem() != null || !problems.isEmpty()) {
            throw new IllegalArgumentException("buffer " + b.sequence() + ": "
                + (cursor.problem() != null ? cursor.problem() : String.join("; ", problems)));
        }
        return lines;
    }

    /** A byte array output stream whose array is read in place. */
    private static final class Out extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
