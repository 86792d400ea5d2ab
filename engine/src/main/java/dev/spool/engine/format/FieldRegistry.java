package dev.spool.engine.format;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields a format may name. {@link #standard()} holds the built-in ones:
 * <table>
 *   <caption>Built-in fields</caption>
 *   <tr><td>{@code time}</td><td>local time, ISO-8601 with ms, or {@code %<{pattern}time>}</td></tr>
 *   <tr><td>{@code epoch_ms}, {@code epoch_s}, {@code epoch_ns}</td><td>epoch time in ms, s.ms, ns</td></tr>
 *   <tr><td>{@code level}</td><td>level name</td></tr>
 *   <tr><td>{@code logger}</td><td>logger name</td></tr>
 *   <tr><td>{@code thread}</td><td>thread name</td></tr>
 *   <tr><td>{@code msg}</td><td>the message, formatted (on the engine's threads when the event gives its template and arguments)</td></tr>
 *   <tr><td>{@code marker}</td><td>marker name</td></tr>
 *   <tr><td>{@code mdc}</td><td>{@code %<{key}mdc>} one context value, {@code %<mdc>} all</td></tr>
 *   <tr><td>{@code throwable}</td><td>the stack trace as the JDK prints it</td></tr>
 * </table>
 * Safe for concurrent use; register fields before compiling the formats that use them.
 */
public final class FieldRegistry {
    private final Map<String, LogField> fields = new ConcurrentHashMap<>();

    /** An empty registry. */
    public FieldRegistry() {
    }

    /** A new registry with the built-in fields. */
    public static FieldRegistry standard() {
        final FieldRegistry r = new FieldRegistry();
        r.register(new TimeField("time", TimeField.Rendering.PATTERN));
        r.register(new TimeField("epoch_ms", TimeField.Rendering.EPOCH_MS));
        r.register(new TimeField("epoch_ns", TimeField.Rendering.EPOCH_NS));
        r.register(new TimeField("epoch_s", TimeField.Rendering.EPOCH_S));
        r.register(TextField.of("level", (e, k) -> e.level()));
        r.register(TextField.of("logger", (e, k) -> e.loggerName()));
        r.register(TextField.of("thread", (e, k) -> e.threadName()));
        r.register(new MessageField());
        r.register(TextField.of("marker", (e, k) -> e.marker()));
        r.register(new ContextField());
        r.register(new ThrowableField());
        return r;
    }

    /**
     * Adds a field.
     *
     * @throws IllegalArgumentException if a field of that name is registered already
     */
    public FieldRegistry register(final LogField field) {
        final LogField previous = fields.putIfAbsent(field.name(), field);
        if (previous != null) {
            throw new IllegalArgumentException("a field named \"" + field.name() + "\" is registered already");
        }
        return this;
    }

    /** Puts {@code field} in place of the one of its name, if any (a stored field of a type the reader does not know). */
    void replace(final LogField field) {
        fields.put(field.name(), field);
    }

    /** The field of that name, or {@code null}. */
    public LogField lookup(final String name) {
        return fields.get(name);
    }

    /** Every registered field by name, sorted; for help texts and error messages. */
    public Map<String, LogField> fields() {
        return Collections.unmodifiableMap(new TreeMap<>(fields));
    }
}
