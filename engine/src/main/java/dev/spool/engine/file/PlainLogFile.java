package dev.spool.engine.file;

import dev.spool.engine.ErrorListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A regular file opened for append, its directory created as needed. Text and binary logs both
 * write through it; what differs is what the preproc thread made of the buffer.
 */
public final class PlainLogFile implements LogFile {
    private final Path path;
    private final FileFailure failure;
    private FileChannel channel;

    public PlainLogFile(final Path path, final ErrorListener errors) {
        this.path = path;
        this.failure = new FileFailure(errors);
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
        if (!failure.mayTry(nowNanos)) {
            return false;
        }
        try {
            final Path dir = path.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            if (Files.isDirectory(path)) {
                throw new IOException("it is a directory");
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
            failure.succeeded("log file " + path);
            return true;
        } catch (final IOException | SecurityException | UnsupportedOperationException e) {
            failure.failed(nowNanos, "cannot open log file " + path + ": " + describe(e), null);
            return false;
        }
    }

    @Override
    public void write(final ByteBuffer bytes) throws IOException {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (final IOException e) {
            failure.failed(System.nanoTime(), "cannot write log file " + path + ": " + describe(e), null);
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        final FileChannel c = channel;
        channel = null;
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
