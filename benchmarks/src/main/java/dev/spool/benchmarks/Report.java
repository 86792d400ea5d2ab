package dev.spool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns a run of {@code benchmarks/run.sh} into {@code results.md} (throughput, bytes per event,
 * events lost, and the ratio of each setup to the best lossless stock setup of its framework at
 * the same thread count; caller latency percentiles) and {@code chart.svg} (throughput per setup
 * and thread count). Reads the JMH JSON files ({@code jmh-*.json}) and {@code latency.txt} of the
 * directory given.
 *
 * <p>Exit status 1 when Spool (or a reference) lost events, so a smoke run fails on it; stock
 * setups that lose events are reported, and their ratio column compares them anyway.
 */
public final class Report {
    private Report() {
    }

    /** One JMH result. */
    record Row(String framework, String setup, int threads, double score, double error, double bytesPerOp, double lost) {
        boolean stock() {
            return !setup.equals("spool") && !setup.equals("engine") && !setup.equals("rawChannel");
        }
    }

    public static void main(final String[] args) throws IOException {
        final Path dir = Path.of(args[0]);
        final List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path f : (Iterable<Path>) files.sorted()::iterator) {
                final String name = f.getFileName().toString();
                if (name.startsWith("jmh-") && name.endsWith(".json")) {
                    rows.addAll(read(f, name.contains("disruptor4") ? "-disruptor4" : ""));
                }
            }
        }
        final List<String[]> latency = new ArrayList<>();
        final Path latencyFile = dir.resolve("latency.txt");
        if (Files.exists(latencyFile)) {
            for (final String line : Files.readAllLines(latencyFile)) {
                if (line.startsWith("latency ")) {
                    latency.add(line.substring(8).trim().split(" "));
                }
            }
        }
        final String md = markdown(rows, latency, dir);
        Files.writeString(dir.resolve("results.md"), md);
        Files.writeString(dir.resolve("chart.svg"), chart(rows));
        System.out.print(md);
        if (args.length == 3 && args[1].equals("--readme")) {
            updateReadme(Path.of(args[2]), readmeTable(rows));
        }
        // Spool and the references must lose nothing; a stock setup that loses events is a
        // finding to report (Log4j2's async loggers on Disruptor 4.0.0 do), not a failed run.
        boolean spoolLost = false;
        for (final Row r : rows) {
            if (r.lost() > 0) {
                System.out.printf(Locale.ROOT, "%n%s %s at %d thread(s) lost %,.0f events.", r.framework(), r.setup(),
                    r.threads(), r.lost());
                spoolLost |= !r.stock();
            }
        }
        for (final String[] l : latency) {
            if (Long.parseLong(l[8]) > 0) {
                System.out.printf(Locale.ROOT, "%n%s at %s thread(s), fixed rate, lost %s events.", l[0], l[1], l[8]);
                spoolLost |= l[0].endsWith("spool");
            }
        }
        System.out.println();
        System.exit(spoolLost ? 1 : 0);
    }

    private static List<Row> read(final Path file, final String suffix) throws IOException {
        final List<Row> out = new ArrayList<>();
        for (final JsonNode r : new ObjectMapper().readTree(file.toFile())) {
            final String benchmark = r.get("benchmark").asText();
            final String cls = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1,
                benchmark.lastIndexOf('.'));
            final JsonNode params = r.get("params");
            // A JSON layout is a framework of its own here: its peers are the stock setups with it.
            final String json = params != null && params.has("layout") && params.get("layout").asText().equals("json")
                ? " JSON" : "";
            final String framework = cls.startsWith("Log4j2") ? "Log4j2" + json
                : cls.startsWith("Logback") ? "Logback" + json : "reference";
            String setup = params != null && params.has("setup") ? params.get("setup").asText()
                : cls.equals("EngineBenchmark") ? "engine" : "rawChannel";
            setup += setup.equals("asyncLoggers") ? suffix : "";
            final JsonNode secondary = r.get("secondaryMetrics");
            out.add(new Row(framework, setup, r.get("threads").asInt(), r.get("primaryMetric").get("score").asDouble(),
                r.get("primaryMetric").get("scoreError").asDouble(),
                secondary.has("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm").get("score").asDouble() : Double.NaN,
                secondary.has("lost") ? secondary.get("lost").get("score").asDouble() : 0));
        }
        return out;
    }

    private static String markdown(final List<Row> rows, final List<String[]> latency, final Path dir) {
        final StringBuilder b = new StringBuilder();
        b.append("# Benchmark results (").append(dir.getFileName()).append(")\n\n");
        b.append("Throughput in events per second through each framework's API to a file; ratio to the best\n")
            .append("stock setup of the same framework at the same thread count that lost nothing.\n\n");
        final Map<Integer, List<Row>> byThreads = new TreeMap<>();
        for (final Row r : rows) {
            byThreads.computeIfAbsent(r.threads(), t -> new ArrayList<>()).add(r);
        }
        for (final Map.Entry<Integer, List<Row>> e : byThreads.entrySet()) {
            b.append("## ").append(e.getKey()).append(e.getKey() == 1 ? " thread" : " threads").append("\n\n");
            b.append("| framework | setup | events/s | ± | bytes/event | lost | ratio to best lossless stock |\n");
            b.append("|---|---|---:|---:|---:|---:|---:|\n");
            final Map<String, Row> best = best(e.getValue(), lossy(rows));
            for (final Row r : e.getValue()) {
                final Double peer = best.containsKey(r.framework()) ? best.get(r.framework()).score() : null;
                b.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %s | %,.0f | %s |%n", r.framework(),
                    r.setup(), r.score(), r.error(), Double.isNaN(r.bytesPerOp()) ? "-" : String.format(Locale.ROOT,
                        "%.1f", r.bytesPerOp()), r.lost(), peer == null ? "-" : String.format(Locale.ROOT, "%.2f",
                        r.score() / peer)));
            }
            b.append('\n');
        }
        if (!latency.isEmpty()) {
            b.append("## Caller latency at a fixed rate (ns)\n\n");
            b.append("| setup | threads | events/s | p50 | p99 | p99.9 | p99.99 | max | lost |\n");
            b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (final String[] l : latency) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %s |%n", l[0], l[1],
                    Long.parseLong(l[2]), Long.parseLong(l[3]), Long.parseLong(l[4]), Long.parseLong(l[5]),
                    Long.parseLong(l[6]), Long.parseLong(l[7]), l[8]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The setups that lost events at any thread count: never a peer, at any thread count. */
    private static Set<String> lossy(final List<Row> rows) {
        final Set<String> out = new TreeSet<>();
        for (final Row r : rows) {
            if (r.lost() > 0) {
                out.add(r.framework() + "/" + r.setup());
            }
        }
        return out;
    }

    /** Per framework, its fastest stock setup among {@code rows} that never lost an event. */
    private static Map<String, Row> best(final List<Row> rows, final Set<String> lossy) {
        final Map<String, Row> best = new LinkedHashMap<>();
        for (final Row r : rows) {
            if (r.stock() && !lossy.contains(r.framework() + "/" + r.setup())) {
                best.merge(r.framework(), r, (a, b) -> a.score() >= b.score() ? a : b);
            }
        }
        return best;
    }

    /** The README's table: per thread count, Spool through each framework as a ratio to its peer, and the references. */
    static String readmeTable(final List<Row> rows) {
        final Set<String> lossy = lossy(rows);
        final Map<Integer, List<Row>> byThreads = new TreeMap<>();
        for (final Row r : rows) {
            byThreads.computeIfAbsent(r.threads(), t -> new ArrayList<>()).add(r);
        }
        final StringBuilder b = new StringBuilder();
        b.append("| threads | Log4j2: Spool | Logback: Spool | engine alone | raw FileChannel |\n");
        b.append("|---|---|---|---|---|\n");
        for (final Map.Entry<Integer, List<Row>> e : byThreads.entrySet()) {
            final Map<String, Row> best = best(e.getValue(), lossy);
            b.append("| ").append(e.getKey());
            for (final String framework : List.of("Log4j2", "Logback")) {
                final Row spool = find(e.getValue(), framework, "spool");
                final Row peer = best.get(framework);
                b.append(" | ");
                if (spool == null) {
                    b.append('-');
                } else if (peer == null) {
                    b.append(millions(spool.score()));
                } else {
                    b.append(String.format(Locale.ROOT, "%s, %.2fx %s (%s)", millions(spool.score()),
                        spool.score() / peer.score(), peer.setup(), millions(peer.score())));
                }
            }
            for (final String setup : List.of("engine", "rawChannel")) {
                final Row r = find(e.getValue(), "reference", setup);
                b.append(" | ").append(r == null ? "-" : millions(r.score()));
            }
            b.append(" |\n");
        }
        return b.toString();
    }

    private static Row find(final List<Row> rows, final String framework, final String setup) {
        for (final Row r : rows) {
            if (r.framework().equals(framework) && r.setup().equals(setup)) {
                return r;
            }
        }
        return null;
    }

    private static String millions(final double perSecond) {
        return String.format(Locale.ROOT, "%.2f M/s", perSecond / 1e6);
    }

    /** Replaces what stands between the README's table markers with {@code table}. */
    static void updateReadme(final Path readme, final String table) throws IOException {
        final String begin = "<!-- benchmark-table:begin (written by benchmarks/run.sh full) -->\n";
        final String end = "<!-- benchmark-table:end -->";
        final String text = Files.readString(readme);
        final int from = text.indexOf(begin);
        final int to = text.indexOf(end);
        if (from < 0 || to < from) {
            System.err.println("Report: " + readme + " has no benchmark table markers; not updated");
            return;
        }
        Files.writeString(readme, text.substring(0, from + begin.length()) + table + text.substring(to));
    }

    /** Horizontal bars, one per setup and thread count, grouped by thread count. */
    static String chart(final List<Row> rows) {
        double max = 1;
        for (final Row r : rows) {
            max = Math.max(max, r.score());
        }
        final int barHeight = 18;
        final int labelWidth = 260;
        final int plotWidth = 520;
        final StringBuilder bars = new StringBuilder();
        int y = 40;
        final Map<Integer, List<Row>> byThreads = new TreeMap<>();
        for (final Row r : rows) {
            byThreads.computeIfAbsent(r.threads(), t -> new ArrayList<>()).add(r);
        }
        for (final Map.Entry<Integer, List<Row>> e : byThreads.entrySet()) {
            bars.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%d thread%s</text>%n",
                y + 12, e.getKey(), e.getKey() == 1 ? "" : "s"));
            y += barHeight + 6;
            for (final Row r : e.getValue()) {
                final int w = (int) Math.round(plotWidth * r.score() / max);
                final String color = r.setup().equals("spool") ? "#2a7ab0" : r.framework().equals("reference") ? "#999999"
                    : "#d08c2f";
                bars.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s %s</text>%n",
                    labelWidth - 8, y + 13, escape(r.framework()), escape(r.setup())));
                bars.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                    labelWidth, y, Math.max(1, w), barHeight, color));
                bars.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.2f M/s%s</text>%n", labelWidth + w + 6,
                    y + 13, r.score() / 1e6, r.lost() > 0 ? String.format(Locale.ROOT, " (lost %,.0f)", r.lost()) : ""));
                y += barHeight + 4;
            }
            y += 12;
        }
        final int height = y + 10;
        final int width = labelWidth + plotWidth + 140;
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
            + " font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
            + "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Events per second to a file (blue: Spool,"
            + " orange: stock, grey: references)</text>%n%s</svg>%n", width, height, bars);
    }

    private static String escape(final String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }

}
