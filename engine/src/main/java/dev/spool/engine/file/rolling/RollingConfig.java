package dev.spool.engine.file.rolling;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

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
 *       ATS names {@code <file>.<start>-<end>.old}</td></tr>
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
 *   <tr><td>{@code rollEmpty}</td><td>whether an empty file is rolled at a time boundary</td></tr>
 *   <tr><td>{@code activeFromPattern}</td><td>the file being written is named by the pattern too
 *       (its name for the current period and index, without the compression suffix), as Logback's
 *       time-based policies name it when the appender has no {@code <file>}; a roll closes it,
 *       compresses it if the pattern says so, and opens the next name. The log object's own file
 *       is then only its identity.</td></tr>
 *   <tr><td>{@code rollWhenOverSize}</td><td>size modes roll before an event when the file is
 *       over {@code maxSize} (Log4j2's rule) instead of when it has reached it (Logback's and ATS's,
 *       the default)</td></tr>
 * </table>
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

    private RollingConfig(final Builder b) {
        this.mode = b.mode;
        this.interval = b.interval;
        this.intervalUnits = b.intervalUnits;
        this.offsetHour = b.offsetHour;
        this.maxSize = b.maxSize;
        this.fileNamePattern = b.fileNamePattern;
        this.pattern = b.fileNamePattern == null ? null : FileNamePattern.parse(b.fileNamePattern);
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

    /** Every setting, for messages and for telling two configurations apart. */
    @Override
    public String toString() {
        return "RollingConfig[mode=" + mode + ", interval=" + interval + ", intervalUnits=" + intervalUnits
            + ", offsetHour=" + offsetHour + ", maxSize=" + maxSize + ", fileNamePattern=" + fileNamePattern
            + ", shifting=" + shifting + ", minIndex=" + minIndex + ", maxIndex=" + maxIndex + ", maxCount=" + maxCount
            + ", minCount=" + minCount + ", maxAge=" + maxAge + ", totalSizeCap=" + totalSizeCap + ", rollEmpty="
            + rollEmpty + ", rollWhenOverSize=" + rollWhenOverSize + ", activeFromPattern=" + activeFromPattern + "]";
    }

    /** The pattern's rollover unit, when time rolling follows a {@code %d}. */
    public ChronoUnit unit() {
        return interval == null && pattern != null ? pattern.unit() : null;
    }

    /** Builder of a {@link RollingConfig}; {@link #build} checks the settings together. */
    public static final class Builder {
        private RollMode mode = RollMode.NONE;
        private Duration interval;
        private int intervalUnits = 1;
        private int offsetHour;
        private long maxSize;
        private String fileNamePattern;
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

        private Builder() {
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
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
                throw new IllegalArgumentException("maxAge=" + maxAge + " must be positive");
            }
            final RollingConfig c = new RollingConfig(this);
            final FileNamePattern p = c.pattern;
            if (p != null && mode.needsSize() && mode != RollMode.TIME_WHEN_OVER_SIZE && !p.hasIndex()) {
                throw new IllegalArgumentException("fileNamePattern \"" + fileNamePattern + "\" needs %i: rolling by size"
                    + " can roll more than once per period");
            }
            if (p != null && shifting && !p.hasIndex()) {
                throw new IllegalArgumentException("fileNamePattern \"" + fileNamePattern + "\" needs %i for a fixed window");
            }
            if (p != null && mode.byTime() && interval == null && p.unit() == null) {
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
    }
}
