package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordWriter;

/**
 * The context (MDC): {@code %<{key}mdc>} is one value, plain {@code %<mdc>} the whole map,
 * rendered as {@code {k1=v1, k2=v2}}.
 */
final class ContextField extends LogField {
    ContextField() {
        super("mdc");
    }

    @Override
    public FieldType type(final String key) {
        return key == null ? FieldType.MAP : FieldType.STRING;
    }

    @Override
    public void marshal(final LogEvent event, final String key, final RecordWriter out) {
        if (key != null) {
            out.putString(event.contextValue(key));
            return;
        }
        final int n = event.contextSize();
        out.beginMap();
        for (int i = 0; i < n; i++) {
            out.putPair(event.contextKey(i), event.contextValueAt(i));
        }
        out.endMap();
    }

    @Override
    public CharSequence text(final LogEvent event, final String key) {
        return key == null ? null : event.contextValue(key);
    }

    @Override
    public boolean filterable() {
        return true;
    }
}
