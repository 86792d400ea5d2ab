package dev.spool.engine;

import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectManager;
import dev.spool.engine.object.LogObjectStats;
import dev.spool.engine.object.LossCause;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * An engine's stats: the totals over its log objects, and each object's own counters. The totals
 * never go down: a log object taken out of the engine (a reconfiguration) keeps counting in them,
 * events offered to it afterwards included; after {@link #RETIRED_KEPT} later removals its counts
 * are folded into fixed sums.
 */
public final class Stats implements StatsMXBean {
    /** Removed objects whose counters the totals still read; older ones are folded. */
    static final int RETIRED_KEPT = 256;
    private static final int WRITTEN = 0;
    private static final int LOST = 1;
    private static final int REJECTED = 2;
    private static final int ON_CALLER = 3;
    private static final int BYTES = 4;
    private static final int WRITE_ERRORS = 5;
    /** Then one sum per loss cause. */
    private static final int CAUSES = 6;

    private final LogObjectManager objects;
    private final AtomicLong errorsReported = new AtomicLong();
    /** The removed objects' counters, oldest first; guarded by this. */
    private final ArrayDeque<LogObjectStats> retired = new ArrayDeque<>();
    /** What folded objects counted, by the indexes above; guarded by this. */
    private final long[] folded = new long[CAUSES + LossCause.values().length];

    Stats(final LogObjectManager objects) {
        this.objects = objects;
    }

    void errorReported() {
        errorsReported.incrementAndGet();
    }

    /**
     * Takes {@code o} out of the engine's objects (by {@code takeOut}) and keeps its counters in
     * the totals, in one step for readers of the totals: they never see it twice or not at all.
     */
    synchronized void retire(final LogObject o, final Runnable takeOut) {
        takeOut.run();
        retired.addLast(o.stats());
        if (retired.size() > RETIRED_KEPT) {
            final LogObjectStats s = retired.removeFirst();
            folded[WRITTEN] += s.getEventsWritten();
            folded[LOST] += s.getEventsLost();
            folded[REJECTED] += s.getEventsRejected();
            folded[ON_CALLER] += s.getEventsRenderedOnCaller();
            folded[BYTES] += s.getBytesWritten();
            folded[WRITE_ERRORS] += s.getWriteErrors();
            for (final LossCause cause : LossCause.values()) {
                folded[CAUSES + cause.ordinal()] += s.lost(cause);
            }
        }
    }

    private synchronized long total(final int index, final ToLongFunction<LogObjectStats> counter) {
        long n = folded[index];
        for (final LogObject o : objects.all()) {
            n += counter.applyAsLong(o.stats());
        }
        for (final LogObjectStats s : retired) {
            n += counter.applyAsLong(s);
        }
        return n;
    }

    /** The counters of one log object, or {@code null} when there is no object of that name. */
    public LogObjectStats object(final String name) {
        final LogObject o = objects.find(name);
        return o == null ? null : o.stats();
    }

    /** Events counted as lost for {@code cause}, over every log object the engine has had. */
    public long lost(final LossCause cause) {
        return total(CAUSES + cause.ordinal(), s -> s.lost(cause));
    }

    @Override
    public String[] getLogObjects() {
        return objects.all().stream().map(LogObject::name).toArray(String[]::new);
    }

    @Override
    public long getEventsWritten() {
        return total(WRITTEN, LogObjectStats::getEventsWritten);
    }

    @Override
    public long getEventsLost() {
        return total(LOST, LogObjectStats::getEventsLost);
    }

    @Override
    public long getEventsRejected() {
        return total(REJECTED, LogObjectStats::getEventsRejected);
    }

    @Override
    public long getEventsRenderedOnCaller() {
        return total(ON_CALLER, LogObjectStats::getEventsRenderedOnCaller);
    }

    @Override
    public long getBytesWritten() {
        return total(BYTES, LogObjectStats::getBytesWritten);
    }

    @Override
    public long getWriteErrors() {
        return total(WRITE_ERRORS, LogObjectStats::getWriteErrors);
    }

    @Override
    public long getErrorsReported() {
        return errorsReported.get();
    }
}
