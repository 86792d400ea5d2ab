package dev.spool.examples;

import dev.spool.engine.cli.SpoolCat;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What the example reads back to prove its run: the files of one half and the events in them
 * (text lines, rolled and compressed files included, and a binary log's events as
 * {@code spool-cat --stats} counts them), and Spool's counters as an operator sees them, in JMX.
 */
final class LogDirectory {
    private static final Pattern EVENTS = Pattern.compile("(?m)^  events: +(\\d+)$");

    private LogDirectory() {
    }

    /** The regular files in {@code dir}, by name. */
    static List<Path> files(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    /** The rolled files of {@code active}: those named {@code <stem>-...}, compressed or not. */
    static List<Path> rolled(final Path active) throws IOException {
        final String name = active.getFileName().toString();
        final String stem = name.substring(0, name.lastIndexOf('.')) + "-";
        return files(active.getParent()).stream().filter(p -> p.getFileName().toString().startsWith(stem))
            .collect(Collectors.toList());
    }

    /** The bytes of {@code file} as written, before compression (a {@code .gz} is read through gzip). */
    static long textBytes(final Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static InputStream open(final Path file) throws IOException {
        final InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Lines of {@code file} (a {@code .gz} is read through gzip) that match {@code line}. */
    static long lines(final Path file, final Pattern line) throws IOException {
        final InputStream in = open(file);
        long n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                if (line.matcher(s).lookingAt()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Events in a binary log, as {@code spool-cat --stats} counts them; -1 when it cannot read it. */
    static long binaryEvents(final Path blog) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = SpoolCat.run(new String[] {"--stats", blog.toString()}, out,
            new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream());
        final Matcher m = EVENTS.matcher(out.toString(StandardCharsets.UTF_8));
        return status == 0 && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Events lost by every running Spool engine, from JMX ({@code dev.spool:type=Engine,name=*}). */
    static long eventsLost() {
        return sum("dev.spool:type=Engine,*", "EventsLost");
    }

    /** Events written by the log objects named {@code name}, from JMX. */
    static long eventsWritten(final String name) {
        return sum("dev.spool:type=LogObject,name=" + ObjectName.quote(name) + ",*", "EventsWritten");
    }

    private static long sum(final String pattern, final String attribute) {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        try {
            for (final ObjectName o : server.queryNames(new ObjectName(pattern), null)) {
                total += ((Number) server.getAttribute(o, attribute)).longValue();
            }
        } catch (final javax.management.JMException e) {
            // An engine that stopped between the query and the read: its counts are in the files.
        }
        return total;
    }
}
