package dev.spool.log4j2;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rolling.AbstractTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.RollingFileManager;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TriggeringPolicy;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

/**
 * A test triggering policy of an application's own that chooses a stock policy and hands every
 * call to it, as Spring Boot's {@code SpringBootTriggeringPolicy} does: {@code <DelegatingPolicy
 * maxFileSize="1 KB"/>}.
 */
@Plugin(name = "DelegatingPolicy", category = Node.CATEGORY, elementType = "TriggeringPolicy", printObject = true)
public final class DelegatingPolicy extends AbstractTriggeringPolicy {
    private final TriggeringPolicy chosen;

    private DelegatingPolicy(final TriggeringPolicy chosen) {
        this.chosen = chosen;
    }

    @PluginFactory
    public static DelegatingPolicy createPolicy(@PluginAttribute("maxFileSize") final String maxFileSize) {
        return new DelegatingPolicy(SizeBasedTriggeringPolicy.createPolicy(maxFileSize));
    }

    @Override
    public void initialize(final RollingFileManager manager) {
        chosen.initialize(manager);
    }

    @Override
    public boolean isTriggeringEvent(final LogEvent event) {
        return chosen.isTriggeringEvent(event);
    }
}
