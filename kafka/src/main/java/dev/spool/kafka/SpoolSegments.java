package dev.spool.kafka;

import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.FileAttributes;
import dev.spool.engine.file.LogFile;
import dev.spool.engine.file.PlainLogFile;
import dev.spool.engine.file.SpaceGuard;
import dev.spool.engine.object.LogConfigException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local spool of a Kafka log object: its binary log, written by the object's flush thread as
 * numbered segment files ({@code <name>.0000000001.blog}, ...) in one directory, for the
 * {@link Shipper} to read. A run starts a new segment, so what an earlier run left (perhaps a
 * buffer cut off by a kill) is never appended to; a segment is closed once it holds
 * {@code segmentBytes}. The shipper deletes the segments the broker has acknowledged.
 *
 * <p>Space: while the segments hold {@code maxBytes} or more (the broker away for long), the file
 * has no room and the log object's {@code whenFull} decides, counted as for any full file.
 *
 * <p>Written by the flush thread only; {@link #written()}, {@link #bytes()} and {@link #deleted}
 * are for the shipper's thread.
 */
final class SpoolSegments implements LogFile {
    static final String SUFFIX = ".blog";

    /** Where the flush thread has written to: the segment and the end of its last whole buffer. */
    record Position(long segment, long offset) {
    }

    private final Path dir;
    private final String name;
    private final long segmentBytes;
    private final long maxBytes;
    private final boolean fsync;
    private final ErrorListener errors;
    private final SpaceGuard.Budget budget;
    private final FileAttributes attributes;
    private final Runnable written;
    /** Run once, after the last segment is closed: the engine is done with the object. */
    private volatile Runnable closed = () -> { };
    private volatile FileChannel lock;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong buffersWritten = new AtomicLong();
    /** The first segment of this run; the ones before it are complete, whatever their end holds. */
    private final long firstOfRun;
    private volatile PlainLogFile current;
    private long segment;
    private long size;
    private volatile Position position;

    SpoolSegments(final Path dir, final String name, final long segmentBytes, final long maxBytes, final boolean fsync,
                  final ErrorListener errors, final SpaceGuard.Budget budget, final FileAttributes attributes,
                  final Runnable written, final long checkpointSegment) {
        this.dir = dir;
        this.name = name;
        this.segmentBytes = segmentBytes;
        this.maxBytes = maxBytes;
        this.fsync = fsync;
        this.errors = errors;
        this.budget = budget;
        this.attributes = attributes;
        this.written = written;
        final TreeMap<Long, Path> found = list(dir, name);
        long total = 0;
        for (final Path p : found.values()) {
            try {
                total += Files.size(p);
            } catch (final IOException e) {
                // deleted meanwhile: nothing to count
            }
        }
        bytes.set(total);
        // Numbers only grow: past every segment there is, and never below the checkpoint's (whose
        // segment may be one the last run closed before writing to it, all the others deleted).
        firstOfRun = Math.max(Math.max(1, checkpointSegment), found.isEmpty() ? 1 : found.lastKey() + 1);
        segment = firstOfRun;
        position = new Position(firstOfRun, 0);
    }

    /**
     * Takes the spool's lock file ({@code <name>.lock} in {@code dir}), which {@link #close} lets
     * go: one spool has one writer and one shipper, whether a second object is in this process or
     * another. Null (said) when the lock file cannot be made at all; writing says the rest.
     *
     * @throws LogConfigException when another Kafka log object holds it
     */
    static FileChannel lock(final Path dir, final String name, final ErrorListener errors) {
        final Path file = dir.resolve(name + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() != null) {
                return channel;
            }
        } catch (final OverlappingFileLockException held) {
            // held in this process: refused below
        } catch (final IOException e) {
            closeQuietly(channel);
            errors.onError("kafka \"" + name + "\": cannot lock the spool with " + file + " (" + e
                + "); a second object on the same spool would not be noticed", null);
            return null;
        }
        closeQuietly(channel);
        throw new LogConfigException("kafka log object \"" + name + "\": the spool " + dir + " is in use by another"
            + " Kafka log object of that name (" + file + " is locked, in this process or another); give each its own"
            + " spoolDirectory or name");
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException e) {
                // nothing held
            }
        }
    }

    /** The segment files of {@code name} in {@code dir}, by number; none when the directory is not there. */
    static TreeMap<Long, Path> list(final Path dir, final String name) {
        final TreeMap<Long, Path> found = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + ".*" + SUFFIX)) {
            for (final Path p : files) {
                final String f = p.getFileName().toString();
                final String number = f.substring(name.length() + 1, f.length() - SUFFIX.length());
                if (number.length() == 10 && number.chars().allMatch(Character::isDigit)) {
                    found.put(Long.parseLong(number), p);
                }
            }
        } catch (final IOException e) {
            // an unreadable directory holds nothing this spool can use; writing will say why
        }
        return found;
    }

    static Path path(final Path dir, final String name, final long segment) {
        return dir.resolve(name + "." + String.format(Locale.ROOT, "%010d", segment) + SUFFIX);
    }

    long firstOfRun() {
        return firstOfRun;
    }

    /** Where the flush thread has written to (any thread). */
    Position written() {
        return position;
    }

    /** Bytes in the spool's segments (any thread). */
    long bytes() {
        return bytes.get();
    }

    /** Buffers written by this run. */
    long buffersWritten() {
        return buffersWritten.get();
    }

    /** The shipper deleted a segment of {@code n} bytes. */
    void deleted(final long n) {
        bytes.addAndGet(-n);
    }

    @Override
    public Path path() {
        return path(dir, name, segment);
    }

    @Override
    public boolean ensureOpen(final long nowNanos) {
        if (current == null) {
            current = new PlainLogFile(path(dir, name, segment), fsync, errors, budget, attributes, false);
            size = 0;
        }
        return current.ensureOpen(nowNanos);
    }

    @Override
    public void write(final ByteBuffer buffer) throws IOException {
        final int n = buffer.remaining();
        current.write(buffer);
        size += n;
        bytes.addAndGet(n);
        buffersWritten.incrementAndGet(); // a binary log writes one buffer at a time
        if (size >= segmentBytes) {
            current.close();
            current = null;
            segment++;
            position = new Position(segment, 0); // the shipper may read the closed one to its end
        } else {
            position = new Position(segment, size);
        }
        written.run();
    }

    @Override
    public boolean hasRoom() {
        return bytes.get() < maxBytes && (current == null || current.hasRoom());
    }

    @Override
    public void reopen() {
        final PlainLogFile c = current;
        if (c != null) {
            c.reopen();
        }
    }

    @Override
    public void recheck() {
        final PlainLogFile c = current;
        if (c != null) {
            c.recheck();
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
            if (size > 0) { // a later open starts the next segment: this one is complete
                segment++;
                position = new Position(segment, 0);
                written.run();
            }
        }
        final Runnable c = closed;
        closed = () -> { };
        c.run();
        closeQuietly(lock); // after the shipper's stop: the next object may take the spool over
    }

    /** Holds the spool's lock ({@link #lock}) until {@link #close}. */
    void holding(final FileChannel lockFile) {
        this.lock = lockFile;
    }

    /**
     * What {@link #close} runs once: the engine closes the file when it stops or removes the log
     * object, which is when the shipper sends the rest and stops.
     */
    void onClose(final Runnable action) {
        closed = action;
    }
}
