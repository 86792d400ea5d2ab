package dev.spool.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A test appender that waits at a gate before it takes each event, as a stalled socket or a full
 * disk makes an appender wait, and keeps the messages it took.
 */
public final class GateAppender extends AppenderBase<ILoggingEvent> {
    /** Closed until a test opens it; {@link #reset} closes it again. */
    static volatile CountDownLatch gate = new CountDownLatch(1);
    static final List<String> TAKEN = new CopyOnWriteArrayList<>();

    static void reset() {
        gate = new CountDownLatch(1);
        TAKEN.clear();
    }

    @Override
    protected void append(final ILoggingEvent event) {
        try {
            gate.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TAKEN.add(event.getFormattedMessage());
    }
}
