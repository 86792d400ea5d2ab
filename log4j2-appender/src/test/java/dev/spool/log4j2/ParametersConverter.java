package dev.spool.log4j2;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * An application's own pattern converter, {@code %parameters}: the number of the message's
 * parameters and the first one. It reads what the formatted message does not hold.
 */
@Plugin(name = "Parameters", category = PatternConverter.CATEGORY)
@ConverterKeys({"parameters"})
public final class ParametersConverter extends LogEventPatternConverter {
    private ParametersConverter() {
        super("Parameters", "parameters");
    }

    public static ParametersConverter newInstance(final String[] options) {
        return new ParametersConverter();
    }

    @Override
    public void format(final LogEvent event, final StringBuilder toAppendTo) {
        final Object[] parameters = event.getMessage().getParameters();
        toAppendTo.append("parameters=").append(parameters == null ? 0 : parameters.length);
        if (parameters != null && parameters.length > 0) {
            toAppendTo.append(':').append(parameters[0]);
        }
    }
}
