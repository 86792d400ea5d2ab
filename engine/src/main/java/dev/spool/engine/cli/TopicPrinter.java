package dev.spool.engine.cli;

import dev.spool.engine.format.LogFormatException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Prints what {@code spool-cat --kafka} reads from a topic, a batch at a time: buffers are
 * rendered like files (several hosts' and log objects' merged in time order, {@link MergedFiles}),
 * or summed up with {@code --stats}; lines (the shapes lines and json-lines, rendered by the
 * shipper) are printed as they are, several streams' merged by their events' times, each
 * stream's kept in its order. Only {@code --grep}, {@code --since} and {@code --until} apply to lines.
 */
final class TopicPrinter implements TopicReader.Sink {
    /** A topic of lines read with an option that only applies to buffers: a usage problem, not an I/O one. */
    static final class LinesDoNotFit extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        LinesDoNotFit(final String message) {
            super(message);
        }
    }

    private final OutputStream out;
    private final PrintStream err;
    private final SpoolCat.Options options;
    private final EntryPrinter printer;
    private final Function<String, BinaryLogReader.Problems> problems;
    /** With {@code --stats}: each stream's summary, for the total. */
    private final List<FileSummary> summaries = new ArrayList<>();
    private boolean damaged;

    TopicPrinter(final OutputStream out, final PrintStream err, final SpoolCat.Options options,
                 final Function<String, BinaryLogReader.Problems> problems) throws IOException {
        this.out = out;
        this.err = err;
        this.options = options;
        this.problems = problems;
        this.printer = options.stats ? null : new EntryPrinter(out, options.format, options.json, options.since,
            options.until, options.filter).layout(options.renderer);
    }

    @Override
    public void batch(final List<TopicReader.Shipped> records) throws IOException {
        final Map<String, ByteArrayOutputStream> buffers = new LinkedHashMap<>();
        final Map<String, List<TopicReader.Shipped>> lines = new LinkedHashMap<>();
        for (final TopicReader.Shipped s : records) {
            if (s.line()) {
                lines.computeIfAbsent(s.stream(), k -> new ArrayList<>()).add(s);
            } else {
                buffers.computeIfAbsent(s.stream(), k -> new ByteArrayOutputStream()).write(s.value());
            }
        }
        if (!lines.isEmpty()) {
            final String notForLines = notForLines();
            if (notForLines != null) {
                throw new LinesDoNotFit("topic \"" + options.topic + "\" holds one rendered event per record (a Kafka"
                    + " log object of shape lines or json-lines): " + notForLines + " applies to a topic of buffers;"
                    + " --grep, --since and --until apply to lines");
            }
            printLines(lines);
        }
        if (printer == null) {
            for (final Map.Entry<String, ByteArrayOutputStream> e : buffers.entrySet()) {
                summarize(e.getKey(), e.getValue().toByteArray());
            }
        } else if (!buffers.isEmpty()) {
            final List<MergedFiles.Source> sources = new ArrayList<>();
            for (final Map.Entry<String, ByteArrayOutputStream> e : buffers.entrySet()) {
                sources.add(new MergedFiles.Source(e.getKey(), new BytesChannel(e.getValue().toByteArray()),
                    problems.apply(e.getKey()), sources.size()));
            }
            MergedFiles.print(sources, printer, (name, why) -> {
                err.println("spool-cat: " + name + ": " + (why instanceof LogFormatException ? "--format does not fit"
                    + " this log: " : "") + why.getMessage() + "; the rest of it is left out");
                damaged = true;
            });
        }
        out.flush();
    }

    /** With {@code --stats} over several streams, their total; call once the read ended. */
    void finish() throws IOException {
        if (summaries.size() > 1) {
            final FileSummary total = new FileSummary("total of " + summaries.size() + " streams");
            summaries.forEach(total::addAll);
            total.print(out);
        }
        out.flush();
    }

    /** Whether a stream was left out or damage was found. */
    boolean damaged() {
        return damaged;
    }

    /** The first option given that does not apply to lines, or null. */
    private String notForLines() {
        return options.stats ? "--stats" : options.json ? "--json" : options.format != null ? "--format"
            : options.layout != null ? "--layout" : options.level != null ? "--level"
            : options.logger != null ? "--logger" : null;
    }

    /** Each stream's lines in order, the streams merged by the events' times (the earlier stream first on a tie). */
    private void printLines(final Map<String, List<TopicReader.Shipped>> lines) throws IOException {
        final List<List<TopicReader.Shipped>> streams = new ArrayList<>(lines.values());
        final int[] at = new int[streams.size()];
        final PriorityQueue<Integer> heads = new PriorityQueue<>(Comparator.<Integer>comparingLong(
            i -> streams.get(i).get(at[i]).timestamp()).thenComparingInt(i -> i));
        for (int i = 0; i < streams.size(); i++) {
            heads.add(i);
        }
        while (!heads.isEmpty()) {
            final int i = heads.poll();
            final TopicReader.Shipped s = streams.get(i).get(at[i]++);
            final long nanos = s.timestamp() * 1_000_000L;
            if (nanos >= options.since && nanos < options.until && (options.grep == null
                || options.filter.acceptsRendered(new String(s.value(), StandardCharsets.UTF_8)))) {
                out.write(s.value());
                out.write('\n');
            }
            if (at[i] < streams.get(i).size()) {
                heads.add(i);
            }
        }
    }

    /** Prints the stream's summary ({@code --stats}) and adds it to the total. */
    private void summarize(final String name, final byte[] bytes) throws IOException {
        final FileSummary summary = new FileSummary(name);
        final BinaryLogReader reader = new BinaryLogReader(new BytesChannel(bytes), false, 0,
            summary.counting(problems.apply(name)));
        for (BinaryLogReader.Buffer b = reader.next(); b != null; b = reader.next()) {
            summary.add(b);
        }
        summary.print(out);
        summaries.add(summary);
    }
}
