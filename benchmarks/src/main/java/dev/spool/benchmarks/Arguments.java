package dev.spool.benchmarks;

/**
 * The two arguments of the benchmark event, taken from pre-boxed values so that every framework
 * is measured without the application's own boxing (which none of them controls).
 */
final class Arguments {
    private static final int SIZE = 1024;
    private static final Long[] REQUEST_IDS = new Long[SIZE];
    private static final Integer[] MICROS = new Integer[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) {
            REQUEST_IDS[i] = 7_300_000L + i * 7919L;
            MICROS[i] = 100 + (i * 37) % 9000;
        }
    }

    private int next;

    Long requestId() {
        return REQUEST_IDS[next & (SIZE - 1)];
    }

    Integer micros() {
        return MICROS[next++ & (SIZE - 1)];
    }
}
