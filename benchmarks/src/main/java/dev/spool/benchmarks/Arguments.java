package dev.spool.benchmarks;

/**
 * The two arguments of the benchmark event, taken from pre-boxed values so that every framework
 * is measured without the application's own boxing (which none of them controls); and, for the
 * exception mix, the thread's {@link SampleFailure} for one event in {@value #FAILURE_EVERY}.
 * One per thread.
 */
final class Arguments {
    /** In the exception mix, one event in this many is an error with the sample exception. */
    static final int FAILURE_EVERY = 100;
    private static final int SIZE = 1024;
    private static final Long[] REQUEST_IDS = new Long[SIZE];
    private static final Integer[] MICROS = new Integer[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) {
            REQUEST_IDS[i] = 7_300_000L + i * 7919L;
            MICROS[i] = 100 + (i * 37) % 9000;
        }
    }

    /** Made once, when the thread's arguments are: logging it is measured, not its construction. */
    private final Throwable failure = SampleFailure.create();
    private int next;
    private int sinceFailure;

    Long requestId() {
        return REQUEST_IDS[next & (SIZE - 1)];
    }

    Integer micros() {
        return MICROS[next++ & (SIZE - 1)];
    }

    /** The sample exception for one call in {@value #FAILURE_EVERY}, {@code null} for the others. */
    Throwable failure() {
        if (++sinceFailure < FAILURE_EVERY) {
            return null;
        }
        sinceFailure = 0;
        return failure;
    }
}
