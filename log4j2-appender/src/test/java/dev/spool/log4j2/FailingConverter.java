package dev.spool.log4j2;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/** A test pattern converter, {@code %failIfBoom}, that throws for messages containing "boom". */
@Plugin(name = "FailIfBoom", category = PatternConverter.CATEGORY)
@ConverterKeys({"failIfBoom"})
public final class FailingConverter extends LogEventPatternConverter {
    private FailingConverter() {
        super("FailIfBoom", "failIfBoom");
    }

    public static FailingConverter newInstance(final String[] options) {
        return new FailingConverter();
    }

    @Override
    public void format(final LogEvent event, final StringBuilder toAppendTo) {
        if (event.getMessage().getFormattedMessage().contains("boom")) {
            throw new IllegalStateException("converter broke");
        }
        toAppendTo.append("ok");
    }
}
