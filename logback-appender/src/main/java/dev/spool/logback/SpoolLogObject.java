package dev.spool.logback;

import dev.spool.engine.adapter.AdapterSettings;
import dev.spool.engine.adapter.LogObjectElement;
import dev.spool.engine.object.LogObjectConfig;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A {@code <logObject>} inside a {@code SpoolAppender}: one more file that receives the same
 * events, in its own engine format, for example a binary log beside the text one:
 * <pre>{@code
 * <appender name="FILE" class="dev.spool.logback.SpoolAppender">
 *   <file>logs/app.log</file>
 *   <encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>
 *   <logObject>
 *     <name>app-binary</name>
 *     <file>logs/app.blog</file>
 *     <mode>binary</mode>
 *     <format>%[time] %[level] [%[thread]] %[logger] %[mdc] - %[msg] %[throwable]</format>
 *   </logObject>
 * </appender>
 * }</pre>
 * Properties: {@code name}, {@code file} (required), {@code mode} ({@code text} or
 * {@code binary}), {@code format} (engine syntax, with {@code %[field]} for {@code %<field>},
 * since XML text cannot hold a bare {@code <}), {@code spoolBufferSize}, {@code spoolBufferCount}, {@code maxDelay},
 * {@code whenFull}. Joran sets them through the setters.
 */
public class SpoolLogObject implements LogObjectElement {
    private String name;
    private String file;
    private String mode;
    private String format;
    private String spoolBufferSize;
    private String spoolBufferCount;
    private String maxDelay;
    private String waitWarning;
    private String whenFull;

    public void setName(final String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    public void setFile(final String file) {
        this.file = file;
    }

    public void setMode(final String mode) {
        this.mode = mode;
    }

    public void setFormat(final String format) {
        this.format = format;
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

    /** Under whenFull=block, the first caller that waits longer than this for a buffer is said ({@code 1s}). */
    public void setWaitWarning(final String waitWarning) {
        this.waitWarning = waitWarning;
    }

    public void setWhenFull(final String whenFull) {
        this.whenFull = whenFull;
    }

    /**
     * The engine's configuration for it.
     *
     * @param error told of a Spool setting that is bad; its default is used
     * @throws IllegalArgumentException naming the property at fault
     */
    @Override
    public LogObjectConfig config(final Consumer<String> error) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is missing");
        }
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("file is missing");
        }
        final LogObjectConfig.Builder b = AdapterSettings.apply(LogObjectConfig.builder(name).file(Path.of(file.trim())),
            mode, whenFull, maxDelay, spoolBufferSize, spoolBufferCount, waitWarning,
            error);
        if (format != null) {
            b.format(format.trim());
        }
        return b.build();
    }
}
