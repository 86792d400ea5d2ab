package dev.spool.engine.testing;

import dev.spool.engine.file.LogFile;

import java.nio.file.Path;

/**
 * A log file with no file behind it, always open at its path: a test's sink says only what a
 * write (and, if it matters, a close) does.
 */
public abstract class SinkFile implements LogFile {
    private final Path path;

    protected SinkFile(final Path path) {
        this.path = path;
    }

    @Override
    public final Path path() {
        return path;
    }

    @Override
    public final boolean ensureOpen(final long nowNanos) {
        return true;
    }

    @Override
    public void close() {
    }
}
