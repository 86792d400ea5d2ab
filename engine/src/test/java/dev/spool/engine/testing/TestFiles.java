package dev.spool.engine.testing;

import dev.spool.engine.file.rolling.Compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files a test run wrote, read back: lines, text decompressed by the file's ending (every
 * {@link Compression}), and whole directories as name-to-text maps for comparing a stock
 * appender's files with Spool's. Reading .bz2, .xz or .zst needs the engine's optional codec
 * libraries on the test class path.
 */
public final class TestFiles {
    private TestFiles() {
    }

    /**
     * The file's lines as {@link Files#readAllLines} reads them; none when it does not exist
     * (also when a roll moves it away while it is read).
     */
    public static List<String> lines(final Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException e) {
            return List.of();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file's lines, decompressed as its ending says: each line ended by {@code \n}, so a last
     * line without one is not among them.
     */
    public static List<String> read(final Path file) throws IOException {
        final String text = text(file);
        final String[] parts = text.split("\n", -1);
        return text.isEmpty() ? List.of() : List.of(parts).subList(0, parts.length - 1);
    }

    /** The file's text (UTF-8), decompressed as its ending says (the first entry of a .zip). */
    public static String text(final Path file) throws IOException {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    /** The file's bytes, decompressed as its ending says (the first entry of a .zip). */
    public static byte[] bytes(final Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); InputStream in = decompressed(file, raw)) {
            return in.readAllBytes();
        }
    }

    private static InputStream decompressed(final Path file, final InputStream raw) throws IOException {
        switch (Compression.of(file.getFileName().toString())) {
            case GZIP:
                return new GZIPInputStream(raw);
            case ZIP:
                return firstEntry(raw);
            case DEFLATE:
                return new InflaterInputStream(raw);
            case BZIP2:
                return LibraryDecoders.bzip2(raw);
            case XZ:
                return LibraryDecoders.xz(raw);
            case ZSTD:
                return LibraryDecoders.zstd(raw);
            default:
                return raw;
        }
    }

    private static InputStream firstEntry(final InputStream raw) throws IOException {
        final ZipInputStream zip = new ZipInputStream(raw);
        zip.getNextEntry();
        return zip;
    }

    /**
     * Every file below a directory, by its path relative to it ({@code 2026-12/app-1.log.gz} for
     * one in a subdirectory) in name order, to its {@link #text}.
     */
    public static SortedMap<String, String> contents(final Path dir) throws IOException {
        final SortedMap<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (final Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    m.put(dir.relativize(p).toString(), text(p));
                }
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
