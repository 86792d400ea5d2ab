package dev.spool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns a run of {@code benchmarks/run.sh} into {@code results.md} and {@code chart.svg}. Reads the
 * JMH JSON files ({@code jmh-*.json}) and {@code latency.txt} of the directory given.
 *
 * <p>Results are compared within a group: a framework with one layout ("Log4j2", "Log4j2 JSON",
 * "Logback Spring Boot"...), at one thread count. In each group, Spool is compared with the best
 * lossless stock setup (the fastest stock setup that lost nothing at any thread count) and with
 * the ceiling (the framework's stock no-op appender, the same call with nothing written; not a
 * file setup, so never a peer and never loss-checked). {@code results.md} has that comparison,
 * then per thread count every result with its ratio to the best lossless stock setup and its
 * fraction of the ceiling (throughput, bytes per event, events lost), then the caller latency
 * percentiles; {@code chart.svg} has throughput per setup and thread count. With
 * {@code --readme FILE} the comparison (and the references) also replace the README's table.
 *
 * <p>Exit status 1 when Spool (or a reference) lost events, so a smoke run fails on it; stock
 * setups that lose events are reported, and their ratio column compares them anyway.
 */
public final class Report {
    /** The frameworks and the benchmarks' layouts, in the order the report shows them. */
    private static final List<String> FRAMEWORKS = List.of("Log4j2", "Logback", "reference");
    private static final List<String> LAYOUTS = List.of("pattern", "patternEx", "json", "logstash", "spring");
    /** What a layout adds to its framework's name in a group's name. */
    private static final List<String> LAYOUT_LABELS = List.of("", " 1% exceptions", " JSON", " LogstashEncoder", " Spring Boot");

    private Report() {
    }

    /** One JMH result. {@code framework} is Log4j2, Logback or reference; {@code layout} is empty for a reference. */
    record Row(String framework, String layout, String setup, int threads, double score, double error, double bytesPerOp,
               double lost) {
        /** What results are compared within: the framework and its layout. */
        String group() {
            final int i = LAYOUTS.indexOf(layout);
            return framework + (i >= 0 ? LAYOUT_LABELS.get(i) : layout.isEmpty() ? "" : " " + layout);
        }

        /** The framework's stock no-op appender: the same call, nothing written. */
        boolean ceiling() {
            return setup.equals("null") || setup.equals("nop");
        }

        boolean stock() {
            return !framework.equals("reference") && !setup.startsWith("spool") && !ceiling();
        }

        /** For sorting: Spool first in its group, the stock setups, the ceiling last. */
        int rank() {
            return FRAMEWORKS.indexOf(framework) * 100 + LAYOUTS.indexOf(layout) * 10
                + (setup.equals("spool") ? 0 : ceiling() ? 2 : 1);
        }
    }

