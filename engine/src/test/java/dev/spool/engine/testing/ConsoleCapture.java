package dev.spool.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Standard output as console appenders' tests see it: captured, or left unread. */
public final class ConsoleCapture {
    private ConsoleCapture() {
    }

    /** Something that logs. */
    @FunctionalInterface
    public interface Run {
        void run() throws Exception;
    }

    /** What {@code run} printed to {@code System.out}, which is set back afterwards. */
    public static String stdout(final Run run) throws Exception {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code main} in a child JVM whose standard output nobody reads (its pipe fills after
     * some 64 KB) and returns the line it wrote into {@code result} (its first argument), without
     * its line break, once the line is whole; fails if it never is.
     */
    public static String resultWithStdoutUnread(final List<String> options, final Class<?> main, final Path result)
        throws Exception {
        final Process child = ChildJvm.start(options, main, result.toString());
        try {
            // The file exists before the child has written it: wait for the whole line.
            Conditions.waitFor(() -> Files.exists(result) && readQuietly(result).endsWith("\n"));
            return readQuietly(result).strip();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String readQuietly(final Path file) {
        try {
            return Files.readString(file);
        } catch (final IOException e) {
            return "";
        }
    }
}
