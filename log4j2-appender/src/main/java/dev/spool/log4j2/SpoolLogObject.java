package dev.spool.log4j2;

import dev.spool.engine.adapter.AdapterSettings;
import dev.spool.engine.adapter.LogObjectElement;
import dev.spool.engine.object.LogObjectConfig;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.status.StatusLogger;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A {@code <LogObject>} inside a {@code Spool} appender: one more file that receives the same
 * events, in its own engine format, for example a binary log beside the text one:
 * <pre>{@code
 * <Spool name="app" fileName="logs/app.log">
 *   <PatternLayout pattern="%d %p %c - %m%n"/>
 *   <LogObject name="app-binary" fileName="logs/app.blog" mode="binary"
 *              format="%[time] %[level] [%[thread]] %[logger] %[mdc] - %[msg] %[throwable]"/>
 * </Spool>
 * }</pre>
 * Attributes: {@code name}, {@code fileName} (required), {@code mode} ({@code text} or
 * {@code binary}), {@code format} (engine syntax, with {@code %[field]} for {@code %<field>}, since
 * XML attributes cannot hold {@code <}), {@code spoolBufferSize},
 * {@code spoolBufferCount}, {@code maxDelay}, {@code whenFull}.
 */
@Plugin(name = "LogObject", category = Core.CATEGORY_NAME, printObject = true)
public final class SpoolLogObject implements LogObjectElement {
    private final LogObjectConfig config;

    private SpoolLogObject(final LogObjectConfig config) {
        this.config = config;
    }

    @Override
    public String getName() {
        return config.name();
    }

    /** Built (and its settings checked) when Log4j2 made the element. */
    @Override
    public LogObjectConfig config(final Consumer<String> error) {
        return config;
    }

    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Builder of a {@code LogObject} element; each attribute has a public setter. */
    public static final class Builder implements org.apache.logging.log4j.core.util.Builder<SpoolLogObject> {
        @PluginBuilderAttribute
        private String name;
        @PluginBuilderAttribute
        private String fileName;
        @PluginBuilderAttribute
        private String mode;
        @PluginBuilderAttribute
        private String format;
        @PluginBuilderAttribute
        private String spoolBufferSize;
        @PluginBuilderAttribute
        private String spoolBufferCount;
        @PluginBuilderAttribute
        private String maxDelay;
        @PluginBuilderAttribute
        private String waitWarning;
        @PluginBuilderAttribute
        private String whenFull;

        public Builder setName(final String name) {
            this.name = name;
            return this;
        }

        public Builder setFileName(final String fileName) {
            this.fileName = fileName;
            return this;
        }

        public Builder setMode(final String mode) {
            this.mode = mode;
            return this;
        }

        public Builder setFormat(final String format) {
            this.format = format;
            return this;
        }

        public Builder setSpoolBufferSize(final String spoolBufferSize) {
            this.spoolBufferSize = spoolBufferSize;
            return this;
        }

        public Builder setSpoolBufferCount(final String spoolBufferCount) {
            this.spoolBufferCount = spoolBufferCount;
            return this;
        }

        public Builder setMaxDelay(final String maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        public Builder setWaitWarning(final String waitWarning) {
            this.waitWarning = waitWarning;
            return this;
        }

        public Builder setWhenFull(final String whenFull) {
            this.whenFull = whenFull;
            return this;
        }

        @Override
        public SpoolLogObject build() {
            try {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("name is missing");
                }
                if (fileName == null || fileName.isBlank()) {
                    throw new IllegalArgumentException("fileName is missing");
                }
                final LogObjectConfig.Builder b = AdapterSettings.apply(
                    LogObjectConfig.builder(name).file(Path.of(fileName)),
                    mode, whenFull, maxDelay, spoolBufferSize, spoolBufferCount, waitWarning,
                    message -> StatusLogger.getLogger().error("Spool LogObject \"{}\": {}", name, message));
                if (format != null) {
                    b.format(format);
                }
                return new SpoolLogObject(b.build());
            } catch (final IllegalArgumentException e) {
                StatusLogger.getLogger().error("Spool LogObject \"{}\": {}; it is left out", name, e.getMessage());
                return null;
            }
        }
    }
}