    public static void main(final String[] args) throws IOException {
        final Path dir = Path.of(args[0]);
        final List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            // Disruptor 4.0.0's async loggers after the others, so their rows follow the usual ones.
            final Comparator<Path> order = Comparator.comparing((Path f) -> f.toString().contains("disruptor4"));
            for (final Path f : (Iterable<Path>) files.sorted(order.thenComparing(Comparator.naturalOrder()))::iterator) {
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
        rows.sort(Comparator.comparingInt(Row::threads).thenComparingInt(Row::rank));
        final String md = markdown(rows, latency, dir);
        Files.writeString(dir.resolve("results.md"), md);
        if (!rows.isEmpty()) {
            Files.writeString(dir.resolve("chart.svg"), chart(rows));
        }
        System.out.print(md);
        if (args.length == 3 && args[1].equals("--readme")) {
            updateReadme(Path.of(args[2]), readmeTable(rows));
        }
        // Spool and the references must lose nothing; a stock setup that loses events is a
        // finding to report (Log4j2's async loggers on Disruptor 4.0.0 do), not a failed run.
        boolean spoolLost = false;
        for (final Row r : rows) {
            if (r.lost() > 0) {
                System.out.printf(Locale.ROOT, "%n%s %s at %d thread(s) lost %,.0f events.", r.group(), r.setup(),
                    r.threads(), r.lost());
                spoolLost |= !r.stock();
            }
        }
        for (final String[] l : latency) {
            if (Long.parseLong(l[8]) > 0) {
                System.out.printf(Locale.ROOT, "%n%s at %s thread(s), fixed rate, lost %s events.", l[0], l[1], l[8]);
                spoolLost |= l[0].contains("-spool");
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
            final String framework = cls.startsWith("Log4j2") ? "Log4j2" : cls.startsWith("Logback") ? "Logback" : "reference";
            final String layout = framework.equals("reference") ? ""
                : params != null && params.has("layout") ? params.get("layout").asText() : "pattern";
            String setup = params != null && params.has("setup") ? params.get("setup").asText()
                : cls.equals("EngineBenchmark") ? "engine" : "rawChannel";
            setup += setup.equals("asyncLoggers") ? suffix : "";
            final JsonNode secondary = r.get("secondaryMetrics");
            out.add(new Row(framework, layout, setup, r.get("threads").asInt(), r.get("primaryMetric").get("score").asDouble(),
                r.get("primaryMetric").get("scoreError").asDouble(),
                secondary.has("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm").get("score").asDouble() : Double.NaN,
                secondary.has("lost") ? secondary.get("lost").get("score").asDouble() : 0));
        }
        return out;
    }

    private static String markdown(final List<Row> rows, final List<String[]> latency, final Path dir) {
        final StringBuilder b = new StringBuilder();
        b.append("# Benchmark results (").append(dir.getFileName()).append(")\n\n");
        if (rows.isEmpty()) { // a latency-only run
            return latency.isEmpty() ? b.toString() : b.append(latencyTables(latency)).toString();
        }
        b.append("Throughput in events per second through each framework's API to a file. A group is a framework\n")
            .append("with one layout (\"1% exceptions\": the pattern, and one event in 100 an error with an exception\n")
            .append("and its cause). Within a group and thread count, the ratio is to the best stock setup that lost\n")
            .append("nothing at any thread count, and the ceiling is the framework's stock no-op appender (Log4j2's\n")
            .append("Null, Logback's NOPAppender: the same call, nothing written; not loss-checked).\n\n");
        b.append("## Spool, the best lossless stock setup and the ceiling\n\n");
        b.append(comparison(rows)).append('\n');
        final Set<String> lossy = lossy(rows);
        for (final Map.Entry<Integer, List<Row>> e : byThreads(rows).entrySet()) {
            b.append("## ").append(e.getKey()).append(e.getKey() == 1 ? " thread" : " threads").append("\n\n");
            b.append("| framework | setup | events/s | ± | bytes/event | lost | ratio to best lossless stock | of ceiling |\n");
            b.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
            final Map<String, Row> best = best(e.getValue(), lossy);
            for (final Row r : e.getValue()) {
                final Row peer = best.get(r.group());
                final Row ceiling = ceiling(e.getValue(), r);
                b.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %s | %s | %s | %s |%n", r.group(),
                    r.setup(), r.score(), r.error(), Double.isNaN(r.bytesPerOp()) ? "-" : String.format(Locale.ROOT,
                        "%.1f", r.bytesPerOp()), r.ceiling() ? "not checked" : String.format(Locale.ROOT, "%,.0f", r.lost()),
                    fraction(r, peer), fraction(r, ceiling)));
            }
            b.append('\n');
        }
        if (!latency.isEmpty()) {
            b.append(latencyTables(latency));
        }
        return b.toString();
    }

