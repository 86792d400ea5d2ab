package dev.spool.engine.file;

import dev.spool.engine.event.ErrorListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A named pipe (created with {@code mkfifo} if missing). Opening a pipe for writing blocks until a
 * reader opens it, so the open runs on a small helper thread: while no reader is there the flush
 * thread goes on, and what it cannot write is counted as lost. A reader that goes away
 * ({@code EPIPE}) closes the pipe; the next write waits for a new reader the same way.
 */
public final class PipeLogFile implements LogFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private final Path path;
    private final FileFailure failure;
    private FileChannel channel;
    private volatile FileChannel opened;
    private volatile Thread opener;

    public PipeLogFile(final Path path, final ErrorListener errors) {
        this.path = path;
        this.failure = new FileFailure(errors, "retrying every " + LogFile.RETRY_NANOS / 1_000_000 + " ms");
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public boolean ensureOpen(final long nowNanos) {
        if (channel != null && channel.isOpen()) {
            return true;
        }
        final FileChannel ready = opened;
        if (ready != null) {
            opened = null;
            channel = ready;
            failure.succeeded("named pipe " + path);
            return true;
        }
        if (!failure.mayTry(nowNanos)) {
            return false;
        }
        try {
            createIfMissing();
        } catch (final IOException e) {
            failure.failed(nowNanos, "cannot create named pipe " + path + ": " + PlainLogFile.describe(e), null);
            return false;
        }
        if (opener == null) {
            final Thread t = new Thread(this::openForWrite, "spool-pipe-opener-" + path.getFileName());
            t.setDaemon(true);
            opener = t;
            t.start();
        }
        failure.failed(nowNanos, "named pipe " + path + " has no reader", null);
        return false;
    }

    private void createIfMissing() throws IOException {
        final Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!isFifo()) {
                throw new IOException("it exists and is not a named pipe");
            }
            return;
        }
        final Process p = new ProcessBuilder("mkfifo", "-m", "0644", path.toString()).redirectErrorStream(true).start();
        try {
            final String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mkfifo failed: " + out);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the pipe", e);
        }
    }

    private boolean isFifo() throws IOException {
        try {
            final int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFIFO;
        } catch (final UnsupportedOperationException | IllegalArgumentException e) {
            return !Files.isRegularFile(path) && !Files.isDirectory(path);
        }
    }

    private void openForWrite() {
        try {
            opened = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (final IOException e) {
            // Reported by the flush thread as "no reader" until an open succeeds.
        } finally {
            opener = null;
        }
    }

    @Override
    public void write(final ByteBuffer bytes) throws IOException {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (final IOException e) {
            failure.failed(System.nanoTime(), "cannot write named pipe " + path + " (reader gone?): "
                + PlainLogFile.describe(e), null);
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        final FileChannel c = channel;
        channel = null;
        closeQuietly(c);
        if (opener != null) {
            // The opener waits for a reader; opening read-write counts as one and never blocks,
            // so its open completes and it ends.
            FileChannel unblock = null;
            try {
                unblock = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                final Thread t = opener;
                if (t != null) {
                    t.join(1000);
                }
            } catch (final IOException e) {
                // Nothing to unblock.
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(unblock);
            }
        }
        closeQuietly(opened);
        opened = null;
    }

    private static void closeQuietly(final FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (final IOException ignored) {
                // Closing; nothing more to do.
            }
        }
    }
}
