package dev.spool.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The loss check every benchmark makes: each worker counts the events it logged, and after the
 * logging framework has been stopped the file's records are counted ({@link #countRecords}). The
 * difference is reported as the secondary result {@code lost} (see {@link Worker}) and printed,
 * so that a setup that loses events is shown losing them. One benchmark runs per JVM (JMH forks),
 * so one ledger serves it.
 *
 * <p>A ceiling (a framework's stock no-op appender) writes no file: its trial is {@link #waive waived},
 * and reports 0 lost.
 */
public final class EventLedger {
    static final EventLedger INSTANCE = new EventLedger();

    private final CopyOnWriteArrayList<Worker> workers = new CopyOnWriteArrayList<>();
    private volatile long lost = -1;

    void register(final Worker counter) {
        workers.add(counter);
    }

    private EventLedger() {
    }

    /**
     * Where benchmark files go: {@code $SPOOL_BENCH_DIR}, else {@code /dev/shm} where there is one
     * (tmpfs: the disk's write-back speed would otherwise bound every setup alike once the page
     * cache is full, and the comparison would be of the disk), else the temporary directory.
     */
    static Path benchDirectory(final String prefix) throws IOException {
        final String configured = System.getenv("SPOOL_BENCH_DIR");
        final Path parent = configured != null && !configured.isBlank() ? Path.of(configured)
            : Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : null;
        if (parent == null) {
            return Files.createTempDirectory(prefix);
        }
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, prefix);
    }

    /** Events the workers logged so far. */
    long logged() {
        long sum = 0;
        for (final Worker w : workers) {
            sum += w.logged;
        }
        return sum;
    }

    /**
     * Compares the workers' count with the records in {@code file} and deletes the file. Call after
     * the framework has flushed and closed it.
     */
    void settle(final String setup, final Path file) throws IOException {
        final long logged = logged();
        final long records = !Files.exists(file) ? 0
            : file.getFileName().toString().endsWith(".blog") ? countBinaryRecords(file) : countRecords(file);
        lost = logged - records;
        System.out.printf(Locale.ROOT, "%n[loss check] %s: logged %,d, in the file %,d, lost %,d%n", setup, logged, records, lost);
        Files.deleteIfExists(file);
    }

    /** No loss check for a setup that writes nothing (a ceiling): says so, and reports 0 lost. */
    void waive(final String setup, final String why) {
        lost = 0;
        System.out.printf(Locale.ROOT, "%n[loss check] %s: logged %,d, not checked (%s)%n", setup, logged(), why);
    }

    /** -1 until {@link #settle} ran. */
    long lost() {
        return lost;
    }

    /**
     * Counts the records in a file: the lines that begin with a digit (every pattern here starts
     * with its timestamp) or with '{' (a JSON document). The other lines belong to the record
     * before them: a stack trace's "\tat ..." and "\t... n more", its "Caused by: ..." and the
     * exception's own line, and the blank lines Spring Boot's {@code %wEx} puts around it.
     */
    /** The entries of a binary log's intact buffers (losses would be entries too; a lossless run has none). */
    static long countBinaryRecords(final Path file) throws IOException {
        long records = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final dev.spool.engine.cli.BinaryLogReader reader = new dev.spool.engine.cli.BinaryLogReader(ch, false, 0,
                (offset, message) -> System.out.println("[loss check] " + file + ": damaged at " + offset + ": " + message));
            for (dev.spool.engine.cli.BinaryLogReader.Buffer b = reader.next(); b != null; b = reader.next()) {
                records += b.entryCount();
            }
        }
        return records;
    }

    static long countRecords(final Path file) throws IOException {
        long records = 0;
        boolean lineStart = true;
        final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    final byte b = buf.get();
                    if (lineStart && (b >= '0' && b <= '9' || b == '{')) {
                        records++;
                    }
                    lineStart = b == '\n';
                }
                buf.clear();
            }
        }
        return records;
    }
}
