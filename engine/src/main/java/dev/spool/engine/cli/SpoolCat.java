package dev.spool.engine.cli;

import dev.spool.engine.file.rolling.Compression;
import dev.spool.engine.format.LogFormatException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * {@code spool-cat}: prints binary Spool logs as text or JSON lines. Every buffer is checked;
 * damage is reported on standard error with the file and byte offset, the reader skips to the next
 * valid buffer, and the exit status is 1 at the end. It never shows a stack trace.
 *
 * <p>Over 400 lines with its {@code --help} text and its {@link Options} parser.
 */
public final class SpoolCat {
    static final String HELP = String.join("\n",
        "Usage: spool-cat [options] [FILE...]",
        "",
        "Prints binary Spool logs (.blog) as text, one line per event. Several files, or a",
        "directory (its files with .blog in their names), are printed merged in time order",
        "(each file's own order kept). With no FILE, or with -,",
        "reads standard input. Rolled files are read as they are: .gz, .zip, .deflate, and .bz2,",
        ".xz, .zst when their library is on the class path. Every buffer's CRC is checked;",
        "damaged regions are reported on standard error with their byte offset and skipped, and",
        "the exit status is then 1. A file a newer Spool wrote is read as far as this one knows",
        "its format (FORMAT.md): what it skips is noted on standard error.",
        "",
        "Options:",
        "  --format FORMAT   render with this format instead of the one stored in the file;",
        "                    same syntax as the configuration, over the fields the file stores.",
        "                      spool-cat --format '%<epoch_ms> %<level> %<msg>' access.blog",
        "  --layout [FRAMEWORK:]PATTERN",
        "                    render with a pattern of Log4j2's PatternLayout or Logback's pattern",
        "                    encoder, as the framework would have written the events; needs the",
        "                    adapter (spool-log4j2-appender with log4j-core, or spool-logback-appender",
        "                    with logback-classic) on the class path. FRAMEWORK (log4j2, logback) picks",
        "                    one when both are there.",
        "                      spool-cat --layout 'log4j2:%d %-5p [%t] %c{1} - %m%n' app.blog",
        "  --json            one JSON object per event: time, log and every stored field.",
        "                      spool-cat --json access.blog | jq .msg",
        "  --follow, -f      keep reading one file as it grows (like tail -F), and the new file",
        "                    of that name when it is rolled; Ctrl-C to end.",
        "                      spool-cat -f logs/access.blog",
        "  --since TIME      only events at or after TIME; --until TIME: only events before it.",
        "                    TIME is ISO-8601 (2026-11-22T10:15:00Z, or local 2026-11-22T10:15:00,",
        "                    or a date 2026-11-22) or epoch milliseconds.",
        "                      spool-cat --since 2026-11-22T10:00:00 --until 2026-11-22T11:00:00 a.blog",
        "  --level LEVEL     only events at LEVEL or above (TRACE DEBUG INFO WARN ERROR FATAL;",
        "                    other levels pass).",
        "                      spool-cat --level WARN app.blog",
        "  --logger PREFIX   only events of loggers whose name starts with PREFIX.",
        "                      spool-cat --logger com.example.orders app.blog",
        "  --grep REGEX      only events whose text, as the format renders it, holds REGEX.",
        "                      spool-cat --grep 'order [0-9]+ failed' app.blog",
        "                    Loss lines always pass; entries laid out on the caller pass --grep",
        "                    only.",
        "  --kafka BOOTSTRAP --topic TOPIC [--from-beginning] [--follow]",
        "                    read what a Kafka log object shipped to TOPIC instead of files: each",
        "                    (host, log object, sequence) once, hosts merged in time order; without",
        "                    --from-beginning only records that arrive meanwhile; with --follow, go on",
        "                    printing what arrives (Ctrl-C to end). A topic of lines (shapes lines",
        "                    and json-lines) is printed as shipped; --grep, --since and --until apply",
        "                    to it. Needs spool-kafka and kafka-clients on the class path.",
        "                      spool-cat --kafka broker:9092 --topic logs --from-beginning --level WARN",
        "                      spool-cat --kafka broker:9092 --topic logs -f",
        "  --stats           instead of the events, a summary of each file: buffers, events (by",
        "                    level when the log stores it), events lost (by cause), time range,",
        "                    damaged regions; with several files, their total after them.",
        "                      spool-cat --stats logs/",
        "  --help, -h        this text.",
        "",
        "Exit status: 0 all read, 1 damage found or a file unreadable, 2 bad usage.",
        "");

