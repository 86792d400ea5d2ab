package dev.spool.engine.cli;

import dev.spool.engine.buffer.EntryCursor;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several binary logs read at once (a log's rolled files, or the logs of several machines), their
 * entries printed in time order: each step prints the earliest of the files' next entries, so
 * every file's own order is kept (entries of several threads are not in strict time order within
 * a file) and equal times go in the order the files were named.
 */
final class MergedFiles {
    /** One file being read: its reader and the entry it stands on. */
    static final class Source {
        private final String name;
        private final ReadableByteChannel channel;
        private final BinaryLogReader reader;
        private final BinaryLogReader.Problems problems;
        private final int index;
        private final EntryCursor cursor = new EntryCursor();
        private BinaryLogReader.Buffer buffer;

        Source(final String name, final ReadableByteChannel channel, final BinaryLogReader.Problems problems,
               final int index) {
            this.name = name;
            this.channel = channel;
            this.reader = new BinaryLogReader(channel, false, 0, problems);
            this.problems = problems;
            this.index = index;
        }

        /** Moves to the next entry; {@code false} at the end of the file. */
        private boolean advance() throws IOException {
            for (;;) {
                if (buffer != null && cursor.next()) {
                    return true;
                }
                if (buffer != null && cursor.problem() != null) {
                    problems.corrupt(buffer.fileOffset(), "buffer " + buffer.sequence() + ": " + cursor.problem());
                }
                buffer = reader.next();
                if (buffer == null) {
                    return false;
                }
                cursor.reset(buffer.data(), buffer.headerLength(), buffer.byteCount());
            }
        }

        private long timestamp() {
            return cursor.timestamp();
        }
    }

    private MergedFiles() {
    }

    /**
     * Prints the entries of {@code sources} in time order and closes them; a file whose log the
     * printer cannot render (a format or filter that does not fit it) is reported and left out.
     *
     * @param error reports a file left out; returns nothing
     */
    static void print(final List<Source> sources, final EntryPrinter printer, final Failure error) throws IOException {
        final PriorityQueue<Source> heads = new PriorityQueue<>(Comparator.comparingLong(Source::timestamp)
            .thenComparingInt(s -> s.index));
        for (final Source s : sources) {
            if (s.advance()) {
                heads.add(s);
            } else {
                finish(s, printer);
            }
        }
        BinaryLogReader.Buffer described = null;
        while (!heads.isEmpty()) {
            final Source s = heads.poll();
            try {
                if (s.buffer != described) { // a buffer's descriptor once, not at each of its entries
                    printer.prepare(s.buffer, s.problems);
                    described = s.buffer;
                }
                printer.printEntry(s.buffer, s.cursor, s.problems);
            } catch (final IllegalArgumentException e) { // a LogFormatException too: a format that does not fit
                error.leftOut(s.name, e);
                s.channel.close();
                continue;
            }
            if (s.advance()) {
                heads.add(s);
            } else {
                finish(s, printer);
            }
        }
    }

    private static void finish(final Source s, final EntryPrinter printer) throws IOException {
        printer.endOfFile(s.problems);
        s.channel.close();
    }

    /** A file left out of the merge, and why. */
    @FunctionalInterface
    interface Failure {
        void leftOut(String name, RuntimeException why);
    }
}
