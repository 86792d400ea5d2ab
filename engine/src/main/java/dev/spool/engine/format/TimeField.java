package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.record.RecordWriter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The entry's timestamp. {@code %<time>} renders local ISO-8601 with milliseconds
 * ({@code 2026-11-22T09:15:02.123}); {@code %<{pattern}time>} takes any
 * {@link DateTimeFormatter} pattern, such as {@code %<{yyyy-MM-dd HH:mm:ss,SSS}time>}. The epoch
 * renderings are {@code epoch_ms}, {@code epoch_ns} and {@code epoch_s} (squid style,
 * {@code 1763802902.123}). Nothing is stored: the entry header carries the timestamp.
 */
final class TimeField extends LogField {
    static final String DEFAULT_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS";

    enum Rendering { PATTERN, EPOCH_MS, EPOCH_NS, EPOCH_S }

    private final Rendering rendering;

    TimeField(final String name, final Rendering rendering) {
        super(name);
        this.rendering = rendering;
    }

    @Override
    public FieldType type(final String key) {
        return FieldType.TIMESTAMP;
    }

    @Override
    public String checkKey(final String key) {
        if (rendering != Rendering.PATTERN) {
            return key == null ? null : "field \"" + name() + "\" takes no key";
        }
        if (key == null) {
            return null;
        }
        try {
            DateTimeFormatter.ofPattern(key);
            return null;
        } catch (final IllegalArgumentException e) {
            return "invalid date pattern \"" + key + "\": " + e.getMessage();
        }
    }

    @Override
    public String storageKey(final String key) {
        return null;
    }

    @Override
    public void marshal(final LogEvent event, final String key, final RecordWriter out) {
        // Nothing stored: the entry header holds the timestamp.
    }

    @Override
    public FieldRenderer renderer(final String key) {
        switch (rendering) {
            case EPOCH_MS:
                return (view, slot, out) -> out.writeLong(Math.floorDiv(view.timestampNanos(), 1_000_000L));
            case EPOCH_NS:
                return (view, slot, out) -> out.writeLong(view.timestampNanos());
            case EPOCH_S:
                return (view, slot, out) -> {
                    final long ms = Math.floorDiv(view.timestampNanos(), 1_000_000L);
                    out.writeLong(Math.floorDiv(ms, 1000L));
                    out.write('.');
                    out.writePadded(Math.floorMod(ms, 1000L), 3);
                };
            default:
                final String pattern = key == null ? DEFAULT_PATTERN : key;
                final FixedDateRenderer fixed = FixedDateRenderer.of(pattern, ZoneId.systemDefault());
                if (fixed != null) {
                    // Fixed-width numeric patterns (the default among them): one copy per event.
                    return (view, slot, out) -> fixed.render(view.timestampNanos(), out);
                }
                return new PatternRenderer(pattern);
        }
    }

    /**
     * For the patterns {@link FixedDateRenderer} does not take: formats with a
     * {@link DateTimeFormatter} and reuses the bytes while the timestamp stays
     * within one unit of the pattern's finest field (a millisecond, unless the pattern shows
     * finer fractions). Used by one engine thread at a time.
     */
    static final class PatternRenderer implements FieldRenderer {
        private final DateTimeFormatter formatter;
        private final long unitNanos;
        private final StringBuilder text = new StringBuilder(64);
        private long cachedUnit = Long.MIN_VALUE;
        private byte[] cached = new byte[0];

        PatternRenderer(final String pattern) {
            this.formatter = DateTimeFormatter.ofPattern(pattern).withZone(ZoneId.systemDefault());
            this.unitNanos = finestUnitNanos(pattern);
        }

        @Override
        public void render(final dev.spool.engine.record.RecordView view, final int slot, final TextOutput out) {
            final long nanos = view.timestampNanos();
            final long unit = Math.floorDiv(nanos, unitNanos);
            if (unit != cachedUnit) {
                text.setLength(0);
                formatter.formatTo(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                    Math.floorMod(nanos, 1_000_000_000L)), text);
                cached = text.toString().getBytes(StandardCharsets.UTF_8);
                cachedUnit = unit;
            }
            out.write(cached);
        }

        private static long finestUnitNanos(final String pattern) {
            int fraction = 0;
            boolean quoted = false;
            int run = 0;
            for (int i = 0; i < pattern.length(); i++) {
                final char c = pattern.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                    run = 0;
                    continue;
                }
                if (quoted) {
                    continue;
                }
                if (c == 'n' || c == 'N') {
                    return 1;
                }
                run = c == 'S' ? run + 1 : 0;
                fraction = Math.max(fraction, run);
            }
            if (fraction > 3) {
                return 1;
            }
            return 1_000_000L;
        }
    }
}
