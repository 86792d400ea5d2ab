package dev.spool.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * An application's own converter (as Spring Boot's are): it reads what a record does not carry,
 * the event's argument array, so it runs on the event itself.
 */
public class ArgumentsConverter extends ClassicConverter {
    @Override
    public String convert(final ILoggingEvent event) {
        final Object[] args = event.getArgumentArray();
        return args == null ? "args=0" : "args=" + args.length + ":" + (args.length > 0 ? args[0] : "");
    }
}
