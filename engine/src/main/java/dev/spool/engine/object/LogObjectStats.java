package dev.spool.engine.object;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Counters of one log object. The written counts and latencies are kept by the engine threads
 * (once per buffer, not per event); only losses and filter rejections are counted by callers.
 */
public final class LogObjectStats implements LogObjectStatsMXBean {
    private final String file;
    private final AtomicLong eventsWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong buffersWritten = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder renderedOnCaller = new LongAdder();
    private final AtomicLongArray lost = new AtomicLongArray(LossCause.values().length);
    private final AtomicLong latencyLast = new AtomicLong();
    private final AtomicLong latencyMax = new AtomicLong();
    private final AtomicLong latencyTotal = new AtomicLong();
    private final AtomicLong latencyCount = new AtomicLong();
    private final LongAdder callerWaits = new LongAdder();
    private final LongAdder callerWaitNanos = new LongAdder();
    private final AtomicLong callerWaitMaxNanos = new AtomicLong();
    /** Buffers taken and not yet given back; set by the object's buffers. */
    private volatile IntSupplier buffersInUse = () -> 0;
    /** Whether the last attempt to write (or open) the file failed. */
    private volatile boolean writesFailing;

    public LogObjectStats(final String file) {
        this.file = file;
    }

    public void written(final long events, final long bytes, final long latencyNanos) {
        eventsWritten.addAndGet(events);
        bytesWritten.addAndGet(bytes);
        buffersWritten.incrementAndGet();
        latencyLast.set(latencyNanos);
        if (latencyNanos > latencyMax.get()) {
            latencyMax.set(latencyNanos);
        }
        latencyTotal.addAndGet(latencyNanos);
        latencyCount.incrementAndGet();
        if (writesFailing) {
            writesFailing = false;
        }
    }

    /** One caller waited {@code nanos} for a free buffer (whenFull=block). */
    void waited(final long nanos) {
        callerWaits.increment();
        callerWaitNanos.add(nanos);
        callerWaitMaxNanos.accumulateAndGet(nanos, Math::max);
    }

    void buffersInUse(final IntSupplier gauge) {
        this.buffersInUse = gauge;
    }

    @Override
    public long getCallerWaits() {
        return callerWaits.sum();
    }

    @Override
    public long getCallerWaitMicrosTotal() {
        return callerWaitNanos.sum() / 1_000;
    }

    @Override
    public long getCallerWaitMicrosMax() {
        return callerWaitMaxNanos.get() / 1_000;
    }

    @Override
    public int getBuffersInUse() {
        return buffersInUse.getAsInt();
    }

    /** A write (or an open) of the file failed; {@link #written} clears what that says. */
    public void writeError() {
        writeErrors.incrementAndGet();
        writesFailing = true;
    }

    @Override
    public boolean isWritesFailing() {
        return writesFailing;
    }

    void rejected() {
        rejected.increment();
    }

    void renderedOnCaller() {
        renderedOnCaller.increment();
    }

    public void lost(final LossCause cause, final long events) {
        lost.addAndGet(cause.ordinal(), events);
    }

    public long lost(final LossCause cause) {
        return lost.get(cause.ordinal());
    }

    @Override
    public String getFile() {
        return file;
    }

    @Override
    public long getEventsWritten() {
        return eventsWritten.get();
    }

    @Override
    public long getBytesWritten() {
        return bytesWritten.get();
    }

    @Override
    public long getBuffersWritten() {
        return buffersWritten.get();
    }

    @Override
    public long getEventsRejected() {
        return rejected.sum();
    }

    @Override
    public long getEventsRenderedOnCaller() {
        return renderedOnCaller.sum();
    }

    @Override
    public long getEventsLost() {
        long sum = 0;
        for (int i = 0; i < lost.length(); i++) {
            sum += lost.get(i);
        }
        return sum;
    }

    @Override
    public long getEventsLostNoBuffer() {
        return lost(LossCause.NO_BUFFER);
    }

    @Override
    public long getEventsLostCaptureFailed() {
        return lost(LossCause.CAPTURE_FAILED);
    }

    @Override
    public long getEventsLostRenderFailed() {
        return lost(LossCause.RENDER_FAILED);
    }

    @Override
    public long getEventsLostWriteFailed() {
        return lost(LossCause.WRITE_FAILED);
    }

    @Override
    public long getEventsLostNoSpace() {
        return lost(LossCause.NO_SPACE);
    }

    @Override
    public long getEventsLostStopped() {
        return lost(LossCause.STOPPED);
    }

    @Override
    public long getEventsLostEngineThread() {
        return lost(LossCause.ENGINE_THREAD);
    }

    @Override
    public long getEventsLostAbandoned() {
        return lost(LossCause.ABANDONED);
    }

    @Override
    public long getWriteErrors() {
        return writeErrors.get();
    }

    @Override
    public long getFlushLatencyLastMicros() {
        return latencyLast.get() / 1000;
    }

    @Override
    public long getFlushLatencyMaxMicros() {
        return latencyMax.get() / 1000;
    }

    @Override
    public double getFlushLatencyMeanMicros() {
        final long n = latencyCount.get();
        return n == 0 ? 0.0 : latencyTotal.get() / 1000.0 / n;
    }

    @Override
    public String toString() {
        return "written=" + getEventsWritten() + " lost=" + getEventsLost() + " rejected=" + getEventsRejected()
            + " bytes=" + getBytesWritten() + " buffers=" + getBuffersWritten() + " writeErrors=" + getWriteErrors();
    }
}
