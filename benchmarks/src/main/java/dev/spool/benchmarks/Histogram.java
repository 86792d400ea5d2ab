package dev.spool.benchmarks;

/**
 * Durations in nanoseconds: exact below 64 ns, then in buckets at most 1/32 (3 %) of their value
 * wide, up to about 18 minutes; a fixed 11 KiB, no allocation per value. Not thread-safe: one per
 * thread, merged at the end.
 */
final class Histogram {
    private static final int SHIFTS = 40;
    private final long[] counts = new long[64 + SHIFTS * 32];
    private long total;
    private long max;

    void record(final long nanos) {
        final long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    private static int index(final long v) {
        if (v < 64) {
            return (int) v;
        }
        final int shift = 63 - Long.numberOfLeadingZeros(v) - 5; // v >>> shift is in [32, 63]
        return Math.min(64 + SHIFTS * 32 - 1, 64 + (shift - 1) * 32 + (int) (v >>> shift) - 32);
    }

    /** The largest value bucket {@code i} holds. */
    private static long upper(final int i) {
        if (i < 64) {
            return i;
        }
        final int shift = (i - 64) / 32 + 1;
        final long top = (i - 64) % 32 + 32;
        return ((top + 1) << shift) - 1;
    }

    void add(final Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The value at or below which {@code fraction} of the values are (the bucket's upper end). */
    long percentile(final double fraction) {
        final long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return Math.min(upper(i), max);
            }
        }
        return max;
    }
}
