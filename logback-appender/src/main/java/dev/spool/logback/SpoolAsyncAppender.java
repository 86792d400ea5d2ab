package dev.spool.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import dev.spool.engine.adapter.AdapterSettings;
import dev.spool.engine.adapter.EventDispatch;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Logback's {@code AsyncAppender} replaced: change the {@code class} to
 * {@code dev.spool.logback.SpoolAsyncAppender} and keep its {@code appender-ref}s and properties.
 * An event is prepared for deferred processing once on the caller (its caller data too with
 * {@code includeCallerData}) and put into Spool buffers; the appenders behind are called on the
 * flush thread of this appender's own engine, in the order the events were logged. Spool
 * appenders behind take the event on the caller: it is handed off only once.
 *
 * <p>Mapping: {@code neverBlock=false} (the default) waits for room, lossless;
 * {@code neverBlock=true} drops what does not fit, counted and reported. {@code queueSize}
 * (events) sets the buffer count so that about that many fit. {@code discardingThreshold}: Spool
 * never discards by level (the stock appender drops TRACE, DEBUG and INFO events once its queue is
 * 80 % full); a nonzero value is said once. {@code maxFlushTime} (ms) bounds the stop. Spool's own
 * {@code spoolBufferSize}, {@code spoolBufferCount}, {@code maxDelay} and {@code whenFull} apply
 * too.
 */
public class SpoolAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AppenderAttachable<ILoggingEvent> {
    private static final byte[] NO_RECORD = new byte[0];

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private int queueSize = 256;
    private Integer discardingThreshold;
    private boolean neverBlock;
    private boolean includeCallerData;
    private int maxFlushTime = 1000;
    private String spoolBufferSize;
    private String spoolBufferCount;
    private String maxDelay;
    private String whenFull;
    private volatile List<Appender<ILoggingEvent>> direct = List.of();
    private volatile EventDispatch<ILoggingEvent> dispatch;
    private volatile LogObject object;

    public void setQueueSize(final int queueSize) {
        this.queueSize = queueSize;
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setDiscardingThreshold(final int discardingThreshold) {
        this.discardingThreshold = discardingThreshold;
    }

    public void setNeverBlock(final boolean neverBlock) {
        this.neverBlock = neverBlock;
    }

    public boolean isNeverBlock() {
        return neverBlock;
    }

    public void setIncludeCallerData(final boolean includeCallerData) {
        this.includeCallerData = includeCallerData;
    }

    public boolean isIncludeCallerData() {
        return includeCallerData;
    }

    public void setMaxFlushTime(final int maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    public int getMaxFlushTime() {
        return maxFlushTime;
    }

    public void setSpoolBufferSize(final String spoolBufferSize) {
        this.spoolBufferSize = spoolBufferSize;
    }

    public void setSpoolBufferCount(final String spoolBufferCount) {
        this.spoolBufferCount = spoolBufferCount;
    }

    public void setMaxDelay(final String maxDelay) {
        this.maxDelay = maxDelay;
    }

    public void setWhenFull(final String whenFull) {
        this.whenFull = whenFull;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        final String where = "Spool async appender \"" + getName() + "\": ";
        final List<Appender<ILoggingEvent>> now = new ArrayList<>();
        final List<Appender<ILoggingEvent>> later = new ArrayList<>();
        for (final Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            final Appender<ILoggingEvent> a = it.next();
            (a instanceof SpoolAppender ? now : later).add(a);
        }
        if (now.isEmpty() && later.isEmpty()) {
            addError(where + "no appender-ref; the appender is not started");
            return;
        }
        if (discardingThreshold != null && discardingThreshold != 0) {
            addWarn(where + "discardingThreshold=" + discardingThreshold + " is accepted and ignored: Spool never"
                + " discards by level; with neverBlock=true, what does not fit is dropped and counted");
        }
        direct = List.copyOf(now);
        if (!later.isEmpty()) {
            final List<Appender<ILoggingEvent>> calls = List.copyOf(later);
            // queueSize is in events; a queued event takes an entry header in a buffer.
            final String count = spoolBufferCount != null ? spoolBufferCount
                : String.valueOf(Math.max(2, Math.min(LogObjectConfig.MAX_BUFFER_COUNT,
                    (int) ((long) queueSize * LogEntryHeader.LENGTH / LogObjectConfig.MIN_BUFFER_SIZE))));
            final LogObjectConfig.Builder config = AdapterSettings.apply(
                LogObjectConfig.builder("async-" + getName().replaceAll("[^A-Za-z0-9_.-]", "_"))
                    .file(Path.of("spool-async-" + getName())),
                null, whenFull, maxDelay, spoolBufferSize == null ? "1 KB" : spoolBufferSize, count, null,
                message -> addError(where + message))
                .immediateFlush(true); // the appenders behind get each event promptly, as from AsyncAppender
            if (whenFull == null) {
                config.whenFull(neverBlock ? WhenFull.DROP : WhenFull.BLOCK);
            }
            try {
                dispatch = EventDispatch.start("spool-async-" + getName(), config.build(),
                    maxFlushTime > 0 ? Duration.ofMillis(maxFlushTime) : null,
                    (message, cause) -> addWarn("Spool: " + message, cause), ILoggingEvent.class, event -> {
                        for (final Appender<ILoggingEvent> a : calls) {
                            a.doAppend(event);
                        }
                    });
            } catch (final RuntimeException e) {
                addError(where + e.getMessage() + "; the appender is not started");
                return;
            }
            object = dispatch.object();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        final EventDispatch<ILoggingEvent> d = dispatch;
        dispatch = null;
        object = null;
        if (d != null) {
            d.stop(); // what it holds reaches the appenders behind first
        }
        appenders.detachAndStopAllAppenders(); // as AsyncAppender's worker does when it ends
    }

    @Override
    protected void append(final ILoggingEvent event) {
        if (includeCallerData) {
            event.getCallerData();
        }
        event.prepareForDeferredProcessing();
        for (final Appender<ILoggingEvent> a : direct) {
            a.doAppend(event);
        }
        final LogObject o = object;
        if (o == null) {
            return;
        }
        try {
            o.accessRecord(0, event.getTimeStamp() * 1_000_000L, NO_RECORD, 0, 0, event);
        } catch (final RuntimeException | StackOverflowError e) {
            o.captureFailed("Spool async appender \"" + getName() + "\": taking an event failed", e);
        }
    }

    /**
     * The engine's log object behind this appender (null when only Spool appenders are behind
     * it); for tests and tools.
     */
    public LogObject logObject() {
        return object;
    }

    @Override
    public void addAppender(final Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(final String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(final Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(final Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(final String name) {
        return appenders.detachAppender(name);
    }
}
