package dev.spool.engine.file;

import dev.spool.engine.event.ErrorListener;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The process's standard output or standard error, written through {@code System.out} or
 * {@code System.err} as they are at each write (a {@code System.setOut} is followed, as Logback's
 * ConsoleAppender and Log4j2's with {@code follow="true"} follow it). Only the flush thread writes:
 * a reader that stops reading the pipe (a stalled log collector) blocks it, not the callers, who
 * meet the object's {@code whenFull} once its buffers are full. {@link #path} is
 * {@code /dev/stdout} or {@code /dev/stderr}, a name for messages; it is never opened.
 */
public final class ConsoleLogFile implements LogFile {
    /** The identity of a log object that writes standard output. */
    public static final Path STDOUT = Path.of("/dev/stdout");
    /** The identity of a log object that writes standard error. */
    public static final Path STDERR = Path.of("/dev/stderr");

    private final Path path;
    private final boolean err;
    private final ErrorListener errors;
    private final byte[] chunk = new byte[64 * 1024];
    private boolean errorReported;

    public ConsoleLogFile(final Path path, final ErrorListener errors) {
        if (!path.equals(STDOUT) && !path.equals(STDERR)) {
            throw new IllegalArgumentException("a console log object writes " + STDOUT + " or " + STDERR + ", not " + path);
        }
        this.path = path;
        this.err = path.equals(STDERR);
        this.errors = errors;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public boolean ensureOpen(final long nowNanos) {
        return true;
    }

    /**
     * Writes through the stream. A {@code PrintStream} never throws and keeps its error state for
     * good once set: the first write after which it shows an error is counted as failed and
     * reported; later losses (a closed stream drops what it gets) cannot be told apart, which the
     * report says.
     */
    @Override
    public void write(final ByteBuffer bytes) throws IOException {
        final PrintStream out = err ? System.err : System.out;
        while (bytes.hasRemaining()) {
            final int n = Math.min(chunk.length, bytes.remaining());
            bytes.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
        out.flush();
        if (!errorReported && out.checkError()) {
            errorReported = true;
            errors.onError("writing " + what() + " failed; " + what() + " keeps the error state, so what is lost"
                + " there from now on cannot be counted", null);
            throw new IOException(what() + " failed");
        }
    }

    private String what() {
        return err ? "standard error" : "standard output";
    }

    @Override
    public void close() {
        (err ? System.err : System.out).flush();
    }
}
