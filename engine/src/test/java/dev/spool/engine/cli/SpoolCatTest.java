package dev.spool.engine.cli;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.format.FieldRegistry;
import dev.spool.engine.format.TextField;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.LogObjectStats;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.object.WhenFull;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.spool.engine.testing.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolCatTest {
    private static final String FORMAT = "%<epoch_ms> %<level> [%<thread>] %<logger> %<{user}mdc> %<mdc> - %<msg> %<throwable>";

    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    /** Writes the same events to a text log and a binary log with the same format. */
    private Path writeBoth(final int threads, final int events) throws Exception {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.text("text", dir.resolve("both.log")).format(FORMAT).bufferSize(2048).build())
            .object(TestLogs.binary("binary", dir.resolve("both.blog")).format(FORMAT).bufferSize(2048).build())
            .build());
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            workers[t] = new Thread(() -> {
                final MutableLogEvent e = new MutableLogEvent().loggerName("com.example.\u00dcber").threadName("w" + id);
                for (int i = 0; i < events; i++) {
                    e.clear().loggerName("com.example.\u00dcber").threadName("w" + id)
                        .timestampNanos(TestLogs.T0 + i).level(i % 7 == 0 ? "WARN" : "INFO")
                        .message("event " + i + " caf\u00e9 \u65e5\u672c \uD83D\uDE00")
                        .context("user", "u" + (i % 3));
                    if (i % 50 == 0) {
                        e.context("req", Integer.toString(i)).throwable(new IllegalStateException("failure " + i,
                            new RuntimeException("cause")));
                    }
                    log.access(e);
                }
            });
            workers[t].start();
        }
        for (final Thread w : workers) {
            w.join();
        }
        log.stop();
        assertEquals(List.of(), errors);
        return dir.resolve("both.blog");
    }

    @Test
    void kafkaNeedsItsTopicAndTheKafkaModule() {
        final TestLogs.CatResult noTopic = TestLogs.cat("--kafka", "localhost:9092");
        assertEquals(2, noTopic.status());
        assertEquals("spool-cat: --kafka BOOTSTRAP and --topic TOPIC go together\nTry spool-cat --help.\n", noTopic.err());
        final TestLogs.CatResult withFiles = TestLogs.cat("--kafka", "localhost:9092", "--topic", "t", "a.blog");
        assertEquals(2, withFiles.status());
        assertTrue(withFiles.err().startsWith("spool-cat: --kafka reads a topic, not files\n"), withFiles.err());
        final TestLogs.CatResult followStats = TestLogs.cat("--kafka", "localhost:9092", "--topic", "t", "--follow",
            "--stats");
        assertEquals(2, followStats.status());
        assertEquals("spool-cat: --stats sums a topic up to its end; it does not go with --follow\nTry spool-cat --help.\n",
            followStats.err());
        // The engine's own tests have no TopicReader on the class path: spool-kafka brings one.
        final TestLogs.CatResult noModule = TestLogs.cat("--kafka", "localhost:9092", "--topic", "t");
        assertEquals(1, noModule.status());
        assertEquals("spool-cat: --kafka needs spool-kafka and kafka-clients on the class path\n", noModule.err());
        assertEquals("", noModule.out());
    }

    @Test
    void readsBackExactlyTheBytesTheTextLogObjectWroteAtTheSameTime() throws Exception {
        final Path blog = writeBoth(1, 3000);
        final TestLogs.CatResult cat = TestLogs.cat(blog.toString());
        assertEquals("", cat.err());
        assertEquals(0, cat.status());
        assertEquals(Files.readString(dir.resolve("both.log"), StandardCharsets.UTF_8), cat.out());
    }

    @Test
    void withManyThreadsReadsBackTheSameLinesAsTheTextLogObject() throws Exception {
        // Two log objects interleave concurrent threads each in their own order, so compare the
        // lines as a multiset; each thread's own order is checked by the stress tests.
        final Path blog = writeBoth(3, 2000);
        final TestLogs.CatResult cat = TestLogs.cat(blog.toString());
        assertEquals(0, cat.status());
        final List<String> expected = new java.util.ArrayList<>(TestFiles.lines(dir.resolve("both.log")));
        final List<String> actual = new java.util.ArrayList<>(cat.lines());
        java.util.Collections.sort(expected);
        java.util.Collections.sort(actual);
        assertEquals(expected, actual);
    }

    @Test
    void readsStandardInputToo() throws Exception {
        final Path blog = writeBoth(1, 100);
        final TestLogs.CatResult cat = TestLogs.catStdin(Files.readAllBytes(blog));
        assertEquals(Files.readString(dir.resolve("both.log"), StandardCharsets.UTF_8), cat.out());
    }

    @Test
    void jsonLinesCarryTimeLogAndEveryStoredField() throws Exception {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.binary("j", dir.resolve("j.blog")).format("%<level> %<{user}mdc> %<mdc> %<marker> %<msg>").build())
            .build());
        log.access(TestLogs.event("INFO", "say \"hi\"").context("user", "ann"));
        log.stop();
        final TestLogs.CatResult cat = TestLogs.cat("--json", dir.resolve("j.blog").toString());
        assertEquals("{\"time\":\"2025-11-22T09:15:02.123456789Z\",\"log\":\"j\",\"level\":\"INFO\",\"{user}mdc\":\"ann\","
            + "\"mdc\":{\"user\":\"ann\"},\"marker\":null,\"msg\":\"say \\\"hi\\\"\"}\n", cat.out());
    }

    @Test
    void jsonShowsAStoredThrowableAsATree() throws Exception {
        final StackTraceElement run = new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833);
        final IllegalStateException t = new IllegalStateException("boom \"x\"", new RuntimeException("cause"));
        t.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.example.A", "run", "A.java", 10), run});
        t.getCause().setStackTrace(new StackTraceElement[] {new StackTraceElement("com.example.B", "call", null, -2), run});
        final Exception suppressed = new Exception();
        suppressed.setStackTrace(new StackTraceElement[] {run});
        t.addSuppressed(suppressed);
        final Exception second = new Exception("two");
        second.setStackTrace(new StackTraceElement[] {run});
        t.addSuppressed(second);
        t.getCause().initCause(t); // a cycle
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.binary("j", dir.resolve("j.blog")).format("%<throwable>").build())
            .build());
        log.access(TestLogs.event("ERROR", "failed").throwable(t));
        log.stop();
        final TestLogs.CatResult cat = TestLogs.cat("--json", dir.resolve("j.blog").toString());
        assertEquals("{\"time\":\"2025-11-22T09:15:02.123456789Z\",\"log\":\"j\",\"throwable\":{"
            + "\"text\":\"java.lang.IllegalStateException: boom \\\"x\\\"\",\"class\":\"java.lang.IllegalStateException\","
            + "\"message\":\"boom \\\"x\\\"\",\"frames\":[\"com.example.A.run(A.java:10)\",\"java.lang.Thread.run(Thread.java:833)\"],"
            + "\"suppressed\":[{\"text\":\"java.lang.Exception\",\"class\":\"java.lang.Exception\",\"message\":null,\"more\":1},"
            + "{\"text\":\"java.lang.Exception: two\",\"class\":\"java.lang.Exception\",\"message\":\"two\",\"more\":1}],"
            + "\"cause\":{\"text\":\"java.lang.RuntimeException: cause\",\"class\":\"java.lang.RuntimeException\","
            + "\"message\":\"cause\",\"frames\":[\"com.example.B.call(Native Method)\"],\"more\":1,"
            + "\"cause\":{\"circular\":\"java.lang.IllegalStateException: boom \\\"x\\\"\"}}}}\n", cat.out());
        // And the text, as the JDK prints it.
        final java.io.StringWriter printed = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(printed));
        assertEquals(printed.toString(), TestLogs.cat(dir.resolve("j.blog").toString()).out());
    }

    @Test
    void formatOnTheCommandLineRendersTheStoredFields() throws Exception {
        final Path blog = writeBoth(1, 3);
        final TestLogs.CatResult cat = TestLogs.cat("--format", "%<level>|%<msg>", blog.toString());
        assertEquals(List.of("WARN|event 0 caf\u00e9 \u65e5\u672c \uD83D\uDE00", "INFO|event 1 caf\u00e9 \u65e5\u672c \uD83D\uDE00",
            "INFO|event 2 caf\u00e9 \u65e5\u672c \uD83D\uDE00"), cat.lines());
    }

    @Test
    void aFormatNamingAFieldTheFileDoesNotStoreIsExplained() throws Exception {
        final Path blog = writeBoth(1, 3);
        final TestLogs.CatResult cat = TestLogs.cat("--format", "%<marker>", blog.toString());
        assertEquals(1, cat.status());
        assertTrue(cat.err().startsWith("spool-cat: " + blog + ": --format does not fit this log: field \"marker\" is"
            + " not stored in this log (stored: level, thread, logger, {user}mdc, mdc, msg, throwable)"), cat.err());
    }

    @Test
    void sinceAndUntilSelectATimeRange() throws Exception {
        final Path blog = writeBoth(1, 10); // timestamps T0 + 0..9 ns, so all within one millisecond
        final long ms = TestLogs.T0 / 1_000_000;
        assertEquals(10, TestLogs.cat("--format", "%<msg>", "--since", Long.toString(ms), blog.toString()).lines().size());
        assertEquals(0, TestLogs.cat("--format", "%<msg>", "--until", Long.toString(ms), blog.toString()).lines().size());
        assertEquals(10, TestLogs.cat("--format", "%<msg>", "--until", "2025-11-22T09:15:03Z", blog.toString()).lines().size());
        assertEquals(0, TestLogs.cat("--format", "%<msg>", "--since", "2025-11-22T09:15:03Z", blog.toString()).lines().size());
    }

    @Test
    void statsSummariseAFile() throws Exception {
        final Path blog = writeBoth(1, 10);
        final TestLogs.CatResult cat = TestLogs.cat("--stats", blog.toString());
        assertEquals(0, cat.status());
        assertEquals(String.join("\n", blog.toString(),
            "  logs:            binary",
            "  buffers:         2 (" + Files.size(blog) + " bytes)", // 2 KB buffers: the throwable fills the first
            "  events:          10",
            "    8 INFO", // every 7th event is a WARN: 0 and 7
            "    2 WARN",
            "  events lost:     0 (in 0 loss entries)",
            "  first event:     2025-11-22T09:15:02.123456789Z",
            "  last event:      2025-11-22T09:15:02.123456798Z",
            "  damaged regions: 0", ""), cat.out());
    }

    @Test
    void statsOfSeveralFilesEndWithTheirTotal() throws Exception {
        final Path first = everyOtherMillisecond(dir.resolve("a.blog"), 0, 30);
        final Path second = everyOtherMillisecond(dir.resolve("b.blog"), 1, 20);
        final List<String> lines = TestLogs.cat("--stats", first.toString(), second.toString()).lines();
        final int total = lines.indexOf("total of 2 files");
        assertTrue(total > 0, lines.toString());
        final long buffers = buffers(first) + buffers(second);
        assertEquals(List.of("  logs:            a_blog, b_blog", "  buffers:         " + buffers + " (" + (Files.size(first)
            + Files.size(second)) + " bytes)", "  events:          50", "    50 INFO", "  events lost:     0 (in 0 loss"
            + " entries)", "  first event:     2025-11-22T09:15:02.123456789Z", "  last event:      "
            + "2025-11-22T09:15:02.181456789Z", "  damaged regions: 0"), lines.subList(total + 1, lines.size()));
    }

    /** The buffer count --stats gives for one file. */
    private static long buffers(final Path blog) {
        final String line = TestLogs.cat("--stats", blog.toString()).lines().stream()
            .filter(l -> l.startsWith("  buffers:")).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll("^  buffers: +(\\d+) .*$", "$1"));
    }

    @Test
    void statsSayHowManyEventsWereLostForEachCause() throws Exception {
        final FieldRegistry fields = FieldRegistry.standard().register(TextField.of("fragile", (e, k) -> {
            if (e.message().toString().startsWith("boom")) {
                throw new IllegalStateException("cannot capture");
            }
            return "ok";
        }));
        final Path blog = dir.resolve("losses.blog");
        final Log log = Log.start(TestLogs.config(errors).fields(fields)
            .object(TestLogs.binary("b", blog).format("%<fragile> %<msg>").bufferSize(1024).bufferCount(2)
                .whenFull(WhenFull.DROP).maxDelay(Duration.ofMillis(5)).build()).build());
        final LogObjectStats stats = log.stats().object("b");
        for (int i = 0; i < 3; i++) {
            log.access(TestLogs.event("INFO", "boom " + i));
            log.access(TestLogs.event("INFO", "fine " + i));
        }
        for (int i = 0; i < 20_000 && stats.lost(LossCause.NO_BUFFER) == 0; i++) { // two 1 KiB buffers: drops
            log.access(TestLogs.event("INFO", "flood " + i));
        }
        waitFor(() -> stats.getBuffersInUse() <= 1);
        for (int i = 0; i < 100; i++) { // new buffers take the pending loss counts into the log
            log.access(TestLogs.event("INFO", "after " + i));
            Thread.sleep(1);
        }
        log.stop();
        assertTrue(stats.lost(LossCause.NO_BUFFER) > 0, "the flood was dropped in part");
        // The loss lines spool-cat prints where the events were, summed by cause: what --stats must say.
        long noBuffer = 0;
        long capture = 0;
        for (final String line : TestLogs.cat(blog.toString()).lines()) {
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("spool: (\\d+) events? lost here \\((.*)\\)")
                .matcher(line);
            if (m.matches()) {
                if (m.group(2).equals(LossCause.NO_BUFFER.description())) {
                    noBuffer += Long.parseLong(m.group(1));
                } else {
                    assertEquals(LossCause.CAPTURE_FAILED.description(), m.group(2));
                    capture += Long.parseLong(m.group(1));
                }
            }
        }
        assertEquals(3, capture);
        assertTrue(noBuffer > 0, "the drops are in the log");
        final TestLogs.CatResult cat = TestLogs.cat("--stats", blog.toString());
        final List<String> lines = cat.lines();
        final int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("  events lost:")).findFirst().orElseThrow());
        assertTrue(lines.get(at).startsWith("  events lost:     " + (noBuffer + 3) + " (in "), lines.get(at));
        assertEquals(List.of("    " + noBuffer + " no free buffer, whenFull=drop", "    3 capturing the event failed"),
            lines.subList(at + 1, at + 3));
        assertTrue(lines.get(at + 3).startsWith("  first event:"), lines.toString());
    }

    /** The format 1.0 sample: 40 events (8 of them WARN), one lost, one laid out on the caller. */
    private static String sample() throws Exception {
        return Path.of(SpoolCatTest.class.getResource("/format/1.0/sample.blog").toURI()).toString();
    }

    @Test
    void levelLoggerAndGrepSelectEventsAndLossLinesAlwaysPass() throws Exception {
        final String loss = "spool: 1 event lost here (capturing the event failed)";
        final List<String> warn = TestLogs.cat("--level", "warn", sample()).lines();
        assertEquals(9, warn.size(), warn.toString());
        assertTrue(warn.stream().allMatch(l -> l.contains(" WARN ") || l.equals(loss)), warn.toString());
        assertEquals(List.of(loss), TestLogs.cat("--logger", "org.", sample()).lines());
        assertEquals(40, TestLogs.cat("--logger", "com.example.\u00dc", sample()).lines().stream()
            .filter(l -> l.startsWith("17") || l.equals(loss)).count());
        final List<String> grep = TestLogs.cat("--grep", "event 2[0-9]\\b", sample()).lines();
        assertEquals(12, grep.size(), grep.toString());
        assertTrue(grep.contains("rendered on the caller: event 20") && grep.contains(loss), grep.toString());
        final List<String> both = TestLogs.cat("--level", "WARN", "--grep", "event 2", "--json", sample()).lines();
        assertEquals(3, both.size(), both.toString()); // events 20 and 25, and the loss
    }

    @Test
    void aFilterALogCannotAnswerIsExplainedAndABadOneIsBadUsage() throws Exception {
        final Path blog = dir.resolve("msg.blog");
        final Log log = Log.start(TestLogs.config(errors).object(TestLogs.binary("m", blog).format("%<msg>").build())
            .build());
        log.access(TestLogs.event("INFO", "hello"));
        log.stop();
        final TestLogs.CatResult cat = TestLogs.cat("--level", "INFO", blog.toString());
        assertEquals(1, cat.status());
        assertEquals("spool-cat: " + blog + ": --level: this log does not store the level (stored: msg)\n", cat.err());
        assertEquals(2, TestLogs.cat("--level", "LOUD", blog.toString()).status());
        assertEquals(2, TestLogs.cat("--grep", "(", blog.toString()).status());
        assertEquals(2, TestLogs.cat("--stats", "--level", "INFO", blog.toString()).status());
    }

    /** A binary log of {@code events} events, event i at T0 + (first + 2 i) ms. */
    private Path everyOtherMillisecond(final Path file, final int first, final int events) throws Exception {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.binary(file.getFileName().toString().replaceAll("\\W", "_"), file)
                .format("%<epoch_ms> %<level> %<msg>").bufferSize(1024).build()).build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < events; i++) {
            final int ms = first + 2 * i;
            log.access(e.clear().timestampNanos(TestLogs.T0 + ms * 1_000_000L).level("INFO").message("at " + ms));
        }
        log.stop();
        return file;
    }

    @Test
    void severalFilesAndADirectoryAreMergedInTimeOrder() throws Exception {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        final Path even = everyOtherMillisecond(logs.resolve("app.blog"), 0, 100);
        final Path odd = everyOtherMillisecond(dir.resolve("app-1.blog"), 1, 100);
        final List<String> expected = new java.util.ArrayList<>();
        for (int ms = 0; ms < 200; ms++) {
            expected.add((1763802902123L + ms) + " INFO at " + ms);
        }
        assertEquals(expected, TestLogs.cat(even.toString(), odd.toString()).lines());
        // A directory stands for its logs, a rolled one compressed too; other files are not read.
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(
            logs.resolve("app-1.blog.gz")))) {
            gz.write(Files.readAllBytes(odd));
        }
        Files.writeString(logs.resolve("notes.txt"), "not a log\n");
        final TestLogs.CatResult merged = TestLogs.cat(logs.toString());
        assertEquals("", merged.err());
        assertEquals(expected, merged.lines());
        assertEquals(2, TestLogs.cat("--follow", even.toString(), odd.toString()).status());
    }

    @Test
    void badUsageExitsWithTwoAndAHint() {
        final TestLogs.CatResult cat = TestLogs.cat("--bogus");
        assertEquals(2, cat.status());
        assertEquals("spool-cat: unknown option --bogus\nTry spool-cat --help.\n", cat.err());
        assertEquals(2, TestLogs.cat("--since", "yesterday").status());
        assertEquals(2, TestLogs.cat("--format").status());
    }

    @Test
    void helpExplainsEveryOption() {
        final TestLogs.CatResult cat = TestLogs.cat("--help");
        assertEquals(0, cat.status());
        for (final String option : List.of("--format", "--json", "--follow", "--since", "--until", "--level", "--logger",
            "--grep", "--stats", "--help")) {
            assertTrue(cat.out().contains(option), option);
        }
    }

    @Test
    void aMissingFileIsReportedWithoutAStackTrace() {
        final TestLogs.CatResult cat = TestLogs.cat(dir.resolve("nope.blog").toString());
        assertEquals(1, cat.status());
        assertEquals("spool-cat: " + dir.resolve("nope.blog") + ": no such file\n", cat.err());
    }

    @Test
    void aCutOffTailIsReportedWithItsOffsetAndEverythingBeforeItIsRead() throws Exception {
        final Path blog = writeBoth(1, 500);
        final byte[] bytes = Files.readAllBytes(blog);
        final Path cut = dir.resolve("cut.blog");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        final TestLogs.CatResult whole = TestLogs.cat(blog.toString());
        final TestLogs.CatResult cat = TestLogs.cat(cut.toString());
        assertEquals(1, cat.status());
        assertTrue(cat.err().matches("spool-cat: \\S+cut.blog: corrupt data at byte offset \\d+ \\(buffer cut off: its"
            + " header says \\d+ bytes, \\d+ remain\\); skipped \\d+ bytes to the end of the data\n"), cat.err());
        assertTrue(whole.out().startsWith(cat.out()) && cat.out().length() > 0);
    }

    /** --layout names what it needs: a framework's adapter, or which of two; a pattern the framework refuses, in its words. */
    @Test
    void layoutSaysWhatItNeeds() {
        final TestLogs.CatResult none = TestLogs.cat("--layout", "%m%n", "x.blog");
        assertEquals(2, none.status());
        assertEquals("spool-cat: --layout needs a framework's adapter on the class path (spool-log4j2-appender with"
            + " log4j-core, or spool-logback-appender with logback-classic)\nTry spool-cat --help.\n", none.err());
        final FrameworkLayout a = layout("a", p -> e -> "a:" + p);
        final FrameworkLayout b = layout("b", p -> {
            throw new IllegalArgumentException("no such converter");
        });
        final IllegalArgumentException both = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> SpoolCat.Options.layout("%m", List.of(a, b)));
        assertEquals("--layout: say which framework's pattern it is, as a: or b: before the pattern", both.getMessage());
        assertEquals("a:%m", SpoolCat.Options.layout("a:%m", List.of(a, b)).render(null));
        assertEquals("a:x:%m", SpoolCat.Options.layout("x:%m", List.of(a)).render(null)); // not a framework's name
        final IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> SpoolCat.Options.layout("b:%q", List.of(a, b)));
        assertEquals("--layout: b cannot use the pattern \"%q\": no such converter", refused.getMessage());
    }

    /** A layout that fails on some events: each shown in its place, said once per file on stderr, exit status 1. */
    @Test
    void aLayoutThatFailsOnAnEventIsShownInPlaceAndSaidOnce() throws Exception {
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.binary("l", dir.resolve("l.blog")).format(LogObjectConfig.EVENT_FORMAT).build())
            .build());
        for (final String m : List.of("one", "boom 1", "two", "boom 2")) {
            log.access(TestLogs.event("INFO", m));
        }
        log.stop();
        final Path services = dir.resolve("services/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(FrameworkLayout.class.getName()), FailingLayout.class.getName() + "\n");
        final Thread current = Thread.currentThread();
        final ClassLoader before = current.getContextClassLoader();
        final TestLogs.CatResult cat;
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
            new java.net.URL[] {dir.resolve("services").toUri().toURL()}, getClass().getClassLoader())) {
            current.setContextClassLoader(loader);
            cat = TestLogs.cat("--layout", "%m%n", dir.resolve("l.blog").toString());
        } finally {
            current.setContextClassLoader(before);
        }
        assertEquals("one\nspool-cat: --layout failed on this event: java.lang.IllegalStateException: boom 1\ntwo\n"
            + "spool-cat: --layout failed on this event: java.lang.IllegalStateException: boom 2\n", cat.out());
        assertEquals("spool-cat: " + dir.resolve("l.blog") + ": --layout failed on 2 events, each shown in its place;"
            + " the first: java.lang.IllegalStateException: boom 1\n", cat.err());
        assertEquals(1, cat.status());
    }

    /** Lays out the message; fails on one that starts with "boom". Found as a service by the test above. */
    public static final class FailingLayout implements FrameworkLayout {
        @Override
        public String framework() {
            return "failing";
        }

        @Override
        public Renderer compile(final String pattern) {
            return e -> {
                if (e.message().startsWith("boom")) {
                    throw new IllegalStateException(e.message());
                }
                return e.message() + "\n";
            };
        }
    }

    private static FrameworkLayout layout(final String name, final java.util.function.Function<String,
        FrameworkLayout.Renderer> compile) {
        return new FrameworkLayout() {
            @Override
            public String framework() {
                return name;
            }

            @Override
            public Renderer compile(final String pattern) {
                return compile.apply(pattern);
            }
        };
    }
}
