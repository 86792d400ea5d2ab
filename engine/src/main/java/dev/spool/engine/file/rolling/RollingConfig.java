package dev.spool.engine.file.rolling;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * When and how a log file is rolled, and how many rolled files are kept.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><td>{@code mode}</td><td>{@link RollMode}; NONE by default</td></tr>
 *   <tr><td>{@code interval}</td><td>time between rolls; by default one unit of the
 *       pattern's {@code %d} (a day for {@code yyyy-MM-dd}), or a day without one</td></tr>
 *   <tr><td>{@code offsetHour}</td><td>without a {@code %d}: intervals are aligned to local midnight
 *       plus this many hours (ATS {@code rolling_offset_hr})</td></tr>
 *   <tr><td>{@code maxSize}</td><td>bytes at which a size mode rolls</td></tr>
 *   <tr><td>{@code fileNamePattern}</td><td>Log4j2/Logback pattern of rolled names; without one,
 *       ATS names {@code <file>.<start>-<end>.old}. Its ending may ask for compression:
 *       {@code .gz}, {@code .zip}, {@code .deflate} (the JDK's), {@code .bz2}
 *       ({@code org.apache.commons:commons-compress}), {@code .xz} ({@code org.tukaani:xz}) or
 *       {@code .zst} ({@code com.github.luben:zstd-jni}), each library an optional dependency to add
 *       ({@link Compression})</td></tr>
 *   <tr><td>{@code compressionLevel}</td><td>the level the pattern's compression writes at, in the
 *       format's range: 0-9 for gzip, zip and deflate, 1-9 (block size in 100 kB) for bzip2, 0-9
 *       (preset) for xz, 1-22 for zstd; -1, the default, leaves it to the format</td></tr>
 *   <tr><td>{@code shifting}</td><td>{@code %i} as a fixed window: the newest roll is
 *       {@code minIndex}, older ones move up, beyond {@code maxIndex} they are deleted (Logback
 *       FixedWindowRollingPolicy, Log4j2 {@code fileIndex="min"}); otherwise each roll takes the next
 *       free index of its period, and past {@code maxIndex} the lowest is deleted and the rest move
 *       down (Log4j2's default)</td></tr>
 *   <tr><td>{@code maxCount}</td><td>rolled files kept (0: no limit)</td></tr>
 *   <tr><td>{@code minCount}</td><td>rolled files never deleted for space (ATS
 *       {@code rolling_min_count})</td></tr>
 *   <tr><td>{@code maxAge}</td><td>rolled files older than this are deleted (Logback
 *       {@code maxHistory} periods)</td></tr>
 *   <tr><td>{@code totalSizeCap}</td><td>oldest rolled files are deleted while all of them together
 *       are larger (0: no limit)</td></tr>
 *   <tr><td>{@code pruneAtStart}</td><td>whether {@code maxCount}, {@code maxAge} and
 *       {@code totalSizeCap} are applied at start too (the default, ATS's way), or only at rolls
 *       (Logback without {@code cleanHistoryOnStart}, Log4j2)</td></tr>
 *   <tr><td>{@code rollEmpty}</td><td>whether an empty file is rolled at a time boundary</td></tr>
 *   <tr><td>{@code activeFromPattern}</td><td>the file being written is named by the pattern too
 *       (its name for the current period and index, without the compression suffix), as Logback's
 *       time-based policies name it when the appender has no {@code <file>}; a roll closes it,
 *       compresses it if the pattern says so, and opens the next name. The log object's own file
 *       is then only its identity.</td></tr>
 *   <tr><td>{@code schedule}</td><td>a {@link RollSchedule} that says where periods begin (a cron
 *       expression), instead of the pattern's {@code %d} unit</td></tr>
 *   <tr><td>{@code modulate}</td><td>with {@code intervalUnits} over 1: periods start at multiples of
 *       the interval (the default; Log4j2 {@code modulate="true"}), or at the unit in which the
 *       period before ended (Log4j2's default, {@code modulate="false"})</td></tr>
 *   <tr><td>{@code nameByLastUnit}</td><td>a period of several units of the pattern's {@code %d}
 *       names its file by its last unit (Log4j2: {@code interval="3"} in minutes names the file of
 *       12:00 to 12:03 {@code 12-02}), not by its first (the default)</td></tr>
 *   <tr><td>{@code maxRandomDelay}</td><td>each time roll waits a random time up to this long past
 *       the boundary, so that many machines do not roll (and compress) at once; events in that
 *       time still go to the period's file (Log4j2 {@code maxRandomDelay})</td></tr>
 *   <tr><td>{@code rollAtStart}</td><td>a file left by an earlier run that holds at least
 *       {@code minSize} bytes and was last written before a given time (the JVM's start) is rolled
 *       when it is opened, before anything is written (Log4j2 {@code OnStartupTriggeringPolicy})</td></tr>
 *   <tr><td>{@code continueExistingFile}</td><td>a file left by an earlier run belongs to the
 *       period of its first new event, not to the one it was last written in, so it is not rolled
 *       at start for being old (Log4j2 {@code CronTriggeringPolicy evaluateOnStartup="false"})</td></tr>
 *   <tr><td>{@code header}, {@code footer}</td><td>bytes each file starts with (when opened
 *       empty) and ends with (at a roll, and when the log object is removed): a layout's header
 *       and footer, such as a CSV header line or the brackets of a JSON array; asked for each
 *       time, on the flush thread; with {@code headerAlways} the file found at start gets the
 *       header even when it is not empty</td></tr>
 *   <tr><td>{@code afterRoll}</td><td>run on the housekeeper's thread after each rolled file has
 *       been placed, compressed and the old ones pruned (an adapter's own actions, such as Log4j2's
 *       {@code Delete}); a failure is reported and rolling goes on</td></tr>
 *   <tr><td>{@code rollWhenOverSize}</td><td>size modes roll before an event when the file is
 *       over {@code maxSize} (Log4j2's rule) instead of when it has reached it (Logback's and ATS's,
 *       the default)</td></tr>
 * </table>
 *
 * <p>Over 400 lines because the table above and one checked builder method per setting document
 * every rolling option in one place.
 */
public final class RollingConfig {
    /** No rolling. */
    public static final RollingConfig NONE = builder().build();

    private final RollMode mode;
    private final Duration interval;
    private final int intervalUnits;
    private final int offsetHour;
    private final long maxSize;
    private final String fileNamePattern;
    private final FileNamePattern pattern;
    private final int compressionLevel;
    private final boolean shifting;
    private final int minIndex;
    private final int maxIndex;
    private final int maxCount;
    private final int minCount;
    private final Duration maxAge;
    private final long totalSizeCap;
    private final boolean rollEmpty;
    private final boolean rollWhenOverSize;
    private final boolean activeFromPattern;
    private final RollSchedule schedule;
    private final boolean modulate;
    private final boolean nameByLastUnit;
    private final Duration maxRandomDelay;
    private final long rollAtStartMinSize;
    private final long rollAtStartWrittenBefore;
    private final boolean continueExistingFile;
    private final boolean pruneAtStart;
    private final Runnable afterRoll;
    private final Supplier<byte[]> header;
    private final Supplier<byte[]> footer;
    private final boolean headerAlways;

    private RollingConfig(final Builder b) {
        this.mode = b.mode;
        this.interval = b.interval;
        this.intervalUnits = b.intervalUnits;
        this.offsetHour = b.offsetHour;
        this.maxSize = b.maxSize;
        this.fileNamePattern = b.fileNamePattern;
        this.pattern = b.fileNamePattern == null ? null : FileNamePattern.parse(b.fileNamePattern);
        this.compressionLevel = b.compressionLevel;
        this.shifting = b.shifting;
        this.minIndex = b.minIndex;
        this.maxIndex = b.maxIndex;
        this.maxCount = b.maxCount;
        this.minCount = b.minCount;
        this.maxAge = b.maxAge;
        this.totalSizeCap = b.totalSizeCap;
        this.rollEmpty = b.rollEmpty;
        this.rollWhenOverSize = b.rollWhenOverSize;
        this.activeFromPattern = b.activeFromPattern;
        this.schedule = b.schedule;
        this.modulate = b.modulate;
        this.nameByLastUnit = b.nameByLastUnit;
        this.maxRandomDelay = b.maxRandomDelay;
        this.rollAtStartMinSize = b.rollAtStartMinSize;
        this.rollAtStartWrittenBefore = b.rollAtStartWrittenBefore;
        this.continueExistingFile = b.continueExistingFile;
        this.pruneAtStart = b.pruneAtStart;
        this.afterRoll = b.afterRoll;
        this.header = b.header;
        this.footer = b.footer;
        this.headerAlways = b.headerAlways;
    }

    public static Builder builder() {
        return new Builder();
    }

    public RollMode mode() {
        return mode;
    }

    /** Explicit interval, or {@code null} to use the pattern's unit. */
    public Duration interval() {
        return interval;
    }

    /** With a {@code %d} pattern: how many of its units make one interval (Log4j2 {@code interval}). */
    public int intervalUnits() {
        return intervalUnits;
    }

    public int offsetHour() {
        return offsetHour;
    }

    public long maxSize() {
        return maxSize;
    }

    /** The parsed pattern, or {@code null} for ATS-style names. */
    public FileNamePattern pattern() {
        return pattern;
    }

    /** The pattern's compression level, or {@link Compression#DEFAULT_LEVEL}: the format's default. */
    public int compressionLevel() {
        return compressionLevel;
    }

    public boolean shifting() {
        return shifting;
    }

    public int minIndex() {
        return minIndex;
    }

    public int maxIndex() {
        return maxIndex;
    }

    public int maxCount() {
        return maxCount;
    }

    public int minCount() {
        return minCount;
    }

    public Duration maxAge() {
        return maxAge;
    }

    public long totalSizeCap() {
        return totalSizeCap;
    }

    public boolean rollEmpty() {
        return rollEmpty;
    }

    /** Whether a size roll waits until the file is over maxSize rather than at it. */
    public boolean rollWhenOverSize() {
        return rollWhenOverSize;
    }

    /** Whether the file being written is named by the pattern (Logback without {@code <file>}). */
    public boolean activeFromPattern() {
        return activeFromPattern;
    }

    /** Where periods begin, or {@code null} for the pattern's unit or the interval. */
    public RollSchedule schedule() {
        return schedule;
    }

    /** Whether periods of several units start at multiples of the interval. */
    public boolean modulate() {
        return modulate;
    }

    /** Whether a period of several units is named by its last unit rather than its first. */
    public boolean nameByLastUnit() {
        return nameByLastUnit;
    }

    /** The longest a time roll waits past its boundary, or {@code null} for no wait. */
    public Duration maxRandomDelay() {
        return maxRandomDelay;
    }

    /** The size from which an old file is rolled when opened, or -1: never. */
    public long rollAtStartMinSize() {
        return rollAtStartMinSize;
    }

    /** With {@link #rollAtStartMinSize}: only a file last written before this time (epoch millis) is rolled. */
    public long rollAtStartWrittenBefore() {
        return rollAtStartWrittenBefore;
    }

    /** Whether a file left by an earlier run takes the period of its next event. */
    public boolean continueExistingFile() {
        return continueExistingFile;
    }

    /** Whether old rolled files are pruned at start as well as at rolls. */
    public boolean pruneAtStart() {
        return pruneAtStart;
    }

    /** Run after each roll's housekeeping, or {@code null}. */
    public Runnable afterRoll() {
        return afterRoll;
    }

    /** What a file opened empty starts with, or {@code null}. */
    public Supplier<byte[]> header() {
        return header;
    }

    /** What a file ends with when a roll or the object's removal closes it, or {@code null}. */
    public Supplier<byte[]> footer() {
        return footer;
    }

    /** Whether the file found at start gets the header even when it is not empty (Logback). */
    public boolean headerAlways() {
        return headerAlways;
    }

    /** Every setting, for messages and for telling two configurations apart. */
    @Override
    public String toString() {
        return "RollingConfig[mode=" + mode + ", interval=" + interval + ", intervalUnits=" + intervalUnits
            + ", offsetHour=" + offsetHour + ", maxSize=" + maxSize + ", fileNamePattern=" + fileNamePattern
            + ", compressionLevel=" + compressionLevel
            + ", shifting=" + shifting + ", minIndex=" + minIndex + ", maxIndex=" + maxIndex + ", maxCount=" + maxCount
            + ", minCount=" + minCount + ", maxAge=" + maxAge + ", totalSizeCap=" + totalSizeCap + ", rollEmpty="
            + rollEmpty + ", rollWhenOverSize=" + rollWhenOverSize + ", activeFromPattern=" + activeFromPattern
            + ", schedule=" + schedule + ", modulate=" + modulate + ", nameByLastUnit=" + nameByLastUnit + ", maxRandomDelay=" + maxRandomDelay
            + ", rollAtStartMinSize=" + rollAtStartMinSize + ", rollAtStartWrittenBefore=" + rollAtStartWrittenBefore
            + ", continueExistingFile=" + continueExistingFile + ", pruneAtStart=" + pruneAtStart + ", afterRoll=" + afterRoll + ", header="
            + (header != null) + ", footer=" + (footer != null) + ", headerAlways=" + headerAlways + "]";
    }

    /** The pattern's rollover unit, when time rolling follows a {@code %d}. */
    public ChronoUnit unit() {
        return interval == null && schedule == null && pattern != null ? pattern.unit() : null;
    }

    /** Builder of a {@link RollingConfig}; {@link #build} checks the settings together. */
    public static final class Builder {
        private RollMode mode = RollMode.NONE;
        private Duration interval;
        private int intervalUnits = 1;
        private int offsetHour;
        private long maxSize;
        private String fileNamePattern;
        private int compressionLevel = Compression.DEFAULT_LEVEL;
        private boolean shifting;
        private int minIndex = 1;
        private int maxIndex = Integer.MAX_VALUE;
        private boolean activeFromPattern;
        private int maxCount;
        private int minCount;
        private Duration maxAge;
        private long totalSizeCap;
        private boolean rollEmpty;
        private boolean rollWhenOverSize;
        private RollSchedule schedule;
        private boolean modulate = true;
        private boolean nameByLastUnit;
        private Duration maxRandomDelay;
        private long rollAtStartMinSize = -1;
        private long rollAtStartWrittenBefore;
        private boolean continueExistingFile;
        private boolean pruneAtStart = true;
        private Runnable afterRoll;
        private Supplier<byte[]> header;
        private Supplier<byte[]> footer;
        private boolean headerAlways;

        private Builder() {
        }

        /**
         * Whether the file found at start gets the header even when it already holds lines, as
         * Logback writes it at every start (Log4j2, the default: only into an empty file).
         */
        public Builder headerAlways(final boolean always) {
            this.headerAlways = always;
            return this;
        }

        /**
         * What each file starts with when opened empty and ends with when a roll or the object's
         * removal closes it (null or an empty array: nothing), asked for each time on the flush thread.
         */
        public Builder headerAndFooter(final Supplier<byte[]> header, final Supplier<byte[]> footer) {
            this.header = header;
            this.footer = footer;
            return this;
        }

        /** Periods begin where the schedule says (a cron expression), not at the pattern's units. */
        public Builder schedule(final RollSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Whether periods of several units start at multiples of the interval (default true). */
        public Builder modulate(final boolean modulate) {
            this.modulate = modulate;
            return this;
        }

        /** A period of several units names its file by its last unit (Log4j2), not its first. */
        public Builder nameByLastUnit(final boolean last) {
            this.nameByLastUnit = last;
            return this;
        }

        /** Each time roll waits a random time up to this long past its boundary (null: none). */
        public Builder maxRandomDelay(final Duration delay) {
            this.maxRandomDelay = delay;
            return this;
        }

        /**
         * Rolls a file left by an earlier run when it is opened, if it holds at least
         * {@code minSize} bytes (at least one) and was last written before {@code writtenBeforeMillis}.
         */
        public Builder rollAtStart(final long minSize, final long writtenBeforeMillis) {
            this.rollAtStartMinSize = minSize;
            this.rollAtStartWrittenBefore = writtenBeforeMillis;
            return this;
        }

        /** A file left by an earlier run takes the period of its next event (default: of its last write). */
        public Builder continueExistingFile(final boolean continueFile) {
            this.continueExistingFile = continueFile;
            return this;
        }

        /** Whether old rolled files are pruned at start too (default), or only at rolls. */
        public Builder pruneAtStart(final boolean atStart) {
            this.pruneAtStart = atStart;
            return this;
        }

        /** Runs after each roll's housekeeping, on the housekeeper's thread. */
        public Builder afterRoll(final Runnable action) {
            this.afterRoll = action;
            return this;
        }

        public Builder mode(final RollMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder interval(final Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder intervalUnits(final int units) {
            this.intervalUnits = units;
            return this;
        }

        public Builder offsetHour(final int hour) {
            this.offsetHour = hour;
            return this;
        }

        public Builder maxSize(final long bytes) {
            this.maxSize = bytes;
            return this;
        }

        public Builder fileNamePattern(final String pattern) {
            this.fileNamePattern = pattern;
            return this;
        }

        /** The level the pattern's compression writes at; -1 (the default) leaves it to the format. */
        public Builder compressionLevel(final int level) {
            this.compressionLevel = level;
            return this;
        }

        public Builder shifting(final boolean shifting) {
            this.shifting = shifting;
            return this;
        }

        public Builder minIndex(final int index) {
            this.minIndex = index;
            return this;
        }

        public Builder maxIndex(final int index) {
            this.maxIndex = index;
            return this;
        }

        public Builder maxCount(final int count) {
            this.maxCount = count;
            return this;
        }

        public Builder minCount(final int count) {
            this.minCount = count;
            return this;
        }

        public Builder maxAge(final Duration age) {
            this.maxAge = age;
            return this;
        }

        public Builder totalSizeCap(final long bytes) {
            this.totalSizeCap = bytes;
            return this;
        }

        public Builder rollEmpty(final boolean roll) {
            this.rollEmpty = roll;
            return this;
        }

        /** Name the file being written by the pattern as well (Logback's policies without {@code <file>}). */
        public Builder activeFromPattern(final boolean fromPattern) {
            this.activeFromPattern = fromPattern;
            return this;
        }

        /** Roll by size only once the file is over maxSize (Log4j2), not when it has reached it. */
        public Builder rollWhenOverSize(final boolean over) {
            this.rollWhenOverSize = over;
            return this;
        }

        /**
         * Checks the settings together.
         *
         * @throws IllegalArgumentException naming the setting at fault
         */
        public RollingConfig build() {
            if (mode == null) {
                throw new IllegalArgumentException("rolling mode is missing");
            }
            if (mode.needsSize() && maxSize <= 0) {
                throw new IllegalArgumentException("maxSize=" + maxSize + ": rolling mode " + mode + " needs a positive size");
            }
            if (interval != null && (interval.isNegative() || interval.compareTo(Duration.ofSeconds(1)) < 0)) {
                throw new IllegalArgumentException("interval=" + interval + " must be at least one second");
            }
            if (intervalUnits < 1) {
                throw new IllegalArgumentException("intervalUnits=" + intervalUnits + " must be at least 1");
            }
            if (offsetHour < 0 || offsetHour > 23) {
                throw new IllegalArgumentException("offsetHour=" + offsetHour + " must be between 0 and 23");
            }
            if (minIndex < 0 || maxIndex < minIndex) {
                throw new IllegalArgumentException("minIndex=" + minIndex + ", maxIndex=" + maxIndex
                    + ": need 0 <= minIndex <= maxIndex");
            }
            if (maxCount < 0 || minCount < 0 || totalSizeCap < 0) {
                throw new IllegalArgumentException("maxCount, minCount and totalSizeCap cannot be negative");
            }
            if (maxRandomDelay != null && maxRandomDelay.isNegative()) {
                throw new IllegalArgumentException("maxRandomDelay=" + maxRandomDelay + " cannot be negative");
            }
            if (schedule != null && (!mode.byTime() || interval != null)) {
                throw new IllegalArgumentException("a schedule needs a time rolling mode and no interval");
            }
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
                throw new IllegalArgumentException("maxAge=" + maxAge + " must be positive");
            }
            final RollingConfig c = new RollingConfig(this);
            final FileNamePattern p = c.pattern;
            checkCompressionLevel(p == null ? Compression.NONE : p.compression());
            if (p != null && mode.needsSize() && mode != RollMode.TIME_WHEN_OVER_SIZE && !p.hasIndex()) {
                throw new IllegalArgumentException("fileNamePattern \"" + fileNamePattern + "\" needs %i: rolling by size"
                    + " can roll more than once per period");
            }
            if (p != null && shifting && !p.hasIndex()) {
                throw new IllegalArgumentException("fileNamePattern \"" + fileNamePattern + "\" needs %i for a fixed window");
            }
            if (p != null && mode.byTime() && interval == null && schedule == null && p.unit() == null) {
                throw new IllegalArgumentException("fileNamePattern \"" + fileNamePattern + "\" has no %d to roll by time;"
                    + " add one or give an interval");
            }
            if (activeFromPattern && (p == null || p.unit() == null || interval != null
                || (mode != RollMode.TIME && mode != RollMode.TIME_OR_SIZE) || shifting)) {
                throw new IllegalArgumentException("activeFromPattern needs a fileNamePattern with a %d, rolling mode TIME"
                    + " or TIME_OR_SIZE and no fixed window (the file being written is named by the pattern's period)");
            }
            return c;
        }

        private void checkCompressionLevel(final Compression compression) {
            if (compressionLevel == Compression.DEFAULT_LEVEL) {
                return;
            }
            if (compression == Compression.NONE) {
                throw new IllegalArgumentException("compressionLevel=" + compressionLevel + " needs a fileNamePattern that"
                    + " compresses (ending in " + Arrays.stream(Compression.values()).filter(k -> k != Compression.NONE)
                    .map(Compression::suffix).collect(Collectors.joining(", ")) + ")");
            }
            if (compressionLevel < compression.minLevel() || compressionLevel > compression.maxLevel()) {
                throw new IllegalArgumentException("compressionLevel=" + compressionLevel + ": " + compression.suffix()
                    + " compression takes " + compression.minLevel() + " to " + compression.maxLevel() + ", or -1 for its"
                    + " default");
            }
        }
    }
}
