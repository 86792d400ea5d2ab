package dev.spool.engine.event;

import java.util.Arrays;

/**
 * A reusable list of context (MDC) key/value pairs, in insertion order, backed by one array: what
 * a {@link LogEvent} offers by index. Garbage-free once it has grown to the largest context seen.
 */
public final class ContextPairs {
    private String[] pairs = new String[16];
    private int size;

    /** Empties it, dropping the references it held. */
    public void clear() {
        Arrays.fill(pairs, 0, 2 * size, null);
        size = 0;
    }

    /** Adds a pair, or replaces the value of an existing key. */
    public void put(final String key, final String value) {
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equals(key)) {
                pairs[2 * i + 1] = value;
                return;
            }
        }
        add(key, value);
    }

    /** Appends a pair whose key is known not to be there yet (a map being copied). */
    public void add(final String key, final String value) {
        if (2 * size + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, 2 * pairs.length);
        }
        pairs[2 * size] = key;
        pairs[2 * size + 1] = value;
        size++;
    }

    /** The value for {@code key}, or {@code null}. */
    public String value(final String key) {
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equals(key)) {
                return pairs[2 * i + 1];
            }
        }
        return null;
    }

    public int size() {
        return size;
    }

    public String key(final int i) {
        return pairs[2 * i];
    }

    public String valueAt(final int i) {
        return pairs[2 * i + 1];
    }
}
