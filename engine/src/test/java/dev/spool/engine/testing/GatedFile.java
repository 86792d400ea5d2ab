package dev.spool.engine.testing;

import dev.spool.engine.file.LogFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** A log file that runs a gate before each write (a delay, a latch), then writes through to the real one. */
public final class GatedFile implements LogFile {
    /** What runs before each write; it may wait, or fail the write. */
    @FunctionalInterface
    public interface Gate {
        void pass() throws IOException;
    }

    private final LogFile file;
    private final Gate gate;

    public GatedFile(final LogFile file, final Gate gate) {
        this.file = file;
        this.gate = gate;
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public boolean ensureOpen(final long nowNanos) {
        return file.ensureOpen(nowNanos);
    }

    @Override
    public void write(final ByteBuffer bytes) throws IOException {
        gate.pass();
        file.write(bytes);
    }

    @Override
    public void close() {
        file.close();
    }
}
