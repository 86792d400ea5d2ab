package dev.spool.engine.adapter;

import dev.spool.engine.object.LogObjectConfig;

import java.util.function.Consumer;

/**
 * A log object configured inside an adapter's appender, beside the appender's own, which gets the
 * same events: the adapters' {@code LogObject} element, or one another module brings (spool-kafka's
 * {@code KafkaLogObject}), which the framework's configuration finds as any nested component. The
 * adapter adds what {@link #config} gives to its engine and removes it when the appender stops.
 */
public interface LogObjectElement {
    /** The element's name, for messages. */
    String getName();

    /**
     * The log object's configuration.
     *
     * @param error told of a setting that is bad but has a default, which is used
     * @throws IllegalArgumentException naming the setting at fault: the object is left out
     */
    LogObjectConfig config(Consumer<String> error);
}
