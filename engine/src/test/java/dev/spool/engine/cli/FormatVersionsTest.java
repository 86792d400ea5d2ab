package dev.spool.engine.cli;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.rolling.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What spool-cat does with files it was not made for: a text file, rolled files compressed as the
 * rolling compresses them, and binary logs of a newer format (FORMAT.md, "Versions"): a major
 * version it does not know is skipped and said, an entry kind or a field type of a newer minor
 * version is skipped with a note, not an error.
 */
class FormatVersionsTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    /** A binary log of 300 events in buffers of 2 KiB: "event N" with its level and logger. */
    private Path binaryLog() throws Exception {
        final Path file = dir.resolve("app.blog");
        final Log log = Log.start(TestLogs.config(errors)
            .object(TestLogs.binary("app", file).format("%<epoch_ms> %<level> %<logger> - %<msg>").bufferSize(2048).build())
            .build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < 300; i++) {
            log.access(e.clear().timestampNanos(TestLogs.T0 + i * 1_000_000L).level("INFO").loggerName("com.example.App")
                .message("event " + i));
        }
        log.stop();
        assertEquals(List.of(), errors);
        return file;
    }

    /** The offsets of the buffers in a binary log without damage. */
    private static List<Integer> buffers(final ByteBuffer b) {
        final List<Integer> at = new ArrayList<>();
        for (int p = 0; p < b.limit(); p += LogBufferHeader.byteCount(b, p)) {
            at.add(p);
        }
        return at;
    }

    /** Recomputes the payload and header CRCs of the buffer at {@code at}, as the writer would have. */
    private static void recrc(final ByteBuffer b, final int at) {
        final int byteCount = LogBufferHeader.byteCount(b, at);
        b.putInt(at + LogBufferHeader.PAYLOAD_CRC_OFFSET,
            crc(b, at + LogBufferHeader.FIXED_LENGTH, byteCount - LogBufferHeader.FIXED_LENGTH));
        b.putInt(at + LogBufferHeader.HEADER_CRC_OFFSET, crc(b, at, LogBufferHeader.HEADER_CRC_OFFSET));
    }

    private static int crc(final ByteBuffer b, final int from, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(b.slice(from, length));
        return (int) crc.getValue();
    }

    private static ByteBuffer read(final Path file) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private Path write(final String name, final ByteBuffer b) throws Exception {
        final Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    @Test
    void aLogOfTheDraftFormatTwoPrintsAsItsFormatOneOriginal() throws Exception {
        final Path sample = Path.of(getClass().getResource("/format/1.0/sample.blog").toURI());
        final ByteBuffer b = read(sample);
        final java.io.ByteArrayOutputStream compact = new java.io.ByteArrayOutputStream();
        for (final int at : buffers(b)) {
            final ByteBuffer one = ByteBuffer.wrap(java.util.Arrays.copyOfRange(b.array(), at,
                at + LogBufferHeader.byteCount(b, at))).order(ByteOrder.LITTLE_ENDIAN);
            final byte[] d = new byte[LogBufferHeader.descriptorLength(one, 0)];
            one.get(LogBufferHeader.DESCRIPTOR_OFFSET, d);
            compact.write(dev.spool.engine.format.CompactEncoding.encode(one, dev.spool.engine.object.Descriptor.parse(d)
                .fields().stream().map(dev.spool.engine.format.StoredField::type).toList()));
        }
        final Path two = Files.write(dir.resolve("sample-2.blog"), compact.toByteArray());
        assertTrue(Files.size(two) < Files.size(sample), Files.size(two) + " bytes"); // 1 KiB buffers: the descriptors weigh
        for (final String[] view : List.of(new String[0], new String[] {"--json"})) {
            final List<String> args = new ArrayList<>(List.of(view));
            args.add(two.toString());
            final TestLogs.CatResult cat = TestLogs.cat(args.toArray(new String[0]));
            assertEquals("", cat.err());
            assertEquals(0, cat.status());
            assertEquals(Files.readString(sample.resolveSibling(view.length == 0 ? "sample.txt" : "sample.jsonl")),
                cat.out());
        }
    }

    @Test
    void aTextFileIsNotASpoolBinaryLog() throws Exception {
        final Path text = dir.resolve("app.log");
        Files.writeString(text, "2026-12-04 INFO started\n2026-12-04 INFO ready\n");
        final TestLogs.CatResult cat = TestLogs.cat(text.toString());
        assertEquals(1, cat.status());
        assertEquals("spool-cat: " + text + ": not a Spool binary log (no buffer header in its 46 bytes)\n", cat.err());
        assertEquals("", cat.out());
    }

    @Test
    void rolledFilesAreReadInEveryCompressionTheRollingWrites() throws Exception {
        final Path blog = binaryLog();
        final byte[] plain = Files.readAllBytes(blog);
        final String expected = TestLogs.cat(blog.toString()).out();
        assertTrue(expected.startsWith("1763802902123 INFO com.example.App - event 0\n"), expected);
        final ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("app.blog"));
            z.write(plain);
        }
        final List<Path> files = new ArrayList<>(List.of(
            compressed("app.blog.gz", plain, GZIPOutputStream::new),
            compressed("app.blog.deflate", plain, DeflaterOutputStream::new),
            Files.write(dir.resolve("app.blog.zip"), zip.toByteArray()),
            compressed("app.blog.xz", plain, o -> new org.tukaani.xz.XZOutputStream(o, new org.tukaani.xz.LZMA2Options())),
            compressed("app.blog.bz2", plain,
                org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream::new)));
        if (Compression.ZSTD.unavailableReason() == null) {
            files.add(compressed("app.blog.zst", plain, com.github.luben.zstd.ZstdOutputStream::new));
        }
        for (final Path f : files) {
            final TestLogs.CatResult cat = TestLogs.cat(f.toString());
            assertEquals("", cat.err(), f.toString());
            assertEquals(0, cat.status(), f.toString());
            assertEquals(expected, cat.out(), f.toString());
        }
        final TestLogs.CatResult follow = TestLogs.cat("--follow", files.get(0).toString());
        assertEquals(1, follow.status());
        assertEquals("spool-cat: " + files.get(0) + ": --follow reads a file as it grows; a .gz file is a rolled one,"
            + " read it without --follow\n", follow.err());
    }

    /** A stream that compresses into the stream it is given. */
    @FunctionalInterface
    private interface Compressing {
        OutputStream wrap(OutputStream out) throws Exception;
    }

    private Path compressed(final String name, final byte[] plain, final Compressing compressing) throws Exception {
        final Path f = dir.resolve(name);
        try (OutputStream out = compressing.wrap(Files.newOutputStream(f))) {
            out.write(plain);
        }
        return f;
    }

    @Test
    void aBufferOfAMajorVersionThisReaderDoesNotKnowIsSkippedAndSaid() throws Exception {
        final ByteBuffer b = read(binaryLog());
        final List<Integer> at = buffers(b);
        assertTrue(at.size() >= 4, at.toString());
        final int second = at.get(1);
        b.putShort(second + LogBufferHeader.VERSION_OFFSET, (short) 3);
        recrc(b, second);
        final Path f = write("newer.blog", b);
        final TestLogs.CatResult cat = TestLogs.cat(f.toString());
        assertEquals(1, cat.status());
        assertEquals("spool-cat: " + f + ": 1 buffer(s) from byte offset " + second + " are in format 3.x, which this"
            + " reader does not know (a newer Spool wrote them; this one reads formats 1.x and 2.x): skipped\n", cat.err());
        final List<String> lines = cat.out().lines().toList();
        assertTrue(lines.contains("1763802902123 INFO com.example.App - event 0"), cat.out());
        assertTrue(lines.contains("1763802902422 INFO com.example.App - event 299"), cat.out());
        assertTrue(lines.size() < 300 && lines.size() > 200, String.valueOf(lines.size()));
    }

    @Test
    void anEntryOfAKindThisReaderDoesNotKnowIsSkippedWithANote() throws Exception {
        final ByteBuffer b = read(TestLogs.formatOne(binaryLog(), dir.resolve("app-1.blog")));
        final int first = buffers(b).get(0);
        final int entry = first + LogBufferHeader.headerLength(b, first); // the first entry: event 0
        assertEquals(LogEntryHeader.KIND_RECORD, LogEntryHeader.kind(b, entry));
        b.put(entry + LogEntryHeader.KIND_OFFSET, (byte) 9);
        recrc(b, first);
        final Path f = write("kind.blog", b);
        final TestLogs.CatResult cat = TestLogs.cat(f.toString());
        assertEquals("spool-cat: " + f + ": note: skipped 1 entries of kind 9, which this reader does not know (a newer"
            + " minor version of the format)\n", cat.err());
        assertEquals(0, cat.status());
        final List<String> lines = cat.out().lines().toList();
        assertEquals(299, lines.size());
        assertEquals("1763802902124 INFO com.example.App - event 1", lines.get(0));
    }

    /**
     * In format 2 an entry of a later minor version's kind is its kind, timestamp, renderer, then
     * a varint length and that many bytes: a reader skips it by its length.
     */
    @Test
    void anEntryOfAKindThisReaderDoesNotKnowIsSkippedWithANoteInFormatTwo() throws Exception {
        final ByteBuffer b = read(binaryLog());
        final int first = buffers(b).get(0);
        assertEquals(2, LogBufferHeader.version(b, first));
        final int entries = first + LogBufferHeader.headerLength(b, first);
        final int byteCount = LogBufferHeader.byteCount(b, first);
        final ByteBuffer more = ByteBuffer.allocate(b.limit() + 8).order(ByteOrder.LITTLE_ENDIAN);
        more.put(b.array(), 0, entries);
        more.put(new byte[] {9, 0, 0, 4, 'n', 'e', 'w', '!'}); // 8 bytes: the entries stay a multiple of 8 long
        more.put(b.array(), entries, b.limit() - entries);
        more.putInt(first + LogBufferHeader.BYTE_COUNT_OFFSET, byteCount + 8);
        more.putInt(first + LogBufferHeader.ENTRY_COUNT_OFFSET, LogBufferHeader.entryCount(b, first) + 1);
        recrc(more, first);
        final Path f = write("kind-2.blog", more);
        final TestLogs.CatResult cat = TestLogs.cat(f.toString());
        assertEquals("spool-cat: " + f + ": note: skipped 1 entries of kind 9, which this reader does not know (a newer"
            + " minor version of the format)\n", cat.err());
        assertEquals(0, cat.status());
        final List<String> lines = cat.out().lines().toList();
        assertEquals(300, lines.size());
        assertEquals("1763802902123 INFO com.example.App - event 0", lines.get(0));
    }

    @Test
    void aFieldOfATypeThisReaderDoesNotKnowIsShownAsAQuestionMarkWithANote() throws Exception {
        final ByteBuffer b = read(binaryLog());
        for (final int at : buffers(b)) {
            final byte[] d = new byte[LogBufferHeader.descriptorLength(b, at)];
            b.get(at + LogBufferHeader.DESCRIPTOR_OFFSET, d);
            final String descriptor = new String(d, StandardCharsets.UTF_8);
            final String newer = descriptor.replace("{\"name\":\"logger\",\"type\":\"string\"}",
                "{\"name\":\"logger\",\"type\":\"vector\"}");
            assertTrue(!newer.equals(descriptor) && newer.length() == descriptor.length(), descriptor);
            b.put(at + LogBufferHeader.DESCRIPTOR_OFFSET, newer.getBytes(StandardCharsets.UTF_8));
            recrc(b, at);
        }
        final Path f = write("type.blog", b);
        final TestLogs.CatResult cat = TestLogs.cat(f.toString());
        assertEquals("spool-cat: " + f + ": note: fields of a type this reader does not know (a newer minor version of"
            + " the format), shown as ?: logger (vector)\n", cat.err());
        assertEquals(0, cat.status());
        final List<String> lines = cat.out().lines().toList();
        assertEquals(300, lines.size());
        assertEquals("1763802902123 INFO ? - event 0", lines.get(0));
        final TestLogs.CatResult json = TestLogs.cat("--json", f.toString());
        assertTrue(json.out().lines().findFirst().orElseThrow().contains("\"logger\":null"), json.out());
    }
}
