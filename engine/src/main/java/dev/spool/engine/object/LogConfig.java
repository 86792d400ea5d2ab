package dev.spool.engine.object;

import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.LogFileFactory;
import dev.spool.engine.file.SpaceBudget;
import dev.spool.engine.format.FieldRegistry;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.format.LogFormat;
import dev.spool.engine.format.LogFormatException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an engine needs, validated as a whole when built: a bad value fails here with a
 * {@link LogConfigException} naming the object and attribute, never later on a logging thread.
 */
public final class LogConfig {
    private final String engineName;
    private final int preprocThreads;
    private final boolean shutdownHook;
    private final boolean jmx;
    private final Duration stopTimeout;
    private final FieldRegistry fields;
    private final ErrorListener errorListener;
    private final List<LogObjectConfig> objects;
    private final LogFileFactory files;
    private final List<SpaceBudget> spaceBudgets;

    private LogConfig(final Builder b) {
        this.engineName = b.engineName;
        this.preprocThreads = b.preprocThreads;
        this.shutdownHook = b.shutdownHook;
        this.jmx = b.jmx;
        this.stopTimeout = b.stopTimeout;
        this.fields = b.fields;
        this.errorListener = b.errorListener;
        this.objects = Collections.unmodifiableList(new ArrayList<>(b.objects));
        this.files = b.files;
        this.spaceBudgets = List.copyOf(b.spaceBudgets);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String engineName() {
        return engineName;
    }

    public int preprocThreads() {
        return preprocThreads;
    }

    public boolean shutdownHook() {
        return shutdownHook;
    }

    public boolean jmx() {
        return jmx;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }

    public FieldRegistry fields() {
        return fields;
    }

    public ErrorListener errorListener() {
        return errorListener;
    }

    public List<LogObjectConfig> objects() {
        return objects;
    }

    public LogFileFactory files() {
        return files;
    }

    public List<SpaceBudget> spaceBudgets() {
        return spaceBudgets;
    }


    /**
     * Checks one log object's settings against a field registry: attributes, format, filters.
     *
     * @throws LogConfigException naming the object and the attribute at fault
     */
    public static void check(final LogObjectConfig o, final FieldRegistry fields) {
        o.validate();
        final LogFormat format;
        try {
            format = LogFormat.compile(o.format(), fields);
        } catch (final LogFormatException e) {
            throw new LogConfigException("log object \"" + o.name() + "\": format: " + e.getMessage(), e);
        }
        for (final LogFilter f : o.filters()) {
            try {
                f.bind(fields);
            } catch (final IllegalArgumentException e) {
                throw new LogConfigException("log object \"" + o.name() + "\": filter \"" + f + "\": "
                    + e.getMessage(), e);
            }
            if (f.action() == LogFilter.Action.WIPE && format.slotOf(f.fieldName(), f.key(), fields) < 0) {
                throw new LogConfigException("log object \"" + o.name() + "\": filter \"" + f
                    + "\": the format does not store field \"" + f.fieldName() + "\"");
            }
        }
    }

    /** Builder of a {@link LogConfig}. */
    public static final class Builder {
        private String engineName = "spool";
        private int preprocThreads = 1;
        private boolean shutdownHook = true;
        private boolean jmx = true;
        private Duration stopTimeout = Duration.ofSeconds(30);
        private FieldRegistry fields = FieldRegistry.standard();
        private ErrorListener errorListener = ErrorListener.STDERR;
        private final List<LogObjectConfig> objects = new ArrayList<>();
        private LogFileFactory files = LogFileFactory.DEFAULT;
        private final List<SpaceBudget> spaceBudgets = new ArrayList<>();

        private Builder() {
        }

        /** Name used for threads and JMX object names. */
        public Builder engineName(final String name) {
            this.engineName = name;
            return this;
        }

        public Builder preprocThreads(final int n) {
            this.preprocThreads = n;
            return this;
        }

        /** Whether the engine stops (and flushes) itself on JVM shutdown; on by default. */
        public Builder shutdownHook(final boolean on) {
            this.shutdownHook = on;
            return this;
        }

        /** Whether stats are published as MXBeans; on by default. */
        public Builder jmx(final boolean on) {
            this.jmx = on;
            return this;
        }

        /** Longest {@code stop()} waits for buffers to be written; what it gives up on is reported. */
        public Builder stopTimeout(final Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        public Builder fields(final FieldRegistry registry) {
            this.fields = Objects.requireNonNull(registry, "fields");
            return this;
        }

        public Builder errorListener(final ErrorListener listener) {
            this.errorListener = Objects.requireNonNull(listener, "errorListener");
            return this;
        }

        /** Makes each log object's file; the default makes plain files and named pipes. */
        public Builder files(final LogFileFactory factory) {
            this.files = Objects.requireNonNull(factory, "files");
            return this;
        }

        /**
         * A space budget for a log directory (ATS max_space_mb_for_logs and headroom).
         *
         * @throws LogConfigException for negative sizes or neither limit given
         */
        public Builder spaceBudget(final Path directory, final long maxBytes, final long headroomBytes) {
            try {
                spaceBudgets.add(new SpaceBudget(directory, maxBytes, headroomBytes));
            } catch (final IllegalArgumentException e) {
                throw new LogConfigException(e.getMessage(), e);
            }
            return this;
        }

        public Builder object(final LogObjectConfig object) {
            this.objects.add(Objects.requireNonNull(object, "object"));
            return this;
        }

        /**
         * Checks everything.
         *
         * @throws LogConfigException naming the log object and the attribute at fault
         */
        public LogConfig build() {
            if (engineName == null || !engineName.matches("[A-Za-z0-9_.-]+")) {
                throw new LogConfigException("engineName \"" + engineName + "\" is invalid: use letters, digits, '_', '.' and '-'");
            }
            if (preprocThreads < 1 || preprocThreads > 64) {
                throw new LogConfigException("preprocThreads=" + preprocThreads + " is out of range: must be between 1 and 64");
            }
            if (stopTimeout == null || stopTimeout.isNegative() || stopTimeout.isZero()) {
                throw new LogConfigException("stopTimeout=" + stopTimeout + " must be positive");
            }
            final Set<String> names = new HashSet<>();
            final Set<Path> files = new HashSet<>();
            for (final LogObjectConfig o : objects) {
                check(o, fields);
                if (!names.add(o.name())) {
                    throw new LogConfigException("log object \"" + o.name() + "\" is configured twice");
                }
                if (!files.add(o.file().toAbsolutePath().normalize())) {
                    throw new LogConfigException("log object \"" + o.name() + "\": file " + o.file()
                        + " is already written by another log object");
                }
            }
            return new LogConfig(this);
        }
    }
}
