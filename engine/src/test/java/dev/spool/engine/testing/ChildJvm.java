package dev.spool.engine.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        return start(options, System.getProperty("java.class.path"), main, args);
    }

    /** As {@link #start(List, Class, String...)}, on the given class path. */
    public static Process start(final List<String> options, final String classPath, final Class<?> main,
                                final String... args) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * This JVM's class path without the jars whose names start with one of {@code jarNames} (as
     * {@code "commons-compress-"}): for a child that runs without an optional library.
     *
     * @throws IllegalStateException when one of them is not on the class path, so that a test
     *                               cannot pass for having removed nothing
     */
    public static String classPathWithout(final String... jarNames) {
        final List<String> kept = new ArrayList<>();
        final List<String> missing = new ArrayList<>(List.of(jarNames));
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            final String name = Path.of(entry).getFileName().toString();
            final boolean dropped = Arrays.stream(jarNames).anyMatch(j -> name.startsWith(j) && name.endsWith(".jar"));
            if (dropped) {
                missing.removeIf(name::startsWith);
            } else {
                kept.add(withoutManifestClassPath(Path.of(entry)).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not on the class path: " + missing);
        }
        return String.join(File.pathSeparator, kept);
    }

    /**
     * The engine's jar as a reactor build puts it on a test class path names its dependencies in
     * its manifest ({@code Class-Path: lib/...}, for {@code java -jar}), which would bring the
     * dropped jars back: a jar built in a {@code target} directory is replaced by that
     * directory's {@code classes}.
     */
    private static Path withoutManifestClassPath(final Path entry) {
        final Path dir = entry.getParent();
        if (entry.toString().endsWith(".jar") && dir != null && dir.getFileName() != null
            && dir.getFileName().toString().equals("target") && Files.isDirectory(dir.resolve("classes"))) {
            return dir.resolve("classes");
        }
        return entry;
    }
}
