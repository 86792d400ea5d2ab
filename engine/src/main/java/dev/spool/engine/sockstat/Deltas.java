package dev.spool.engine.sockstat;

import java.util.LinkedHashMap;
import java.util.Map;

/** The difference between two snapshots of counters: what moved, per key. */
final class Deltas {
    private Deltas() {
    }

    /**
     * {@code [tx, rx]} moved per key from {@code before} to {@code after}, in {@code after}'s order,
     * leaving out keys that moved nothing. A counter lower than before was reset (or its interface
     * came back): it counts from zero, so its delta is its new value, never a wrapped-around one. A
     * key new since {@code before} counts from zero too.
     */
    static Map<String, long[]> between(final Map<String, long[]> before, final Map<String, long[]> after) {
        final Map<String, long[]> out = new LinkedHashMap<>();
        for (final Map.Entry<String, long[]> e : after.entrySet()) {
            final long[] now = e.getValue();
            final long[] then = before.getOrDefault(e.getKey(), ZERO);
            final long tx = delta(then[0], now[0]);
            final long rx = delta(then[1], now[1]);
            if (tx != 0 || rx != 0) {
                out.put(e.getKey(), new long[] {tx, rx});
            }
        }
        return out;
    }

    private static final long[] ZERO = {0, 0};

    private static long delta(final long then, final long now) {
        return Long.compareUnsigned(now, then) >= 0 ? now - then : now;
    }
}
