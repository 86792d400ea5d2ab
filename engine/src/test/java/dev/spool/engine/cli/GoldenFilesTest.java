package dev.spool.engine.cli;

import dev.spool.engine.Log;
import dev.spool.engine.ParameterizedEvent;
import dev.spool.engine.TestLogs;
import dev.spool.engine.event.MessageSyntax;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.format.FieldRegistry;
import dev.spool.engine.format.TextField;
import dev.spool.engine.object.LogObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every released version of the binary format keeps a sample log under
 * {@code src/test/resources/format/<major>.<minor>/}, written once by the Spool of that version,
 * with what spool-cat printed for it then (text, JSON lines, {@code --stats}). Every later
 * spool-cat must print the same text and JSON lines, and a summary that still says everything it
 * said then: a log kept for years stays readable (FORMAT.md, "Versions").
 *
 * <p>A new version's sample is written with
 * {@code mvn -pl engine test -Dtest=GoldenFilesTest -Dspool.golden.write=engine/src/test/resources/format/M.m}
 * and checked in; samples are never written again.
 */
class GoldenFilesTest {
    /**
     * Every entry kind and field type of the format: records (text, a map, a throwable, the
     * timestamp; {@code %<time>} is left out, as it renders in the reader's time zone), a rendered
     * entry, a loss entry.
     */
    static final String FORMAT = "%<epoch_ms> %<level> [%<thread>] %<logger> %<marker> %<{user}mdc> %<mdc>"
        + " %<fragile> - %<msg> %<throwable>";

    static List<Path> samples() throws URISyntaxException, IOException {
        final Path root = Path.of(GoldenFilesTest.class.getResource("/format").toURI());
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("sample.blog")).sorted().toList();
        }
    }

    @Test
    void spoolCatReadsTheSampleOfEveryFormatVersionAsItDidThen() throws Exception {
        final List<Path> samples = samples();
        assertTrue(!samples.isEmpty() && samples.get(0).getParent().getFileName().toString().equals("1.0"),
            samples.toString());
        for (final Path sample : samples) {
            final Path dir = sample.getParent();
            final String major = dir.getFileName().toString().split("\\.")[0];
            assertEquals(major, Short.toString(java.nio.ByteBuffer.wrap(Files.readAllBytes(sample), 4, 2)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort()), sample + ": its first buffer's major");
            assertPrints(dir.resolve("sample.txt"), sample.toString());
            assertPrints(dir.resolve("sample.jsonl"), "--json", sample.toString());
            // A summary may say more than it did then, never less: every line it printed then, in order.
            final TestLogs.CatResult stats = TestLogs.cat("--stats", sample.toString());
            assertEquals(0, stats.status(), stats.err());
            final List<String> now = stats.out().replace(sample.toString(), "sample.blog").lines().toList();
            int at = 0;
            for (final String then : Files.readAllLines(dir.resolve("sample.stats"))) {
                while (at < now.size() && !now.get(at).equals(then)) {
                    at++;
                }
                assertTrue(at < now.size(), sample + ": --stats no longer says \"" + then + "\"");
                at++;
            }
        }
    }

    private static void assertPrints(final Path expected, final String... args) throws IOException {
        final TestLogs.CatResult cat = TestLogs.cat(args);
        assertEquals("", cat.err(), expected.toString());
        assertEquals(0, cat.status(), expected.toString());
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), cat.out(), expected.toString());
    }

    /** Writes the sample of the format this Spool writes, and what spool-cat prints for it, into the directory named. */
    @Test
    @EnabledIfSystemProperty(named = "spool.golden.write", matches = ".+")
    void writeTheSampleOfThisVersion() throws Exception {
        final Path dir = Files.createDirectories(Path.of(System.getProperty("spool.golden.write")));
        final Path sample = dir.resolve("sample.blog");
        Files.deleteIfExists(sample);
        final FieldRegistry fields = FieldRegistry.standard().register(TextField.of("fragile", (e, k) -> {
            if (e.message().toString().startsWith("boom")) {
                throw new IllegalStateException("cannot capture");
            }
            return "ok";
        }));
        final List<String> errors = TestLogs.errors();
        final Log log = Log.start(TestLogs.config(errors).fields(fields)
            .object(TestLogs.binary("sample", sample).format(FORMAT).bufferSize(1024).build()).build());
        final LogObject object = log.object("sample");
        final MutableLogEvent e = new MutableLogEvent();
        final ParameterizedEvent parameterized = new ParameterizedEvent();
        final Throwable cause = new IOException("disk full");
        cause.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.example.Store", "write", "Store.java", 88),
            new StackTraceElement("com.example.Orders", "place", "Orders.java", 41)});
        final Throwable failure = new IllegalStateException("order 7 failed", cause);
        failure.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.example.Orders", "place", "Orders.java", 43),
            new StackTraceElement("com.example.Api", "post", "Api.java", 12)});
        for (int i = 0; i < 40; i++) {
            e.clear().timestampNanos(TestLogs.T0 + i * 1_000_003L).level(i % 5 == 0 ? "WARN" : "INFO")
                .loggerName("com.example.\u00dcber").threadName("worker-" + (i % 3))
                .message((i == 11 ? "boom " : "event ") + i + " caf\u00e9 \u65e5\u672c \uD83D\uDE00")
                .context("user", "u" + (i % 4));
            if (i % 9 == 0) {
                e.context("req", Integer.toString(i)).marker("AUDIT");
            }
            if (i == 7) {
                e.throwable(failure);
            }
            if (i % 4 == 1 && i != 11) { // since 2.0: messages kept as a template and arguments
                final long at = TestLogs.T0 + i * 1_000_003L;
                final String thread = "worker-" + (i % 3);
                log.access(i % 8 == 1
                    ? parameterized.at(at, "INFO", "com.example.\u00dcber", thread).context("user", "u" + (i % 4))
                        .message(MessageSyntax.SLF4J, "event " + i + " of orders {} 2.5", "event {} of {} \\{} {}", i,
                            "orders", 2.5)
                    : parameterized.at(at, "INFO", "com.example.\u00dcber", thread).context("user", "u" + (i % 4))
                        .message(MessageSyntax.LOG4J2, "event " + i + " {} \\ null", "event {} \\{} \\\\ {}", i,
                            null));
                continue;
            }
            log.access(e);
            if (i == 20) {
                final byte[] line = "rendered on the caller: event 20\n".getBytes(StandardCharsets.UTF_8);
                object.accessRenderedOnCaller(TestLogs.T0 + i * 1_000_003L + 1, line, 0, line.length);
            }
        }
        log.stop();
        Files.writeString(dir.resolve("sample.txt"), TestLogs.cat(sample.toString()).out());
        Files.writeString(dir.resolve("sample.jsonl"), TestLogs.cat("--json", sample.toString()).out());
        Files.writeString(dir.resolve("sample.stats"),
            TestLogs.cat("--stats", sample.toString()).out().replace(sample.toString(), "sample.blog"));
        if (!errors.isEmpty() && errors.stream().anyMatch(m -> !m.contains("capturing"))) {
            throw new UncheckedIOException(new IOException("writing the sample said: " + errors));
        }
    }
}
