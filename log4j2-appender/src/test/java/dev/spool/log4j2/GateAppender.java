package dev.spool.log4j2;

import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A test appender that waits at a gate before it takes each event, as a stalled socket or a full
 * disk makes an appender wait, and keeps the messages it took: {@code <Gate name="gate"/>}.
 */
@Plugin(name = "Gate", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE)
public final class GateAppender extends AbstractAppender {
    /** Closed until a test opens it; {@link #reset} closes it again. */
    static volatile CountDownLatch gate = new CountDownLatch(1);
    static final List<String> TAKEN = new CopyOnWriteArrayList<>();

    private GateAppender(final String name) {
        super(name, null, null, true, Property.EMPTY_ARRAY);
    }

    @PluginFactory
    public static GateAppender create(@PluginAttribute("name") final String name) {
        return new GateAppender(name);
    }

    static void reset() {
        gate = new CountDownLatch(1);
        TAKEN.clear();
    }

    @Override
    public void append(final LogEvent event) {
        try {
            gate.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TAKEN.add(event.getMessage().getFormattedMessage());
    }
}
