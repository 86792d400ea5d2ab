package dev.spool.engine.record;

/**
 * The calling thread's {@link RecordWriter}s. A thread that logs again while it marshals (an
 * argument's {@code toString()} that logs) gets a second writer instead of clobbering the first,
 * up to a small depth, after which a fresh writer is made for each nested call.
 */
public final class RecordScratch {
    private static final int DEPTH = 4;
    private static final ThreadLocal<RecordScratch> SCRATCH = ThreadLocal.withInitial(RecordScratch::new);

    private final RecordWriter[] writers = new RecordWriter[DEPTH];
    private int depth;

    private RecordScratch() {
    }

    /** The calling thread's scratch. */
    public static RecordScratch get() {
        return SCRATCH.get();
    }

    /** A writer for this call; return it with {@link #release} from a {@code finally}. */
    public RecordWriter acquire() {
        final int d = depth++;
        if (d >= DEPTH) {
            return new RecordWriter();
        }
        RecordWriter w = writers[d];
        if (w == null) {
            w = new RecordWriter();
            writers[d] = w;
        }
        w.reset();
        return w;
    }

    public void release() {
        depth--;
    }
}
