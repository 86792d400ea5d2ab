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
 * logging framework has been stopped the file's lines are counted. The difference is reported as
 * the secondary result {@code lost} (see {@link Worker}) and printed, so that a setup that loses
 * events is shown losing them. One benchmark runs per JVM (JMH forks), so one ledger serves it.
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
     * Compares the workers' count with the lines in {@code file} and deletes the file. Call after
     * the framework has flushed and closed it.
     */
    void settle(final String setup, final Path file) throws IOException {
        final long logged = logged();
        final long lines = Files.exists(file) ? countLines(file) : 0;
        lost = logged - lines;
        System.out.printf(Locale.ROOT, "%n[loss check] %s: logged %,d, in the file %,d, lost %,d%n", setup, logged, lines, lost);
        Files.deleteIfExists(file);
    }

    /** -1 until {@link #settle} ran. */
    long lost() {
        return lost;
    }

    /** Counts '\n' bytes. */
    static long countLines(final Path file) throws IOException {
        long lines = 0;
        final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    if (buf.get() == '\n') {
                        lines++;
                    }
                }
                buf.clear();
            }
        }
        return lines;
    }
}
