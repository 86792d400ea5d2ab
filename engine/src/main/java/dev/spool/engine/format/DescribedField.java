package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordWriter;

/**
 * A field known only from a binary log's descriptor (a user field the reader has no class for):
 * it renders by its stored type and cannot capture anything.
 */
public final class DescribedField extends LogField {
    private final FieldType type;

    public DescribedField(final String name, final FieldType type) {
        super(name);
        this.type = type;
    }

    @Override
    public FieldType type(final String key) {
        return type;
    }

    @Override
    public void marshal(final LogEvent event, final String key, final RecordWriter out) {
        throw new UnsupportedOperationException("field \"" + name() + "\" is only known from a log's descriptor");
    }

    /**
     * The standard fields plus a described field for each stored name the registry lacks; a
     * stored field of a type this reader does not know ({@link FieldType#UNKNOWN}, a newer
     * minor version's), or of another type than the standard field of its name stores today
     * (an older log's {@code msg}, a string), is described as that, in place of the standard field.
     */
    public static FieldRegistry registryFor(final Iterable<StoredField> stored) {
        final FieldRegistry r = FieldRegistry.standard();
        for (final StoredField f : stored) {
            final LogField known = r.lookup(f.name());
            if (f.type() == FieldType.UNKNOWN || known != null && known.type(f.key()) != f.type()) {
                r.replace(new DescribedField(f.name(), f.type()));
            } else if (known == null) {
                r.register(new DescribedField(f.name(), f.type()));
            }
        }
        return r;
    }
}
