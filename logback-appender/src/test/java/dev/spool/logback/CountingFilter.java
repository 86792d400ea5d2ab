package dev.spool.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test filter that lets every event through and remembers its formatted message: what Logback
 * handed to the appender. Shared by every instance, so it counts across reconfigurations.
 */
public class CountingFilter extends Filter<ILoggingEvent> {
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Override
    public FilterReply decide(final ILoggingEvent event) {
        SEEN.add(event.getThreadName() + " " + event.getFormattedMessage());
        return FilterReply.NEUTRAL;
    }
}