    private final PrintStream err;
    private final OutputStream out;
    private final InputStream stdin;
    private boolean damaged;

    SpoolCat(final OutputStream out, final PrintStream err, final InputStream stdin) {
        this.out = out;
        this.err = err;
        this.stdin = stdin;
    }

    public static void main(final String[] args) {
        final PrintStream stdout = System.out;
        final int status = run(args, new BufferedOutputStream(stdout, 1 << 16), System.err, System.in);
        stdout.flush();
        System.exit(status);
    }

    /** Runs spool-cat in this JVM; returns the exit status. For tools and tests. */
    public static int run(final String[] args, final OutputStream out, final PrintStream err, final InputStream in) {
        return new SpoolCat(out, err, in).run(args);
    }

    private int run(final String[] args) {
        final Options o;
        try {
            o = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            err.println("spool-cat: " + e.getMessage());
            err.println("Try spool-cat --help.");
            return 2;
        }
        if (o.help) {
            try {
                out.write(HELP.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
            } catch (final IOException e) {
                return 1;
            }
            return 0;
        }
        if (o.kafka != null) {
            return readTopic(o);
        }
        try {
            final EntryPrinter printer = o.stats ? null : new EntryPrinter(out, o.format, o.json, o.since, o.until,
                o.filter).layout(o.renderer);
            if (printer != null && o.files.size() > 1) {
                merge(o, printer);
            } else {
                final FileSummary total = new FileSummary("total of " + o.files.size() + " files");
                for (final String file : o.files) {
                    final FileSummary summary = read(file, o, printer);
                    if (summary != null) {
                        total.addAll(summary);
                    }
                }
                if (printer == null && o.files.size() > 1) {
                    total.print(out);
                }
            }
            out.flush();
        } catch (final IOException e) {
            err.println("spool-cat: cannot write the output: " + e.getMessage());
            return 1;
        } catch (final RuntimeException e) {
            err.println("spool-cat: unexpected failure: " + e);
            if (System.getenv("SPOOL_CAT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
        return damaged ? 1 : 0;
    }

    /**
     * Reads {@code --kafka}'s topic with the {@link TopicReader} on the class path and prints it
     * ({@link TopicPrinter}); returns the exit status. Following, it reads until interrupted.
     */
    private int readTopic(final Options o) {
        final Iterator<TopicReader> found = ServiceLoader.load(TopicReader.class).iterator();
        if (!found.hasNext()) {
            err.println("spool-cat: --kafka needs spool-kafka and kafka-clients on the class path");
            return 1;
        }
        final TopicPrinter printer;
        try {
            printer = new TopicPrinter(out, err, o, this::problems);
        } catch (final IOException e) {
            err.println("spool-cat: cannot write the output: " + e.getMessage());
            return 1;
        }
        try {
            found.next().read(o.kafka, o.topic, o.fromBeginning, o.follow, batch -> {
                try {
                    printer.batch(batch);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e); // the output's failure, told apart from the topic's
                }
            });
        } catch (final TopicPrinter.LinesDoNotFit e) {
            err.println("spool-cat: " + e.getMessage());
            return 1;
        } catch (final UncheckedIOException e) {
            err.println("spool-cat: cannot write the output: " + e.getCause().getMessage());
            return 1;
        } catch (final IOException e) {
            err.println("spool-cat: --kafka " + o.kafka + " --topic " + o.topic + ": " + e.getMessage());
            return 1;
        } catch (final RuntimeException e) {
            err.println("spool-cat: unexpected failure: " + e);
            return 1;
        }
        try {
            printer.finish();
        } catch (final IOException e) {
            err.println("spool-cat: cannot write the output: " + e.getMessage());
            return 1;
        }
        return damaged || printer.damaged() ? 1 : 0;
    }

    /** Prints the entries of several files in time order ({@link MergedFiles}). */
    private void merge(final Options o, final EntryPrinter printer) throws IOException {
        final List<MergedFiles.Source> sources = new ArrayList<>();
        for (final String file : o.files) {
            final String name = file.equals("-") ? "<stdin>" : file;
            final ReadableByteChannel in = open(file, name, o);
            if (in != null) {
                sources.add(new MergedFiles.Source(name, in, problems(name), sources.size()));
            }
        }
        MergedFiles.print(sources, printer, (name, why) -> {
            err.println("spool-cat: " + name + ": " + (why instanceof LogFormatException ? "--format does not fit this"
                + " log: " : "") + why.getMessage() + "; the rest of it is left out");
            damaged = true;
        });
    }

    /** The file's plain bytes (a compressed one decompressed), or {@code null} when it cannot be read (said). */
    private ReadableByteChannel open(final String file, final String name, final Options o) {
        final Compression compression = file.equals("-") ? Compression.NONE : Compression.of(file);
        if (compression != Compression.NONE && o.follow) {
            err.println("spool-cat: " + name + ": --follow reads a file as it grows; a " + compression.suffix()
                + " file is a rolled one, read it without --follow");
            damaged = true;
            return null;
        }
        try {
            return file.equals("-") ? Channels.newChannel(stdin)
                : compression == Compression.NONE ? FileChannel.open(Path.of(file), StandardOpenOption.READ)
                : Channels.newChannel(compression.decompress(Files.newInputStream(Path.of(file))));
        } catch (final NoSuchFileException e) {
            err.println("spool-cat: " + name + ": no such file");
        } catch (final IOException e) {
            err.println("spool-cat: " + name + ": cannot read: " + e.getMessage());
        }
        damaged = true;
        return null;
    }

    private BinaryLogReader.Problems problems(final String name) {
        return new BinaryLogReader.Problems() {
            @Override
            public void corrupt(final long offset, final String message) {
                damaged = true;
                err.println("spool-cat: " + name + ": " + message);
            }

            @Override
            public void note(final String message) {
                err.println("spool-cat: " + name + ": note: " + message);
            }

            @Override
            public void failed(final String message) {
                damaged = true;
                err.println("spool-cat: " + name + ": " + message);
            }
        };
    }

    /** Reads one file: prints its events, or its summary with {@code --stats} (then returned, else null). */
    private FileSummary read(final String file, final Options o, final EntryPrinter printer) throws IOException {
        final String name = file.equals("-") ? "<stdin>" : file;
        final BinaryLogReader.Problems problems = problems(name);
        final FileSummary summary = new FileSummary(name);
        final ReadableByteChannel opened = open(file, name, o);
        if (opened == null) {
            return null;
        }
        try (ReadableByteChannel in = opened) {
            final BinaryLogReader reader = new BinaryLogReader(in, o.follow, 200, summary.counting(problems));
            if (o.follow && !file.equals("-")) {
                reader.followingRolls(new Rolled(Path.of(file), in));
            }
            BinaryLogReader.Buffer b;
            while ((b = reader.next()) != null) {
                if (printer == null) {
                    summary.add(b);
                    continue;
                }
                try {
                    printer.print(b, problems);
                } catch (final LogFormatException e) {
                    err.println("spool-cat: " + name + ": --format does not fit this log: " + e.getMessage());
                    damaged = true;
                    return null;
                } catch (final EventFilter.DoesNotFit e) {
                    err.println("spool-cat: " + name + ": " + e.getMessage());
                    damaged = true;
                    return null;
                } catch (final IllegalArgumentException e) {
                    problems.corrupt(b.fileOffset(), "buffer at offset " + b.fileOffset() + ": " + e.getMessage());
                }
                if (o.follow) {
                    out.flush();
                }
            }
        } catch (final IOException e) {
            err.println("spool-cat: " + name + ": cannot read: " + e.getMessage());
            damaged = true;
            return null;
        }
        if (printer == null) {
            summary.print(out);
            return summary;
        }
        printer.endOfFile(problems);
        return null;
    }

    /**
     * Whether a followed file was rolled: its name now names another file (a roll renames the file
     * and the writer makes a new one), which is then opened from its start.
     */
    private static final class Rolled implements BinaryLogReader.Rolls {
        private final Path path;
        private Object key;

        Rolled(final Path path, final ReadableByteChannel opened) throws IOException {
            this.path = path;
            this.key = opened instanceof FileChannel ? Files.readAttributes(path, BasicFileAttributes.class).fileKey() : null;
        }

        @Override
        public ReadableByteChannel rolledOver() throws IOException {
            final Object now;
            try {
                now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            } catch (final NoSuchFileException e) {
                return null; // between the rename and the new file
            }
            if (key == null || now == null || now.equals(key)) {
                return null;
            }
            key = now;
            return FileChannel.open(path, StandardOpenOption.READ);
        }
    }

    /** The parsed command line. */
    static final class Options {
        final List<String> files = new ArrayList<>();
        String format;
        String layout;
        /** The compiled --layout, or null. */
        FrameworkLayout.Renderer renderer;
        boolean json;
        boolean follow;
        boolean stats;
        boolean help;
        long since = Long.MIN_VALUE;
        long until = Long.MAX_VALUE;
        String level;
        String logger;
        String grep;
        EventFilter filter;
        /** {@code --kafka}'s bootstrap servers and {@code --topic}, or null. */
        String kafka;
        String topic;
        boolean fromBeginning;

        static Options parse(final String[] args) {
            final Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                final String a = args[i];
                switch (a) {
                    case "--help": case "-h": o.help = true; break;
                    case "--json": o.json = true; break;
                    case "--follow": case "-f": o.follow = true; break;
                    case "--stats": o.stats = true; break;
                    case "--format": o.format = value(args, ++i, a); break;
                    case "--layout": o.layout = value(args, ++i, a); break;
                    case "--since": o.since = time(value(args, ++i, a), a); break;
                    case "--until": o.until = time(value(args, ++i, a), a); break;
                    case "--level": o.level = value(args, ++i, a); break;
                    case "--logger": o.logger = value(args, ++i, a); break;
                    case "--grep": o.grep = value(args, ++i, a); break;
                    case "--kafka": o.kafka = value(args, ++i, a); break;
                    case "--topic": o.topic = value(args, ++i, a); break;
                    case "--from-beginning": o.fromBeginning = true; break;
                    default:
                        if (a.startsWith("--") || (a.startsWith("-") && a.length() > 1)) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        o.files.add(a);
                }
            }
            if (o.json && o.format != null) {
                throw new IllegalArgumentException("--json and --format cannot be used together");
            }
            if (o.layout != null && (o.json || o.format != null)) {
                throw new IllegalArgumentException("--layout cannot be used with --json or --format");
            }
            if (o.layout != null) {
                o.renderer = layout(o.layout, ServiceLoader.load(FrameworkLayout.class));
            }
            if (o.json && o.stats) {
                throw new IllegalArgumentException("--json and --stats cannot be used together");
            }
            if (o.kafka != null || o.topic != null || o.fromBeginning) {
                if (o.kafka == null || o.topic == null) {
                    throw new IllegalArgumentException("--kafka BOOTSTRAP and --topic TOPIC go together");
                }
                if (!o.files.isEmpty()) {
                    throw new IllegalArgumentException("--kafka reads a topic, not files");
                }
                if (o.follow && o.stats) {
                    throw new IllegalArgumentException("--stats sums a topic up to its end; it does not go with --follow");
                }
                return o.withFilter();
            }
            if (o.files.isEmpty()) {
                o.files.add("-");
            }
            o.expandDirectories();
            if (o.follow && o.files.size() > 1) {
                throw new IllegalArgumentException("--follow reads one file");
            }
            return o.withFilter();
        }

        private Options withFilter() {
            filter = new EventFilter(level, logger, grep);
            if (stats && !filter.none()) {
                throw new IllegalArgumentException("--stats counts every event: --level, --logger and --grep do not apply");
            }
            return this;
        }

        /** The renderer of {@code --layout [framework:]pattern} from the frameworks {@code found} on the class path. */
        static FrameworkLayout.Renderer layout(final String value, final Iterable<FrameworkLayout> found) {
            final Map<String, FrameworkLayout> frameworks = new TreeMap<>();
            for (final FrameworkLayout f : found) {
                frameworks.put(f.framework(), f);
            }
            final int colon = value.indexOf(':');
            final FrameworkLayout named = colon > 0 ? frameworks.get(value.substring(0, colon)) : null;
            final String pattern = named != null ? value.substring(colon + 1) : value;
            final FrameworkLayout f;
            if (named != null) {
                f = named;
            } else if (frameworks.size() == 1) {
                f = frameworks.values().iterator().next();
            } else if (frameworks.isEmpty()) {
                throw new IllegalArgumentException("--layout needs a framework's adapter on the class path"
                    + " (spool-log4j2-appender with log4j-core, or spool-logback-appender with logback-classic)");
            } else {
                throw new IllegalArgumentException("--layout: say which framework's pattern it is, as "
                    + String.join(": or ", frameworks.keySet()) + ": before the pattern");
            }
            try {
                return f.compile(pattern);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("--layout: " + f.framework() + " cannot use the pattern \"" + pattern
                    + "\": " + e.getMessage());
            }
        }

        /** A directory named stands for its binary logs (names with .blog, rolled ones too), in name order. */
        void expandDirectories() {
            final List<String> expanded = new ArrayList<>();
            for (final String f : files) {
                final Path p = Path.of(f);
                if (f.equals("-") || !Files.isDirectory(p)) {
                    expanded.add(f);
                    continue;
                }
                try (java.util.stream.Stream<Path> list = Files.list(p)) {
                    list.filter(Files::isRegularFile).map(Path::toString)
                        .filter(n -> Path.of(n).getFileName().toString().contains(".blog")).sorted()
                        .forEach(expanded::add);
                } catch (final IOException e) {
                    throw new IllegalArgumentException(f + ": cannot list the directory: " + e.getMessage());
                }
            }
            files.clear();
            files.addAll(expanded);
        }

        private static String value(final String[] args, final int i, final String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        /** Epoch nanoseconds of an ISO instant, local date-time, date, or epoch milliseconds. */
        static long time(final String s, final String option) {
            try {
                if (s.matches("-?\\d+")) {
                    return Math.multiplyExact(Long.parseLong(s), 1_000_000L);
                }
                final Instant t;
                if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    t = Instant.parse(s);
                } else if (s.contains("T")) {
                    t = LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
                } else {
                    t = LocalDate.parse(s).atStartOfDay(ZoneId.systemDefault()).toInstant();
                }
                return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
            } catch (final DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException(option + " " + s + ": not a time (ISO-8601 like"
                    + " 2026-11-22T10:15:00Z, 2026-11-22T10:15:00, 2026-11-22, or epoch milliseconds)");
            }
        }
    }
}
