package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordWriter;

import java.util.Objects;

/**
 * A field whose value is a piece of text taken from the event. Extend it, or use {@link #of}:
 * <pre>{@code
 * registry.register(TextField.of("tenant", (event, key) -> event.contextValue("tenant")));
 * }</pre>
 */
public abstract class TextField extends LogField {
    /** Extracts a field's text from an event; the key is the {@code {key}} of the format. */
    @FunctionalInterface
    public interface Extractor {
        CharSequence value(LogEvent event, String key);
    }

    protected TextField(final String name) {
        super(name);
    }

    /** A text field from a lambda. */
    public static TextField of(final String name, final Extractor extractor) {
        Objects.requireNonNull(extractor, "extractor");
        return new TextField(name) {
            @Override
            protected CharSequence value(final LogEvent event, final String key) {
                return extractor.value(event, key);
            }
        };
    }

    /** The value, or {@code null} when the event has none. */
    protected abstract CharSequence value(LogEvent event, String key);

    @Override
    public FieldType type(final String key) {
        return FieldType.STRING;
    }

    @Override
    public void marshal(final LogEvent event, final String key, final RecordWriter out) {
        out.putString(value(event, key));
    }

    @Override
    public CharSequence text(final LogEvent event, final String key) {
        return value(event, key);
    }

    @Override
    public boolean filterable() {
        return true;
    }
}
