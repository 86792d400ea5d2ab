package dev.spool.engine.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for what one test JVM cannot show: a shutdown hook, a kill -9, a framework setting
 * that has to be there before the framework loads.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Starts {@code main} with {@code args} on this JVM's {@code java} and class path, with the
     * JVM {@code options} (system properties, heap size) before them; standard error is merged
     * into standard output.
     */
    public static Process start(final List<String> options, final Class<?> main, final String... args)
        throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
