package dev.spool.engine.file;

import dev.spool.engine.buffer.WriteBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
/**
 * The destination of one log object. Used by the flush thread only. A failure is reported once
 * when it starts (naming the path and the cause) and once when it ends; meanwhile
 * {@link #ensureOpen} answers {@code false} and the caller counts what it could not write.
 */
public interface LogFile {
    Path path();

    /**
     * Makes sure the file can take a write now: opens or reopens it as needed (a regular file is
     * tried again with every call, a pipe at most every {@link #RETRY_NANOS} while it has no reader).
     *
     * @return {@code true} when {@link #write} may be called
     */
    boolean ensureOpen(long nowNanos);

    /** Writes all of {@code bytes}; on failure the file is closed and will be reopened. */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * Writes a processed buffer. A file that rolls may start a new file between two of its units;
     * others write the bytes as they are.
     */
    default void write(WriteBatch batch) throws IOException {
        write(batch.bytes());
    }

    /** Closes the file; a later {@link #ensureOpen} opens it again. */
    void close();

    /**
     * Periodic work of the flush thread (every 50 ms), such as rolling an empty file when its
     * period ends with no event in it.
     */
    default void tick(long nowMillis) throws IOException {
    }

    /**
     * Whether the file's directory is within its space budget; when not, the log object applies
     * its {@code whenFull} policy instead of writing.
     */
    default boolean hasRoom() {
        return true;
    }

    /**
     * Asks for the file to be closed and opened again before the next write, for log rotation
     * tools that move the file away. Any thread; the flush thread acts on it.
     */
    default void reopen() {
    }

    /**
     * Asks for the file's identity to be checked against its path before the next write (a file
     * moved or deleted is then replaced at once, not at the next periodic check). Any thread; the
     * flush thread acts on it. For a stop or flush, whose last writes must not go into a file
     * that was just deleted.
     */
    default void recheck() {
    }

    /** How often a pipe with no reader is tried again. */
    long RETRY_NANOS = 100_000_000L;
}
