package dev.spool.engine;

import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectManager;
import dev.spool.engine.object.LogObjectStats;

import java.util.concurrent.atomic.AtomicLong;

/** An engine's stats: the totals over its log objects, and each object's own counters. */
public final class Stats implements StatsMXBean {
    private final LogObjectManager objects;
    private final AtomicLong errorsReported = new AtomicLong();

    Stats(final LogObjectManager objects) {
        this.objects = objects;
    }

    void errorReported() {
        errorsReported.incrementAndGet();
    }

    /** The counters of one log object, or {@code null} when there is no object of that name. */
    public LogObjectStats object(final String name) {
        final LogObject o = objects.find(name);
        return o == null ? null : o.stats();
    }

    @Override
    public String[] getLogObjects() {
        return objects.all().stream().map(LogObject::name).toArray(String[]::new);
    }

    @Override
    public long getEventsWritten() {
        return objects.all().stream().mapToLong(o -> o.stats().getEventsWritten()).sum();
    }

    @Override
    public long getEventsLost() {
        return objects.all().stream().mapToLong(o -> o.stats().getEventsLost()).sum();
    }

    @Override
    public long getEventsRejected() {
        return objects.all().stream().mapToLong(o -> o.stats().getEventsRejected()).sum();
    }

    @Override
    public long getEventsRenderedOnCaller() {
        return objects.all().stream().mapToLong(o -> o.stats().getEventsRenderedOnCaller()).sum();
    }

    @Override
    public long getBytesWritten() {
        return objects.all().stream().mapToLong(o -> o.stats().getBytesWritten()).sum();
    }

    @Override
    public long getWriteErrors() {
        return objects.all().stream().mapToLong(o -> o.stats().getWriteErrors()).sum();
    }

    @Override
    public long getErrorsReported() {
        return errorsReported.get();
    }
}