    /** Every latency run, then each setup's p50 and p99.9 across its runs. */
    private static String latencyTables(final List<String[]> latency) {
        final StringBuilder b = new StringBuilder();
        b.append("## Caller latency at a fixed rate (ns)\n\n");
        b.append("| setup | threads | events/s | p50 | p99 | p99.9 | p99.99 | max | lost |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final String[] l : latency) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %s |%n", l[0], l[1],
                Long.parseLong(l[2]), Long.parseLong(l[3]), Long.parseLong(l[4]), Long.parseLong(l[5]),
                Long.parseLong(l[6]), Long.parseLong(l[7]), l[8]));
        }
        b.append('\n');
        b.append(latencySpread(latency));
        return b.toString();
    }

    /**
     * p50 and p99.9 of each setup and thread count across its runs (each run a fresh JVM): the
     * lowest, the median and the highest, for setups that ran more than once. One run's p99.9 is
     * not a figure to quote: it moves by several times from run to run.
     */
    static String latencySpread(final List<String[]> latency) {
        final Map<String, List<String[]>> runs = new LinkedHashMap<>();
        for (final String[] l : latency) {
            runs.computeIfAbsent(l[0] + " " + l[1], k -> new ArrayList<>()).add(l);
        }
        final StringBuilder b = new StringBuilder();
        for (final Map.Entry<String, List<String[]>> e : runs.entrySet()) {
            final List<String[]> r = e.getValue();
            if (r.size() < 2) {
                continue;
            }
            if (b.length() == 0) {
                b.append("### Across runs (lowest / median / highest, ns)\n\n");
                b.append("| setup | threads | runs | p50 | p99.9 |\n");
                b.append("|---|---:|---:|---|---|\n");
            }
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s |%n", r.get(0)[0], r.get(0)[1], r.size(),
                spread(r, 3), spread(r, 5)));
        }
        return b.length() == 0 ? "" : b.append('\n').toString();
    }

    private static String spread(final List<String[]> runs, final int column) {
        final long[] v = new long[runs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Long.parseLong(runs.get(i)[column]);
        }
        java.util.Arrays.sort(v);
        final long median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format(Locale.ROOT, "%,d / %,d / %,d", v[0], median, v[v.length - 1]);
    }

    /**
     * Spool in each group and thread count, beside the group's best lossless stock setup and its
     * ceiling: one line per framework, layout and thread count.
     */
    static String comparison(final List<Row> rows) {
        final Set<String> lossy = lossy(rows);
        final Map<Integer, List<Row>> byThreads = byThreads(rows);
        final StringBuilder b = new StringBuilder();
        b.append("| framework | threads | Spool | best lossless stock | Spool / stock | ceiling | Spool / ceiling |\n");
        b.append("|---|---:|---:|---|---:|---|---:|\n");
        for (final String group : groups(rows)) {
            for (final Map.Entry<Integer, List<Row>> e : byThreads.entrySet()) {
                final Row spool = find(e.getValue(), group, "spool");
                if (spool == null) {
                    continue;
                }
                final Row peer = best(e.getValue(), lossy).get(group);
                final Row ceiling = ceiling(e.getValue(), spool);
                b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", group, e.getKey(),
                    millions(spool.score()), peer == null ? "-" : peer.setup() + " " + millions(peer.score()),
                    fraction(spool, peer), ceiling == null ? "-" : ceiling.setup() + " " + millions(ceiling.score()),
                    fraction(spool, ceiling)));
            }
        }
        return b.toString();
    }

    /** {@code r}'s score as a fraction of {@code of}'s, or "-" without one (or for a reference). */
    private static String fraction(final Row r, final Row of) {
        return of == null || r.framework().equals("reference") ? "-"
            : String.format(Locale.ROOT, "%.2f", r.score() / of.score());
    }

    /** The groups of {@code rows} that are frameworks (not references), in report order. */
    private static List<String> groups(final List<Row> rows) {
        final List<String> out = new ArrayList<>();
        for (final Row r : rows.stream().sorted(Comparator.comparingInt(Row::rank)).toList()) {
            if (!r.framework().equals("reference") && !out.contains(r.group())) {
                out.add(r.group());
            }
        }
        return out;
    }

    private static Map<Integer, List<Row>> byThreads(final List<Row> rows) {
        final Map<Integer, List<Row>> byThreads = new TreeMap<>();
        for (final Row r : rows) {
            byThreads.computeIfAbsent(r.threads(), t -> new ArrayList<>()).add(r);
        }
        return byThreads;
    }

    /**
     * The ceiling for {@code r} among {@code rows} (one thread count): its framework's no-op
     * appender with the same layout; or, where that was not run, with the pattern layout, which
     * makes the same call for every layout but {@code patternEx} (the no-op appender has no layout).
     */
    private static Row ceiling(final List<Row> rows, final Row r) {
        if (r.framework().equals("reference")) {
            return null;
        }
        Row fallback = null;
        for (final Row c : rows) {
            if (c.ceiling() && c.framework().equals(r.framework())) {
                if (c.layout().equals(r.layout())) {
                    return c;
                }
                if (c.layout().equals("pattern") && !r.layout().equals("patternEx")) {
                    fallback = c;
                }
            }
        }
        return fallback;
    }

    /** The setups that lost events at any thread count: never a peer, at any thread count. */
    private static Set<String> lossy(final List<Row> rows) {
        final Set<String> out = new TreeSet<>();
        for (final Row r : rows) {
            if (r.lost() > 0) {
                out.add(r.group() + "/" + r.setup());
            }
        }
        return out;
    }

    /** Per group, its fastest stock setup among {@code rows} that never lost an event. */
    private static Map<String, Row> best(final List<Row> rows, final Set<String> lossy) {
        final Map<String, Row> best = new LinkedHashMap<>();
        for (final Row r : rows) {
            if (r.stock() && !lossy.contains(r.group() + "/" + r.setup())) {
                best.merge(r.group(), r, (a, b) -> a.score() >= b.score() ? a : b);
            }
        }
        return best;
    }

    /** The README's table: {@link #comparison}, then the references per thread count. */
    static String readmeTable(final List<Row> rows) {
        final StringBuilder b = new StringBuilder(comparison(rows));
        b.append("\n| threads | engine alone | raw FileChannel |\n");
        b.append("|---:|---:|---:|\n");
        for (final Map.Entry<Integer, List<Row>> e : byThreads(rows).entrySet()) {
            b.append("| ").append(e.getKey());
            for (final String setup : List.of("engine", "rawChannel")) {
                final Row r = find(e.getValue(), "reference", setup);
                b.append(" | ").append(r == null ? "-" : millions(r.score()));
            }
            b.append(" |\n");
        }
        return b.toString();
    }

    private static Row find(final List<Row> rows, final String group, final String setup) {
        for (final Row r : rows) {
            if (r.group().equals(group) && r.setup().equals(setup)) {
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
        for (final Map.Entry<Integer, List<Row>> e : byThreads(rows).entrySet()) {
            bars.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%d thread%s</text>%n",
                y + 12, e.getKey(), e.getKey() == 1 ? "" : "s"));
            y += barHeight + 6;
            for (final Row r : e.getValue()) {
                final int w = (int) Math.round(plotWidth * r.score() / max);
                final String color = r.setup().equals("spool") ? "#2a7ab0"
                    : r.framework().equals("reference") || r.ceiling() ? "#999999" : "#d08c2f";
                bars.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s %s</text>%n",
                    labelWidth - 8, y + 13, escape(r.group()), escape(r.setup())));
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
            + " orange: stock, grey: references and ceilings)</text>%n%s</svg>%n", width, height, bars);
    }

    private static String escape(final String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }

}
