package dev.spool.examples;

import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import dev.spool.engine.testing.ConsoleCapture;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every XML snippet in the README is loaded through its framework (Log4j2's XmlConfiguration or
 * Logback's Joran), "before" snippets with stock appenders as well as Spool's: no error status,
 * every appender started, and an event logged through it reaches its file. So the documentation
 * cannot drift from what the appenders accept.
 */
class ReadmeSnippetsTest {
    private static final Pattern XML_BLOCK = Pattern.compile("(?s)```xml\n(.*?)```");
    private static final Pattern APPENDER_NAME = Pattern.compile("<appender name=\"([^\"]+)\"");

    @TempDir
    Path dir;

    static List<String> snippets() throws Exception {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final List<String> out = new ArrayList<>();
        final Matcher m = XML_BLOCK.matcher(readme);
        while (m.find()) {
            // Not a Maven snippet; not one of "Shipping to Kafka" (a stock Kafka appender needs a broker
            // to start and write; spool-kafka's KafkaConfigFilesTest runs those snippets against one).
            if (!m.group(1).contains("<dependency>") && !m.group(1).contains("Kafka")) {
                out.add(m.group(1));
            }
        }
        out.addAll(tableExamples(readme));
        return out;
    }

    /** The snippet of each row of the README's tables with an {@code example} column (the attribute tables). */
    static List<String> tableExamples(final String readme) {
        final List<String> out = new ArrayList<>();
        boolean inTable = false;
        for (final String line : readme.split("\n")) {
            if (!line.startsWith("|")) {
                inTable = false;
            } else if (line.endsWith("| example |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|---")) {
                final String cell = line.substring(line.lastIndexOf(" | ") + 3, line.length() - 1).strip();
                assertTrue(cell.startsWith("`<") && cell.endsWith(">`"), "a row without an example: " + line);
                out.add(cell.substring(1, cell.length() - 1));
            }
        }
        return out;
    }

    private static boolean isLogback(final String xml) {
        return xml.contains("<appender ") || xml.contains("<contextListener") || xml.contains("<configuration");
    }

    /** The snippet with its files moved from {@code logs} into {@code into}. */
    private static String relocated(final String xml, final Path into) {
        final String d = into.toString().replace('\\', '/');
        return xml.replace("logs/", d + "/").replace("\"logs\"", "\"" + d + "\"").replace(">logs<", ">" + d + "<");
    }

    @Test
    void theReadmeShowsSnippetsOfBothFrameworks() throws Exception {
        final List<String> all = snippets();
        final long logback = all.stream().filter(ReadmeSnippetsTest::isLogback).count();
        assertTrue(logback >= 8 && all.size() - logback >= 10, all.size() + " snippets, " + logback + " for Logback");
    }

    @Test
    void everyRowOfTheAttributeTablesHasAnExample() throws Exception {
        final List<String> rows = tableExamples(Files.readString(Path.of("..", "README.md")));
        final long logback = rows.stream().filter(ReadmeSnippetsTest::isLogback).count();
        // The Log4j2 tables (Spool, SpoolAsync) and the Logback ones (SpoolAppender, console, async).
        assertTrue(rows.size() - logback >= 45 && logback >= 30, rows.size() + " rows, " + logback + " for Logback");
    }

    @Test
    void everyLog4j2SnippetLoadsStartsAndWrites() throws Exception {
        final List<String> errors = new CopyOnWriteArrayList<>();
        final StatusListener listener = new StatusListener() {
            @Override
            public void log(final StatusData data) {
                if (data.getLevel().isMoreSpecificThan(Level.ERROR)) {
                    errors.add(data.getFormattedStatus());
                }
            }

            @Override
            public Level getStatusLevel() {
                return Level.ERROR;
            }

            @Override
            public void close() {
            }
        };
        StatusLogger.getLogger().registerListener(listener);
        try {
            int n = 0;
            for (final String snippet : snippets()) {
                if (isLogback(snippet)) {
                    continue;
                }
                final Path files = Files.createDirectories(dir.resolve("log4j2-" + n++));
                final String body = relocated(snippet, files);
                final String xml = "<Configuration status=\"warn\">"
                    + (body.contains("<Appenders>") ? body : "<Appenders>" + body + "</Appenders>")
                    + "<Loggers><Root level=\"info\">" + refs(body, Pattern.compile("<\\w+ name=\"([^\"]+)\""))
                    + "</Root></Loggers></Configuration>";
                final LoggerContext context = new LoggerContext("readme-" + n);
                final int number = n;
                final String printed = ConsoleCapture.stdout(() -> {
                    context.start(new XmlConfiguration(context, new ConfigurationSource(
                        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
                    for (final Appender a : context.getConfiguration().getAppenders().values()) {
                        assertTrue(a.isStarted(), a.getName() + " in\n" + snippet);
                    }
                    assertTrue(!context.getConfiguration().getAppenders().isEmpty(), snippet);
                    context.getLogger("readme").info("snippet {} works", number);
                    context.stop();
                });
                assertEquals(List.of(), errors, snippet);
                assertWrote(files, printed, "snippet " + n + " works", snippet);
            }
        } finally {
            StatusLogger.getLogger().removeListener(listener);
        }
    }

    @Test
    void everyLogbackSnippetLoadsStartsAndWrites() throws Exception {
        int n = 0;
        for (final String snippet : snippets()) {
            if (!isLogback(snippet)) {
                continue;
            }
            final Path files = Files.createDirectories(dir.resolve("logback-" + n++));
            final String body = relocated(snippet, files);
            final String xml = body.contains("<configuration") ? body
                : "<configuration>" + body + "<root level=\"INFO\">" + refs(body, APPENDER_NAME) + "</root></configuration>";
            final ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
            context.setName("readme-" + n);
            context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
            final JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(context);
            joran.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            final StatusUtil status = new StatusUtil(context);
            assertTrue(status.getHighestLevel(0) < Status.ERROR, context.getStatusManager().getCopyOfStatusList()
                + "\nfor\n" + snippet);
            final Iterator<ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent>> appenders =
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
            while (appenders.hasNext()) {
                final ch.qos.logback.core.Appender<?> a = appenders.next();
                assertTrue(a.isStarted(), a.getName() + " in\n" + snippet);
            }
            final int number = n;
            final String printed = ConsoleCapture.stdout(() -> {
                context.getLogger("readme").info("snippet {} works", number);
                context.stop();
            });
            assertTrue(status.getHighestLevel(0) < Status.ERROR, context.getStatusManager().getCopyOfStatusList()
                + "\nfor\n" + snippet);
            if (snippet.contains("<appender ")) {
                assertWrote(files, printed, "snippet " + n + " works", snippet);
            }
        }
    }

    /** Appender references for every appender the snippet names (the ones others refer to included). */
    private static String refs(final String body, final Pattern names) {
        final StringBuilder s = new StringBuilder();
        final Matcher m = names.matcher(body);
        final boolean log4j2 = names != APPENDER_NAME;
        while (m.find()) {
            if (log4j2 && (body.contains("ref=\"" + m.group(1) + "\"") || m.group(0).startsWith("<LogObject")
                || m.group(0).startsWith("<Property")
                || m.group(0).startsWith("<SockStats") && body.contains("<Spool"))) {
                continue; // referred to by another appender, or a child of a Spool appender
            }
            if (!log4j2 && body.contains("<appender-ref ref=\"" + m.group(1) + "\"")) {
                continue;
            }
            s.append(log4j2 ? "<AppenderRef ref=\"" : "<appender-ref ref=\"").append(m.group(1)).append("\"/>");
        }
        return s.toString();
    }

    /** A binary log as spool-cat prints it (its messages are encoded in the file). */
    private static String spoolCat(final Path blog) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        dev.spool.engine.cli.SpoolCat.run(new String[] {blog.toString()}, out, new java.io.PrintStream(
            java.io.OutputStream.nullOutputStream()), java.io.InputStream.nullInputStream());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Some file under {@code files} (other than sockstat's ring), or standard output, holds {@code line}. */
    private static void assertWrote(final Path files, final String printed, final String line, final String snippet)
        throws Exception {
        if (printed.contains(line)) {
            return;
        }
        final List<Path> written = new ArrayList<>();
        try (var s = Files.walk(files)) {
            s.filter(Files::isRegularFile).forEach(written::add);
        }
        final boolean onlySockstat = written.stream().allMatch(p -> p.getFileName().toString().startsWith("sockstats"));
        if (onlySockstat && snippet.contains("<SockStats") && !snippet.contains("<Spool")) {
            return; // a sockstat ring alone: nothing is logged into it
        }
        for (final Path p : written) {
            final String name = p.getFileName().toString();
            if (name.endsWith(".blog") ? spoolCat(p).contains(line)
                : !name.endsWith(".gz") && Files.readString(p, StandardCharsets.ISO_8859_1).contains(line)) {
                return;
            }
        }
        throw new AssertionError("no file under " + files + " holds \"" + line + "\" (" + written + ") for\n" + snippet);
    }
}
