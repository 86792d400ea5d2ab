package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordWriter;

/**
 * One kind of value a log can hold: it is captured from an event on the caller's thread
 * ({@link #marshal}) and rendered as text later ({@link #renderer}). A field used in a format as
 * {@code %<{key}name>} receives the key, which either selects what to capture (an MDC key) or
 * how to render it (a date pattern): {@link #storageKey} tells which.
 *
 * <p>Adding a field is one class and one {@link FieldRegistry#register} call; most fields extend
 * {@link TextField} or use {@link TextField#of}.
 */
public abstract class LogField {
    private final String name;

    protected LogField(final String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("invalid field name: \"" + name + "\"");
        }
        this.name = name;
    }

    public final String name() {
        return name;
    }

    /** The type of the stored value for this key. */
    public abstract FieldType type(String key);

    /**
     * Checks a key when a format is compiled.
     *
     * @return {@code null} if the key (possibly {@code null}: none given) is fine, else the reason
     */
    public String checkKey(final String key) {
        return null;
    }

    /**
     * The part of the key that changes what is stored, or {@code null} when the key only changes
     * the rendering. Two uses with the same name and storage key share one stored value.
     */
    public String storageKey(final String key) {
        return key;
    }

    /** Captures this field's value of {@code event} as exactly one value into {@code out}. */
    public abstract void marshal(LogEvent event, String key, RecordWriter out);

    /** The renderer for one use of the field in a format; by default, render by type. */
    public FieldRenderer renderer(final String key) {
        final FieldType type = type(key);
        return (view, slot, out) -> type.render(view, slot, out);
    }

    /**
     * The value as text, for filters, or {@code null} when absent. Fields that do not support
     * filtering return {@code null} from {@link #filterable}.
     */
    public CharSequence text(final LogEvent event, final String key) {
        return null;
    }

    /** Whether {@link #text} gives this field's value, so filters may test it. */
    public boolean filterable() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
