package dev.spool.engine.cli;

/**
 * A logging framework's layouts for {@code spool-cat --layout}: an adapter jar provides one
 * (a {@link java.util.ServiceLoader} service), so that the events of a binary log are shown as the
 * framework's pattern would have written them. The engine itself knows no framework.
 */
public interface FrameworkLayout {
    /** The framework's name, as {@code --layout NAME:PATTERN} gives it: {@code log4j2}, {@code logback}. */
    String framework();

    /**
     * Compiles {@code pattern}, a pattern of the framework's pattern layout.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    Renderer compile(String pattern);

    /** Lays out one event as the framework's layout does, its line ending included. */
    @FunctionalInterface
    interface Renderer {
        String render(StoredEvent event);
    }
}
