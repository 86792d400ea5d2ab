package dev.spool.engine.file;

import dev.spool.engine.event.ErrorListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A regular file opened for append, its directory created as needed. Text and binary logs both
 * write through it; what differs is what the preproc thread made of the buffer.
 *
 * <ul>
 *   <li>A write that fails part-way (disk full) is cut back to where it started, so the file never
 *       keeps a torn line or a torn buffer; the failure is reported once and retried.</li>
 *   <li>A file moved or deleted from outside (logrotate's {@code create} mode, or its directory
 *       removed) is noticed within {@link #IDENTITY_CHECK_NANOS} and a new file is opened under the
 *       same name. {@link #reopen} does the same on request ({@code copytruncate}-style tools need
 *       nothing: the file is opened for append, so writes continue at its new end).</li>
 *   <li>With {@code fsync}, every write is forced to the device before the buffer is recycled.</li>
 *   <li>With {@code lockEachWrite}, every write holds an exclusive lock on the file, so writers in
 *       other processes that lock too (Logback's prudent mode) never interleave with it.</li>
 * </ul>
 */
public final class PlainLogFile implements LogFile {
    /** How often the file's identity is checked against the path. */
    public static final long IDENTITY_CHECK_NANOS = 250_000_000L;

    private final Path path;
    private final boolean fsync;
    private final ErrorListener errors;
    private final FileFailure failure;
    private FileChannel channel;
    private Object fileKey;
    private long nextIdentityCheckNanos;
    private volatile boolean reopenRequested;
    private volatile boolean recheckRequested;
    private final SpaceGuard.Budget budget;
    private final FileAttributes attributes;
    private final boolean lockEachWrite;

    public PlainLogFile(final Path path, final ErrorListener errors) {
        this(path, false, errors);
    }

    public PlainLogFile(final Path path, final boolean fsync, final ErrorListener errors) {
        this(path, fsync, errors, null);
    }

    /** With the space budget of the file's directory, or {@code null}. */
    public PlainLogFile(final Path path, final boolean fsync, final ErrorListener errors, final SpaceGuard.Budget budget) {
        this(path, fsync, errors, budget, FileAttributes.NONE, false);
    }

    /**
     * With the attributes a file gets when this creates it, and whether each write holds an
     * exclusive lock on the file (several processes append to it).
     */
    public PlainLogFile(final Path path, final boolean fsync, final ErrorListener errors, final SpaceGuard.Budget budget,
                        final FileAttributes attributes, final boolean lockEachWrite) {
        this.attributes = attributes;
        this.lockEachWrite = lockEachWrite;
        this.path = path;
        this.fsync = fsync;
        this.errors = errors;
        this.failure = new FileFailure(errors);
        this.budget = budget;
    }

    /** A file at another path with the same settings (fsync, error listener, space budget, attributes). */
    PlainLogFile withPath(final Path other) {
        return new PlainLogFile(other, fsync, errors, budget, attributes, lockEachWrite);
    }

    @Override
    public boolean hasRoom() {
        return budget == null || !budget.exhausted();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public boolean ensureOpen(final long nowNanos) {
        if (reopenRequested) {
            reopenRequested = false;
            close();
        }
        if (recheckRequested) {
            recheckRequested = false;
            nextIdentityCheckNanos = nowNanos;
        }
        if (channel != null && channel.isOpen()) {
            if (nowNanos - nextIdentityCheckNanos < 0) {
                return true;
            }
            nextIdentityCheckNanos = nowNanos + IDENTITY_CHECK_NANOS;
            if (stillOurs()) {
                return true;
            }
            errors.onError("log file " + path + " was moved or deleted; writing a new file under that name", null);
            close();
        }
        try {
            final Path dir = path.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            if (Files.isDirectory(path)) {
                throw new IOException("it is a directory");
            }
            final boolean create = attributes.any() && !Files.exists(path);
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
            if (create) {
                applyAttributes();
            }
            fileKey = key();
            nextIdentityCheckNanos = nowNanos + IDENTITY_CHECK_NANOS;
            return true;
        } catch (final IOException | SecurityException | UnsupportedOperationException e) {
            close();
            failure.failed(nowNanos, "cannot open log file " + path + ": " + describe(e), null);
            return false;
        }
    }

    /** Gives a file just created its permissions, owner and group; a failure is reported, the file written. */
    private void applyAttributes() {
        try {
            attributes.applyTo(path);
        } catch (final IOException | UnsupportedOperationException | SecurityException e) {
            errors.onError("log file " + path + ": cannot set " + attributes + " (" + describe(e) + "); it is written"
                + " with the permissions it was created with", null);
        }
    }

    /** Whether the path still names the file we have open. */
    private boolean stillOurs() {
        try {
            return fileKey == null || Objects.equals(fileKey, key());
        } catch (final IOException e) {
            return false;
        }
    }

    private Object key() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (final NoSuchFileException e) {
            throw e;
        } catch (final UnsupportedOperationException e) {
            return null;
        }
    }

    @Override
    public void write(final ByteBuffer bytes) throws IOException {
        if (channel == null) {
            throw new IOException("log file " + path + " is not open");
        }
        long before = -1;
        FileLock lock = null;
        try {
            if (lockEachWrite) {
                lock = channel.lock(); // waits while another process writes; the append lands at the end
            }
            before = channel.size();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (fsync) {
                channel.force(false);
            }
            if (failure.failing()) {
                failure.succeeded("log file " + path);
            }
        } catch (final IOException e) {
            cutBack(before);
            failure.failed(System.nanoTime(), "cannot write log file " + path + ": " + describe(e), null);
            close();
            throw e;
        } finally {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        }
    }

    /** Removes what a failed write left, so the file ends with a whole line or buffer. */
    private void cutBack(final long size) {
        if (size < 0) {
            return;
        }
        try {
            if (channel.size() > size) {
                channel.truncate(size);
            }
        } catch (final IOException e) {
            errors.onError("log file " + path + ": cannot remove the part of a failed write at offset " + size
                + "; the file may end with a partial line", e);
        }
    }

    @Override
    public void reopen() {
        reopenRequested = true;
    }

    @Override
    public void recheck() {
        recheckRequested = true;
    }

    @Override
    public void close() {
        final FileChannel c = channel;
        channel = null;
        fileKey = null;
        if (c != null) {
            try {
                c.close();
            } catch (final IOException ignored) {
                // Closing after a failed write; the failure itself was reported.
            }
        }
    }

    static String describe(final Throwable e) {
        final String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
