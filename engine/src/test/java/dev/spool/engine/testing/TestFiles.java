package dev.spool.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files a test run wrote, read back: lines, text with .gz and .zip decompressed, and whole
 * directories as name-to-text maps for comparing a stock appender's files with Spool's.
 */
public final class TestFiles {
    private TestFiles() {
    }

    /** The file's lines as {@link Files#readAllLines} reads them; none when it does not exist. */
    public static List<String> lines(final Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file's lines, decompressing .gz and .zip: each line ended by {@code \n}, so a last line
     * without one is not among them.
     */
    public static List<String> read(final Path file) throws IOException {
        final String text = text(file);
        final String[] parts = text.split("\n", -1);
        return text.isEmpty() ? List.of() : List.of(parts).subList(0, parts.length - 1);
    }

    /** The file's text (UTF-8), decompressing .gz and the first entry of a .zip. */
    public static String text(final Path file) throws IOException {
        final String name = file.getFileName().toString();
        try (InputStream raw = Files.newInputStream(file)) {
            final InputStream in;
            if (name.endsWith(".gz")) {
                in = new GZIPInputStream(raw);
            } else if (name.endsWith(".zip")) {
                final ZipInputStream zip = new ZipInputStream(raw);
                zip.getNextEntry();
                in = zip;
            } else {
                in = raw;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every file of a directory, by name in name order, to its {@link #text}. */
    public static SortedMap<String, String> contents(final Path dir) throws IOException {
        final SortedMap<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (final Path p : (Iterable<Path>) s::iterator) {
                m.put(p.getFileName().toString(), text(p));
            }
        }
        return m;
    }

    /** The names of a directory's entries, in order. */
    public static SortedSet<String> names(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            final SortedSet<String> names = new TreeSet<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        }
    }

    /**
     * A stock appender rolled into {@code stock} (more than two files), and {@code spool} holds
     * the same file names with the same contents.
     */
    public static void assertSameFiles(final Path stock, final Path spool) throws IOException {
        final Map<String, String> expected = contents(stock);
        assertTrue(expected.size() > 2, "the stock appender rolled: " + expected.keySet());
        assertEquals(expected.keySet(), contents(spool).keySet());
        assertEquals(expected, contents(spool));
    }
}
