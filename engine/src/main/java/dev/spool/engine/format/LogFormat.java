package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A text template over fields in ATS syntax, compiled once. {@code %<name>} is a field,
 * {@code %<{key}name>} a field with a key, {@code %%} a literal percent sign; everything else is
 * literal text. For example {@code %<time> %<level> [%<thread>] %<logger> - %<msg>}. In XML
 * attributes, where {@code <} must be escaped, {@code %[name]} and {@code %[{key}name]} mean the same.
 *
 * <p>Compiling fixes the record layout: the distinct stored values the template needs, in order
 * ({@link #stored()}). {@link #marshal} captures them from an event; {@link #render} writes one
 * line (no line break: the log object adds it) from a record, with no String per event.
 */
public final class LogFormat {
    private final String template;
    private final List<StoredField> stored;
    private final LogField[] storedFields;
    private final String[] storedKeys;
    private final Object[] parts;       // byte[] literal, or Use
    private final List<String> usedLabels;

    private static final class Use {
        final FieldRenderer renderer;
        final int slot;

        Use(final FieldRenderer renderer, final int slot) {
            this.renderer = renderer;
            this.slot = slot;
        }
    }

    private LogFormat(final String template, final List<StoredField> stored, final LogField[] storedFields,
                      final String[] storedKeys, final Object[] parts, final List<String> usedLabels) {
        this.template = template;
        this.stored = stored;
        this.storedFields = storedFields;
        this.storedKeys = storedKeys;
        this.parts = parts;
        this.usedLabels = usedLabels;
    }

    /**
     * Compiles a template for writing: the record layout is the template's own.
     *
     * @throws LogFormatException naming the position of an unknown field, an unclosed
     *     {@code %<} or {@code {}, an empty name or a key the field refuses
     */
    public static LogFormat compile(final String template, final FieldRegistry registry) {
        return compile(template, registry, null);
    }

    /**
     * Compiles a template against an existing record layout (a binary log's), for reading.
     *
     * @throws LogFormatException also when the template needs a value the layout does not store
     */
    public static LogFormat compile(final String template, final FieldRegistry registry,
                                    final List<StoredField> layout) {
        if (template == null) {
            throw new LogFormatException("", 0, "no format given");
        }
        final List<StoredField> stored = layout == null ? new ArrayList<>() : layout;
        final List<LogField> fields = new ArrayList<>();
        final List<Object> parts = new ArrayList<>();
        final List<String> used = new ArrayList<>();
        final StringBuilder literal = new StringBuilder();
        final int n = template.length();
        int i = 0;
        while (i < n) {
            final char c = template.charAt(i);
            final char next = i + 1 < n ? template.charAt(i + 1) : 0;
            if (c != '%' || (next != '<' && next != '[' && next != '%')) {
                literal.append(c);
                i++;
                continue;
            }
            if (next == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            final String opener = next == '<' ? "%<" : "%[";
            final char closer = next == '<' ? '>' : ']';
            final int start = i;
            final int close = template.indexOf(closer, start + 2);
            int p = start + 2;
            String key = null;
            if (p < n && template.charAt(p) == '{') {
                final int keyEnd = template.indexOf('}', p + 1);
                if (keyEnd < 0) {
                    throw new LogFormatException(template, p, "unclosed \"{\" of a field key");
                }
                key = template.substring(p + 1, keyEnd);
                p = keyEnd + 1;
            }
            final int end = template.indexOf(closer, p);
            if (close < 0 || end < 0) {
                throw new LogFormatException(template, start, "unclosed \"" + opener + "\"");
            }
            final String name = template.substring(p, end);
            if (name.isEmpty()) {
                throw new LogFormatException(template, start, "empty field name");
            }
            final LogField field = registry.lookup(name);
            if (field == null) {
                throw new LogFormatException(template, start, "unknown field \"" + name + "\" (known fields: "
                    + String.join(", ", registry.fields().keySet()) + ")");
            }
            final String problem = field.checkKey(key);
            if (problem != null) {
                throw new LogFormatException(template, start, problem);
            }
            if (literal.length() > 0) {
                parts.add(literal.toString().getBytes(StandardCharsets.UTF_8));
                literal.setLength(0);
            }
            final FieldType type = field.type(key);
            int slot = -1;
            if (type != FieldType.TIMESTAMP) {
                final StoredField wanted = new StoredField(name, field.storageKey(key), type);
                slot = stored.indexOf(wanted);
                if (slot < 0) {
                    if (layout != null) {
                        throw new LogFormatException(template, start, "field \"" + wanted.label()
                            + "\" is not stored in this log (stored: " + labels(layout) + ")");
                    }
                    slot = stored.size();
                    stored.add(wanted);
                    fields.add(field);
                }
            }
            used.add(key == null ? name : "{" + key + "}" + name);
            parts.add(new Use(field.renderer(key), slot));
            i = end + 1;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString().getBytes(StandardCharsets.UTF_8));
        }
        final LogField[] storedFields = fields.toArray(new LogField[0]);
        final String[] keys = new String[storedFields.length];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = stored.get(k).key();
        }
        return new LogFormat(template, Collections.unmodifiableList(new ArrayList<>(stored)),
            layout == null ? storedFields : null, keys, parts.toArray(), Collections.unmodifiableList(used));
    }

    private static String labels(final List<StoredField> layout) {
        final List<String> l = new ArrayList<>();
        for (final StoredField f : layout) {
            l.add(f.label());
        }
        return l.isEmpty() ? "nothing" : String.join(", ", l);
    }

    public String template() {
        return template;
    }

    /** The record layout: the stored values, in record order. */
    public List<StoredField> stored() {
        return stored;
    }

    /**
     * The record slot where this format stores field {@code name} used with {@code key}, or -1 when
     * it does not store it. The one rule for finding a stored value (compiling a format, binding a
     * wipe filter, checking a configuration): a key is stored under its field's storage key.
     */
    public int slotOf(final String name, final String key, final FieldRegistry registry) {
        final LogField field = registry.lookup(name);
        if (field == null) {
            return -1;
        }
        return stored.indexOf(new StoredField(name, field.storageKey(key), field.type(key)));
    }

    /** The fields the template names, as written ({@code {key}name} or {@code name}). */
    public List<String> usedFields() {
        return usedLabels;
    }

    /**
     * Captures the stored values of {@code event} into {@code out}, in record order. For each slot
     * {@code wipes[slot]}, when not null, names parameters whose values are masked (see
     * {@link LogFilter#wipe}).
     */
    public void marshal(final LogEvent event, final RecordWriter out, final byte[][][] wipes) {
        if (storedFields == null) {
            throw new IllegalStateException("format compiled for reading cannot marshal");
        }
        for (int i = 0; i < storedFields.length; i++) {
            final int start = out.length();
            storedFields[i].marshal(event, storedKeys[i], out);
            if (wipes != null && wipes[i] != null) {
                LogFilter.wipeParameters(out.array(), start + 4, out.length(), wipes[i]);
            }
        }
    }

    /** Renders one record as a line, without the line break. */
    public void render(final RecordView view, final TextOutput out) {
        for (final Object part : parts) {
            if (part instanceof byte[]) {
                out.write((byte[]) part);
            } else {
                final Use use = (Use) part;
                if (use.slot >= 0 && view.isNull(use.slot)) {
                    FieldType.renderNull(out);
                } else {
                    use.renderer.render(view, use.slot, out);
                }
            }
        }
    }

    @Override
    public String toString() {
        return template;
    }
}
