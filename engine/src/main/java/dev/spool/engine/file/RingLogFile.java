package dev.spool.engine.file;

import dev.spool.engine.buffer.WriteBatch;
import dev.spool.engine.event.ErrorListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
/**
 * A log that never outgrows its cap: two files, {@code <prefix>.log1.txt} and
 * {@code <prefix>.log2.txt}, that take turns (the pair Tailscale's filch keeps). Events go to the
 * current one; when the next event would take it past half the cap, the other file is emptied
 * and becomes the current one, so the older half is dropped. Read the older file first, then the
 * current one. A restart appends to the file written last. Files switch only between two events,
 * so the pair is never over the cap by more than one event larger than half of it.
 */
public final class RingLogFile implements LogFile {
    private final Path[] paths;
    private final long half;
    private final ErrorListener errors;
    private PlainLogFile current;
    private int index = -1;
    private long size = -1;

    /**
     * @param prefix the files are {@code prefix + ".log1.txt"} and {@code prefix + ".log2.txt"}
     * @param capBytes the most the two files hold together
     */
    public RingLogFile(final Path prefix, final long capBytes, final boolean fsync, final ErrorListener errors,
                       final SpaceGuard.Budget budget) {
        this(prefix, capBytes, fsync, errors, budget, FileAttributes.NONE);
    }

    /** With the attributes its two files get when created. */
    public RingLogFile(final Path prefix, final long capBytes, final boolean fsync, final ErrorListener errors,
                       final SpaceGuard.Budget budget, final FileAttributes attributes) {
        this.paths = new Path[] {names(prefix)[0], names(prefix)[1]};
        this.half = Math.max(1, capBytes / 2);
        this.errors = errors;
        this.current = new PlainLogFile(paths[0], fsync, errors, budget, attributes, false);
    }

    /** The two files of a ring with this prefix, in the order they were first written. */
    public static Path[] names(final Path prefix) {
        return new Path[] {prefix.resolveSibling(prefix.getFileName() + ".log1.txt"),
            prefix.resolveSibling(prefix.getFileName() + ".log2.txt")};
    }

    @Override
    public Path path() {
        return current.path();
    }

    @Override
    public boolean ensureOpen(final long nowNanos) {
        if (index < 0) {
            index = newer();
            current = current.withPath(paths[index]);
        }
        if (!current.ensureOpen(nowNanos)) {
            size = -1;
            return false;
        }
        if (size < 0) {
            try {
                size = Files.size(current.path());
            } catch (final IOException e) {
                size = 0;
            }
        }
        return true;
    }

    /** The file written last, to go on with after a restart: the one modified last, else the first. */
    private int newer() {
        try {
            final boolean first = Files.exists(paths[0]);
            final boolean second = Files.exists(paths[1]);
            if (first && second) {
                return Files.getLastModifiedTime(paths[1]).compareTo(Files.getLastModifiedTime(paths[0])) > 0 ? 1 : 0;
            }
            return second ? 1 : 0;
        } catch (final IOException e) {
            return 0;
        }
    }

    @Override
    public void write(final ByteBuffer bytes) throws IOException {
        switchIfFull(bytes.remaining());
        final int n = bytes.remaining();
        current.write(bytes);
        size += n;
    }

    @Override
    public void write(final WriteBatch batch) throws IOException {
        final ByteBuffer bytes = batch.bytes();
        final int base = bytes.position();
        int from = 0;
        int fromUnit = 0;
        try {
            for (int i = 0; i < batch.units(); i++) {
                final int start = i == 0 ? 0 : batch.unitEnd(i - 1);
                final int end = batch.unitEnd(i);
                if (size + (start - from) + (end - start) > half && size + (start - from) > 0) {
                    writeRange(bytes, base + from, base + start);
                    from = start;
                    fromUnit = i;
                    switchFiles();
                }
            }
            writeRange(bytes, base + from, bytes.limit());
        } catch (final IOException e) {
            if (fromUnit > 0) {
                throw new PartlyWrittenException(fromUnit, e); // the units before the switch are in the other file
            }
            throw e;
        }
    }

    private void switchIfFull(final int next) throws IOException {
        if (size + next > half && size > 0) {
            switchFiles();
        }
    }

    private void writeRange(final ByteBuffer bytes, final int from, final int to) throws IOException {
        if (to <= from) {
            return;
        }
        current.write(bytes.duplicate().limit(to).position(from));
        size += to - from;
    }

    /** The current file is full: empty the other one and write there. */
    private void switchFiles() throws IOException {
        current.close();
        index = 1 - index;
        Files.deleteIfExists(paths[index]);
        current = current.withPath(paths[index]);
        size = 0;
        if (!current.ensureOpen(System.nanoTime())) {
            size = -1;
            throw new IOException("cannot open " + paths[index] + " (reported above)");
        }
    }

    @Override
    public void close() {
        current.close();
    }

    @Override
    public boolean hasRoom() {
        return current.hasRoom();
    }

    @Override
    public void reopen() {
        current.reopen();
    }

    @Override
    public void recheck() {
        current.recheck();
    }

    @Override
    public String toString() {
        return "ring " + paths[0] + " + " + paths[1] + " (cap " + 2 * half + " bytes)";
    }
}
