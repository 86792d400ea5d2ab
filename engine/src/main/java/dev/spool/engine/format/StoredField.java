package dev.spool.engine.format;

/**
 * One value stored in every record of a log: a field, the key that selects what it captures
 * (or {@code null}), and its type. A binary log's descriptor lists these in record order.
 */
public record StoredField(String name, String key, FieldType type) {
    /** {@code name} or {@code {key}name}, as in a format. */
    public String label() {
        return key == null ? name : "{" + key + "}" + name;
    }
}
