package dev.spool.engine.object;

import dev.spool.engine.file.ConsoleLogFile;
import dev.spool.engine.file.FileAttributes;
import dev.spool.engine.file.FileDescription;
import dev.spool.engine.file.LogFileFactory;
import dev.spool.engine.file.rolling.Compression;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.format.RecordRenderer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one log object. Built with {@link #builder}; checked as a whole by
 * {@link LogConfig.Builder#build}, which names the object and the attribute at fault.
 *
 * <p>Over 400 lines because it is one setting per field: a getter, a builder method and the
 * setting's documentation for each.
 */
public final class LogObjectConfig {
    /** Engine format used when none is given. */
    public static final String DEFAULT_FORMAT = "%<time> %<level> [%<thread>] %<logger> - %<msg>";
    /**
     * The format of an adapter's appender in binary mode: every field of the event, so that
     * spool-cat can show any of them later ({@code --format}).
     */
    public static final String EVENT_FORMAT = "%<time> %<level> [%<thread>] %<logger> %<marker> %<mdc> - %<msg>"
        + " %<throwable>";
    public static final int DEFAULT_BUFFER_SIZE = 256 * 1024;
    public static final int DEFAULT_BUFFER_COUNT = 8;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);
    public static final int MIN_BUFFER_SIZE = 1024;
    public static final int MAX_BUFFER_SIZE = 1 << 30;
    public static final int MAX_BUFFER_COUNT = 1 << 16;
    /** The most bytes of buffers one log object may have: {@code bufferSize x bufferCount}. */
    public static final long MAX_BUFFER_BYTES = 1L << 34;
    public static final Duration MIN_MAX_DELAY = Duration.ofMillis(1);
    public static final Duration MAX_MAX_DELAY = Duration.ofHours(1);
    /** A caller that waited longer than this for a free buffer (whenFull=block) is said, once. */
    public static final Duration DEFAULT_WAIT_WARNING = Duration.ofSeconds(1);

    private final String name;
    private final Path file;
    private final LogMode mode;
    private final String format;
    private final List<LogFilter> filters;
    private final int bufferSize;
    private final int bufferCount;
    private final WhenFull whenFull;
    private final Duration maxDelay;
    private final Duration waitWarning;
    private final boolean immediateFlush;
    private final boolean createFileAtStart;
    private final FileAttributes fileAttributes;
    private final boolean lockEachWrite;
    private final boolean fsync;
    private final RollingConfig rolling;
    private final RecordRenderer renderer;
    private final long ringSize;
    private final LogFileFactory files;

    private LogObjectConfig(final Builder b) {
        this.name = b.name;
        this.file = b.file;
        this.mode = b.mode;
        this.format = b.format;
        this.filters = Collections.unmodifiableList(new ArrayList<>(b.filters));
        this.bufferSize = b.bufferSize;
        this.bufferCount = b.bufferCount;
        this.whenFull = b.whenFull;
        this.maxDelay = b.maxDelay;
        this.waitWarning = b.waitWarning;
        this.immediateFlush = b.immediateFlush;
        this.createFileAtStart = b.createFileAtStart;
        this.fileAttributes = b.fileAttributes;
        this.lockEachWrite = b.lockEachWrite;
        this.fsync = b.fsync;
        this.rolling = b.rolling;
        this.renderer = b.renderer;
        this.ringSize = b.ringSize;
        this.files = b.files;
    }

    /** A copy with the adapter's {@code renderer} (see {@link Builder#renderer}). */
    public LogObjectConfig withRenderer(final RecordRenderer renderer) {
        return copy(name).renderer(renderer).build();
    }

    /** A copy under another name (two appenders of one name writing two files, as sifted ones may). */
    public LogObjectConfig withName(final String other) {
        return copy(other).build();
    }

    /** A copy with another format. */
    public LogObjectConfig withFormat(final String other) {
        return copy(name).format(other).build();
    }

    /** A builder with every setting of this one, under {@code newName}. */
    private Builder copy(final String newName) {
        final Builder b = new Builder(newName).file(file).mode(mode).format(format).bufferSize(bufferSize)
            .bufferCount(bufferCount).whenFull(whenFull).maxDelay(maxDelay).waitWarning(waitWarning).fsync(fsync)
            .immediateFlush(immediateFlush).createFileAtStart(createFileAtStart).fileAttributes(fileAttributes)
            .lockEachWrite(lockEachWrite).rolling(rolling).ringSize(ringSize).renderer(renderer).files(files);
        b.filters.addAll(filters);
        return b;
    }

    public static Builder builder(final String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    public LogMode mode() {
        return mode;
    }

    public String format() {
        return format;
    }

    public List<LogFilter> filters() {
        return filters;
    }

    public int bufferSize() {
        return bufferSize;
    }

    public int bufferCount() {
        return bufferCount;
    }

    public WhenFull whenFull() {
        return whenFull;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    /** Whether each write holds a lock on the file, for files several processes append to. */
    public boolean lockEachWrite() {
        return lockEachWrite;
    }

    /** The permissions, owner and group of the files the object creates. */
    public FileAttributes fileAttributes() {
        return fileAttributes;
    }

    /** Whether the file is opened (created) when the object starts, not with its first write. */
    public boolean createFileAtStart() {
        return createFileAtStart;
    }

    /** Whether each event is written to the operating system promptly (see {@link Builder#immediateFlush}). */
    public boolean immediateFlush() {
        return immediateFlush;
    }

    /** A caller that waits longer than this for a free buffer is said once (see {@link Builder#waitWarning}). */
    public Duration waitWarning() {
        return waitWarning;
    }

    /**
     * The settings of this (open) object's configuration that {@code wanted} changes, as a list for
     * a message ("mode, rolling settings"), or empty: what an adapter cannot apply when a new
     * appender takes an open file over. The format and renderer are not compared.
     */
    public String settingsChangedBy(final LogObjectConfig wanted) {
        final java.util.List<String> changed = new java.util.ArrayList<>();
        if (mode != wanted.mode) {
            changed.add("mode");
        }
        if (bufferSize != wanted.bufferSize || bufferCount != wanted.bufferCount) {
            changed.add("buffer size and count");
        }
        if (whenFull != wanted.whenFull) {
            changed.add("whenFull");
        }
        if (!maxDelay.equals(wanted.maxDelay)) {
            changed.add("maxDelay");
        }
        if (!waitWarning.equals(wanted.waitWarning)) {
            changed.add("waitWarning");
        }
        if (immediateFlush != wanted.immediateFlush) {
            changed.add("immediateFlush");
        }
        if (fsync != wanted.fsync) {
            changed.add("fsync");
        }
        if (lockEachWrite != wanted.lockEachWrite) {
            changed.add("lockEachWrite");
        }
        if (!fileAttributes.equals(wanted.fileAttributes)) {
            changed.add("file permissions, owner and group");
        }
        if (!String.valueOf(rolling).equals(String.valueOf(wanted.rolling))) {
            changed.add("rolling settings");
        }
        return String.join(", ", changed);
    }

    /** The adapter's renderer for its own records, or {@code null} (records use the format). */
    public RecordRenderer renderer() {
        return renderer;
    }

    /** When the file rolls and how many rolled files are kept; no rolling by default. */
    public RollingConfig rolling() {
        return rolling;
    }

    /** Whether every write is forced to the device (for audit logs); off by default. */
    public boolean fsync() {
        return fsync;
    }

    /** What the engine's file factory gets to make this object's file. */
    public FileDescription fileDescription() {
        return new FileDescription(file, mode == LogMode.PIPE, mode == LogMode.CONSOLE, ringSize, fsync, rolling, fileAttributes, lockEachWrite);
    }

    /** The factory of this object's file when it has one of its own ({@link Builder#files}), else null: the engine's. */
    public LogFileFactory files() {
        return files;
    }

    /**
     * With a positive cap: the log is a two-file ring ({@code <file>.log1.txt} and
     * {@code <file>.log2.txt}) holding at most this many bytes together; 0 (the default): a plain
     * or rolling file.
     */
    public long ringSize() {
        return ringSize;
    }

    /** Checks every attribute; the message names the object and the attribute. */
    void validate() {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new LogConfigException("log object name \"" + name
                + "\" is invalid: use letters, digits, '_', '.' and '-'");
        }
        if (file == null) {
            throw new LogConfigException(where("file") + " is missing");
        }
        if (bufferSize < MIN_BUFFER_SIZE || bufferSize > MAX_BUFFER_SIZE) {
            throw new LogConfigException(where("bufferSize") + "=" + bufferSize + " is out of range: must be between "
                + MIN_BUFFER_SIZE + " and " + MAX_BUFFER_SIZE + " bytes");
        }
        if (bufferCount < 2 || bufferCount > MAX_BUFFER_COUNT) {
            throw new LogConfigException(where("bufferCount") + "=" + bufferCount
                + " is out of range: must be between 2 and " + MAX_BUFFER_COUNT);
        }
        if ((long) bufferSize * bufferCount > MAX_BUFFER_BYTES) {
            throw new LogConfigException(where("bufferSize") + " x bufferCount = " + ((long) bufferSize * bufferCount)
                + " bytes is more than 16 GiB of buffers");
        }
        if (maxDelay == null || maxDelay.compareTo(MIN_MAX_DELAY) < 0 || maxDelay.compareTo(MAX_MAX_DELAY) > 0) {
            throw new LogConfigException(where("maxDelay") + "=" + maxDelay + " is out of range: must be between "
                + MIN_MAX_DELAY.toMillis() + " ms and " + MAX_MAX_DELAY.toHours() + " h");
        }
        if (waitWarning == null || waitWarning.isNegative() || waitWarning.isZero()) {
            throw new LogConfigException(where("waitWarning") + "=" + waitWarning + " must be more than zero");
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(whenFull, "whenFull");
        if (rolling == null) {
            throw new LogConfigException(where("rolling") + " is missing");
        }
        if (ringSize < 0) {
            throw new LogConfigException(where("ringSize") + "=" + ringSize + " cannot be negative");
        }
        if (ringSize > 0 && (rolling.mode() != RollMode.NONE || mode == LogMode.PIPE)) {
            throw new LogConfigException(where("ringSize") + ": a two-file ring neither rolls nor writes a pipe");
        }
        if (renderer != null && mode == LogMode.BINARY) {
            throw new LogConfigException(where("renderer") + ": a binary log stores records for spool-cat, which"
                + " renders them with the format; an adapter's renderer needs mode TEXT or PIPE");
        }
        if (lockEachWrite && (mode == LogMode.PIPE || ringSize > 0 || (rolling.mode() != RollMode.NONE
            && (!rolling.activeFromPattern() || rolling.mode() != RollMode.TIME
            || rolling.pattern().compression() != Compression.NONE)))) {
            throw new LogConfigException(where("lockEachWrite") + ": several processes can share a plain file, or one"
                + " named by a pattern that rolls by time only and is not compressed; not a pipe, a ring, a file that"
                + " is renamed when it rolls, or one that is compressed");
        }
        if (mode == LogMode.CONSOLE && (!file.equals(ConsoleLogFile.STDOUT) && !file.equals(ConsoleLogFile.STDERR)
            || rolling.mode() != RollMode.NONE || ringSize > 0 || lockEachWrite)) {
            throw new LogConfigException(where("file") + ": a console log object writes " + ConsoleLogFile.STDOUT + " or "
                + ConsoleLogFile.STDERR + " and neither rolls nor locks");
        }
        if (mode == LogMode.PIPE && rolling.mode() != RollMode.NONE) {
            throw new LogConfigException(where("rolling") + ": a named pipe cannot roll");
        }
    }

    private String where(final String attribute) {
        return "log object \"" + name + "\": " + attribute;
    }

    /** Builder of a {@link LogObjectConfig}; every setting has a default but the file. */
    public static final class Builder {
        private final String name;
        private Path file;
        private LogMode mode = LogMode.TEXT;
        private String format = DEFAULT_FORMAT;
        private final List<LogFilter> filters = new ArrayList<>();
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private int bufferCount = DEFAULT_BUFFER_COUNT;
        private WhenFull whenFull = WhenFull.BLOCK;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Duration waitWarning = DEFAULT_WAIT_WARNING;
        private boolean immediateFlush;
        private boolean createFileAtStart;
        private FileAttributes fileAttributes = FileAttributes.NONE;
        private boolean lockEachWrite;
        private boolean fsync;
        private RollingConfig rolling = RollingConfig.NONE;
        private RecordRenderer renderer;
        private long ringSize;
        private LogFileFactory files;

        private Builder(final String name) {
            this.name = name;
        }

        public Builder file(final Path file) {
            this.file = file;
            return this;
        }

        public Builder mode(final LogMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder format(final String format) {
            this.format = format;
            return this;
        }

        public Builder filter(final LogFilter filter) {
            this.filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Bytes per buffer, header included. */
        public Builder bufferSize(final int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        public Builder bufferCount(final int count) {
            this.bufferCount = count;
            return this;
        }

        public Builder whenFull(final WhenFull whenFull) {
            this.whenFull = whenFull;
            return this;
        }

        /** Longest time an event waits in a half-full buffer before it is written. */
        public Builder maxDelay(final Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        /**
         * Under whenFull=block, the first caller that waits longer than this for a free buffer
         * is said (once, naming the object): the file is not written as fast as events come.
         * Every wait is counted in the object's stats.
         */
        public Builder waitWarning(final Duration waitWarning) {
            this.waitWarning = waitWarning;
            return this;
        }

        /**
         * Writes each event to the operating system promptly instead of up to {@code maxDelay}
         * later: the first event in a buffer wakes the preproc thread, which seals the buffer
         * {@link CurrentBuffer#IMMEDIATE_SEAL_NANOS} after it was opened (events that come
         * meanwhile share the write), and the flush thread is woken to write it. While the engine
         * is not saturated an event reaches the OS within about a millisecond, so a process that
         * is killed loses only that much. Off by default in the engine; on by default in the
         * adapters, as in the stock file appenders.
         */
        public Builder immediateFlush(final boolean on) {
            this.immediateFlush = on;
            return this;
        }

        /**
         * Opens (creates) the file when the object starts, on the starting thread, as the stock
         * file appenders do, rather than with the first write (the engine's default, Log4j2's
         * {@code createOnDemand}). A file that cannot be opened is then reported at once, and
         * Log4j2's {@code OnStartupTriggeringPolicy} rolls at start. Named pipes always open with
         * their first write.
         */
        public Builder createFileAtStart(final boolean atStart) {
            this.createFileAtStart = atStart;
            return this;
        }

        /**
         * Holds an exclusive lock on the file for each write, so that several processes can append
         * to one file without their writes interleaving (Logback's {@code prudent}). Every writer
         * must lock: the lock is advisory. A file that rolls must be named by its pattern
         * ({@code activeFromPattern}), roll by time only and not be compressed, since other
         * processes may still write a file this one has rolled past.
         */
        public Builder lockEachWrite(final boolean lock) {
            this.lockEachWrite = lock;
            return this;
        }

        /** The permissions, owner and group each file gets when the object creates it (rolled files keep them). */
        public Builder fileAttributes(final FileAttributes attributes) {
            this.fileAttributes = attributes == null ? FileAttributes.NONE : attributes;
            return this;
        }

        /**
         * For adapters: renders the records they write with {@link LogObject#accessRecord} (on
         * the preproc thread) instead of the format.
         */
        public Builder renderer(final RecordRenderer renderer) {
            this.renderer = renderer;
            return this;
        }

        /** When the file rolls, how rolled files are named and how many are kept. */
        public Builder rolling(final RollingConfig rolling) {
            this.rolling = rolling;
            return this;
        }

        /**
         * Rolling from a builder; an invalid combination fails here, naming the log object.
         *
         * @throws LogConfigException naming the object and the setting
         */
        public Builder rolling(final RollingConfig.Builder rolling) {
            try {
                this.rolling = rolling.build();
            } catch (final IllegalArgumentException e) {
                throw new LogConfigException("log object \"" + name + "\": rolling: " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Makes the log a two-file ring of at most {@code capBytes} together
         * ({@code <file>.log1.txt}, {@code <file>.log2.txt}), for logs that run forever.
         */
        public Builder ringSize(final long capBytes) {
            this.ringSize = capBytes;
            return this;
        }

        /** Force every write to the device before its buffer is reused (audit logs); costs throughput. */
        public Builder fsync(final boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /**
         * Makes this object's file with {@code factory} instead of the engine's
         * ({@link LogConfig.Builder#files}): a sink of its own kind, such as spool-kafka's spool of
         * segments for its shipper. Null: the engine's.
         */
        public Builder files(final LogFileFactory factory) {
            this.files = factory;
            return this;
        }

        public LogObjectConfig build() {
            return new LogObjectConfig(this);
        }
    }
}
