package dev.spool.log4j2;

import dev.spool.engine.file.rolling.Compression;
import dev.spool.engine.file.rolling.FileNamePattern;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollSchedule;
import dev.spool.engine.file.rolling.RollingConfig;
import org.apache.logging.log4j.core.appender.rolling.CompositeTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.CronTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.DirectWriteRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.OnStartupTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.RolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TimeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.action.Action;
import org.apache.logging.log4j.core.lookup.StrSubstitutor;
import org.apache.logging.log4j.core.util.CronExpression;
import org.apache.logging.log4j.status.StatusLogger;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Log4j2's rolling elements onto the engine's {@link RollingConfig}, so that a
 * {@code RollingFile} or {@code RollingRandomAccessFile} renamed to {@code Spool} rolls to the same
 * files.
 *
 * <ul>
 *   <li>{@code SizeBasedTriggeringPolicy}: rolls once the file is over the size, as Log4j2 does.</li>
 *   <li>{@code TimeBasedTriggeringPolicy}: {@code interval} in units of the pattern's {@code %d}
 *       (a period of several units named by its last unit, as Log4j2 names it), {@code modulate},
 *       {@code maxRandomDelay}.</li>
 *   <li>{@code CronTriggeringPolicy}: periods between the schedule's fire times (Log4j2's own
 *       cron parser), {@code evaluateOnStartup}.</li>
 *   <li>{@code OnStartupTriggeringPolicy}: a file of at least {@code minSize} bytes last written
 *       before this JVM started is rolled when it is opened.</li>
 *   <li>{@code DefaultRolloverStrategy}: {@code min}, {@code max}, {@code fileIndex} (max, min,
 *       nomax), and its actions ({@code Delete}, {@code PosixViewAttribute}, ...), which Log4j2's own
 *       classes run after each roll, on the engine's housekeeping thread.</li>
 *   <li>{@code DirectWriteRolloverStrategy} (a {@code RollingFile} without {@code fileName}): the
 *       file being written is named by the pattern; {@code maxFiles} and actions as above.</li>
 * </ul>
 *
 * <p>An application's own policy that hands every call to one stock policy (Spring Boot's) rolls
 * as that policy does. What cannot be honoured never removes the appender: the nearest safe behaviour is taken and
 * one warning says what Spool does instead.
 */
final class Log4j2Rolling {
    /** When this JVM started: OnStartupTriggeringPolicy rolls only files written before it. */
    private static final long JVM_START_MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();

    private Log4j2Rolling() {
    }

    /**
     * The rolling for a {@code filePattern} with its policies and strategy.
     *
     * @param fileName the file written, or {@code null} when the appender has none and the pattern names it
     * @param warn  told once of each setting Spool handles otherwise than Log4j2, and what it does instead
     * @return the rolling, or {@code null} when the file is not rolled (said through {@code warn}; without
     *     a fileName the appender then writes the name the pattern gives its first file)
     * @throws IllegalArgumentException when the pattern itself is unusable
     */
    static RollingConfig.Builder map(final String asWritten, final TriggeringPolicy policy,
                                     final RolloverStrategy strategy, final String fileName,
                                     final Consumer<String> warn) {
        final boolean named = fileName == null;
        final String filePattern = withAvailableCompression(asWritten, warn);
        final FileNamePattern pattern = FileNamePattern.parse(filePattern);
        final List<TriggeringPolicy> policies = new ArrayList<>();
        flatten(policy, policies);
        SizeBasedTriggeringPolicy size = null;
        TimeBasedTriggeringPolicy time = null;
        CronTriggeringPolicy cron = null;
        OnStartupTriggeringPolicy onStartup = null;
        for (final TriggeringPolicy p : policies) {
            if (p instanceof SizeBasedTriggeringPolicy) {
                size = (SizeBasedTriggeringPolicy) p;
            } else if (p instanceof TimeBasedTriggeringPolicy) {
                time = (TimeBasedTriggeringPolicy) p;
            } else if (p instanceof CronTriggeringPolicy) {
                cron = (CronTriggeringPolicy) p;
            } else if (p instanceof OnStartupTriggeringPolicy) {
                onStartup = (OnStartupTriggeringPolicy) p;
            } else {
                warn.accept("triggering policy " + p.getClass().getName() + " is not known to Spool and is left out"
                    + " (Spool knows SizeBased, TimeBased, Cron and OnStartup triggering policies)");
            }
        }
        if (time != null && cron != null) {
            // Pulsar's shape: a daily modulated policy beside a cron at midnight roll at the same
            // instants, and the cron schedule alone does what both do.
            if (!sameBoundaries(time, new CronSchedule(cron.getCronExpression()), pattern, warn)) {
                warn.accept("TimeBasedTriggeringPolicy and CronTriggeringPolicy together roll at different times:"
                    + " Spool rolls by the cron schedule only");
            }
            time = null;
        }
        final boolean byTime = time != null || cron != null;
        if (size != null && !pattern.hasIndex() && byTime) {
            // Log4j2 would move a second roll of the same period onto the first one's name,
            // replacing that file; Spool keeps every event and rolls by time only.
            warn.accept("filePattern \"" + filePattern + "\" has no %i, so a second size roll in one period would replace"
                + " the first rolled file; Spool rolls this file by time only and leaves SizeBasedTriggeringPolicy out");
            size = null;
        } else if (size != null && !pattern.hasIndex()) {
            warn.accept("filePattern \"" + filePattern + "\" has no %i, so each size roll would replace the last rolled"
                + " file; Spool leaves SizeBasedTriggeringPolicy out");
            size = null;
        }
        if (size == null && !byTime && onStartup == null) {
            warn.accept("filePattern \"" + filePattern + "\" is set but no triggering policy Spool can use is given: the"
                + " file is not rolled");
            return null;
        }
        // Log4j2 deletes old files only when it rolls, never at start.
        final RollingConfig.Builder b = RollingConfig.builder().fileNamePattern(filePattern).rollWhenOverSize(true)
            .pruneAtStart(false);
        final RollMode mode;
        if (size != null || byTime) {
            mode = size != null && byTime ? RollMode.TIME_OR_SIZE : size != null ? RollMode.SIZE : RollMode.TIME;
        } else if (pattern.hasIndex()) {
            mode = RollMode.SIZE; // OnStartup only: with a size that is never reached
            b.maxSize(Long.MAX_VALUE);
        } else if (pattern.unit() != null) {
            // OnStartup only, named by %d: by time only when over a size that is never reached
            mode = RollMode.TIME_WHEN_OVER_SIZE;
            b.maxSize(Long.MAX_VALUE);
        } else {
            warn.accept("filePattern \"" + filePattern + "\" has neither %i nor %d to name a roll at start: the file is"
                + " not rolled");
            return null;
        }
        b.mode(mode);
        if (size != null) {
            b.maxSize(size.getMaxFileSize());
        }
        if (time != null) {
            b.intervalUnits(time.getInterval()).nameByLastUnit(true)
                .modulate(read(time, "modulate", Boolean.class, false, warn))
                .maxRandomDelay(Duration.ofMillis(read(time, "maxRandomDelayMillis", Long.class, 0L, warn)));
        }
        if (cron != null) {
            final boolean evaluateOnStartup = read(cron, "checkOnStartup", Boolean.class, false, warn);
            if (evaluateOnStartup && writtenBefore(fileName, new CronSchedule(cron.getCronExpression())
                .periodStart(System.currentTimeMillis()))) {
                warn.accept("CronTriggeringPolicy evaluateOnStartup=\"true\": a file from an earlier period is rolled"
                    + " under the name of the period it was last written in (Log4j2 names it after the current period,"
                    + " whose own roll then replaces it)");
            }
            b.schedule(new CronSchedule(cron.getCronExpression())).continueExistingFile(!evaluateOnStartup);
        }
        if (onStartup != null) {
            b.rollAtStart(Math.max(1, read(onStartup, "minSize", Long.class, 1L, warn)), JVM_START_MILLIS);
        }
        strategy(b, strategy, named, pattern, warn);
        if (named) {
            if (pattern.unit() == null || (mode != RollMode.TIME && mode != RollMode.TIME_OR_SIZE)) {
                warn.accept("without fileName, Spool rolls only a filePattern with a %d and a TimeBasedTriggeringPolicy"
                    + " or CronTriggeringPolicy (the pattern's period names the file being written): the file is not"
                    + " rolled");
                return null;
            }
            b.activeFromPattern(true);
        }
        return b;
    }

    /** Whether {@code fileName} is a file last written before {@code millis}. */
    private static boolean writtenBefore(final String fileName, final long millis) {
        try {
            return fileName != null && Files.getLastModifiedTime(Path.of(fileName)).toMillis() < millis;
        } catch (final IOException | InvalidPathException e) {
            return false; // no such file: nothing from an earlier period
        }
    }

    /**
     * Whether a modulated TimeBasedTriggeringPolicy and a cron schedule roll at the same instants
     * over the next 50 of them (a cron expression is checked by its fire times, not its text).
     */
    private static boolean sameBoundaries(final TimeBasedTriggeringPolicy time, final RollSchedule cron,
                                          final FileNamePattern pattern, final Consumer<String> warn) {
        final ChronoUnit unit = pattern.unit();
        final int units = time.getInterval();
        if (unit == null || (units > 1 && !read(time, "modulate", Boolean.class, false, warn))) {
            return false;
        }
        long t = System.currentTimeMillis();
        for (int i = 0; i < 50; i++) {
            final ZonedDateTime at = Instant.ofEpochMilli(t).atZone(pattern.zone());
            final long timeBoundary = FileNamePattern.periodStart(at, unit, units).plus(units, unit).toInstant()
                .toEpochMilli();
            t = cron.nextBoundary(t);
            if (t != timeBoundary) {
                return false;
            }
        }
        return true;
    }

    /**
     * The pattern, without its compression ending when the library that writes that format is
     * missing (Log4j2 needs it too): rolled files are then left uncompressed, and a warning says how
     * to get them compressed.
     */
    private static String withAvailableCompression(final String filePattern, final Consumer<String> warn) {
        final Compression compression = Compression.of(filePattern);
        final String missing = compression.unavailableReason();
        if (missing == null) {
            return filePattern;
        }
        final String plain = filePattern.substring(0, filePattern.length() - compression.suffix().length());
        warn.accept("filePattern \"" + filePattern + "\": " + missing + "; until it is there, rolled files are left"
            + " uncompressed, as \"" + plain + "\"");
        return plain;
    }

    /** Log4j2 takes {@code compressionLevel} for .gz and .zip only; so does Spool. */
    private static void compressionLevel(final RollingConfig.Builder b, final FileNamePattern pattern, final int level) {
        if (level != Compression.DEFAULT_LEVEL
            && (pattern.compression() == Compression.GZIP || pattern.compression() == Compression.ZIP)) {
            b.compressionLevel(level);
        }
    }

    private static void strategy(final RollingConfig.Builder b, final RolloverStrategy strategy, final boolean named,
                                 final FileNamePattern pattern, final Consumer<String> warn) {
        if (strategy == null) {
            if (!named) {
                b.minIndex(1).maxIndex(7); // DefaultRolloverStrategy's defaults
            }
            return;
        }
        if (strategy instanceof DefaultRolloverStrategy) {
            final DefaultRolloverStrategy d = (DefaultRolloverStrategy) strategy;
            if (named) {
                warn.accept("DefaultRolloverStrategy without fileName: Spool writes the files the pattern names, as"
                    + " DirectWriteRolloverStrategy does; min, max and fileIndex are left out");
            } else if (d.getMinIndex() == Integer.MIN_VALUE || d.getMaxIndex() == Integer.MAX_VALUE) {
                b.minIndex(1).maxIndex(Integer.MAX_VALUE).shifting(false); // fileIndex="nomax": none deleted
            } else {
                b.minIndex(d.getMinIndex()).maxIndex(d.getMaxIndex()).shifting(!d.isUseMax());
            }
            compressionLevel(b, pattern, d.getCompressionLevel());
            afterRoll(b, d.getCustomActions(), d.isStopCustomActionsOnError());
            tempPattern(d.getTempCompressedFilePattern(), warn);
        } else if (strategy instanceof DirectWriteRolloverStrategy) {
            final DirectWriteRolloverStrategy d = (DirectWriteRolloverStrategy) strategy;
            if (!named) {
                warn.accept("DirectWriteRolloverStrategy with a fileName: Spool writes fileName and rolls it as"
                    + " DefaultRolloverStrategy does");
            }
            if (d.getMaxFiles() > 0 && d.getMaxFiles() < Integer.MAX_VALUE) {
                b.maxCount(d.getMaxFiles());
            }
            compressionLevel(b, pattern, d.getCompressionLevel());
            afterRoll(b, d.getCustomActions(), d.isStopCustomActionsOnError());
            tempPattern(d.getTempCompressedFilePattern(), warn);
        } else {
            warn.accept("rollover strategy " + strategy.getClass().getName() + " is not known to Spool; it rolls as"
                + " DefaultRolloverStrategy does by default (max 7)");
            if (!named) {
                b.minIndex(1).maxIndex(7);
            }
        }
    }

    private static void tempPattern(final Object tempCompressedFilePattern, final Consumer<String> warn) {
        if (tempCompressedFilePattern != null) {
            warn.accept("tempCompressedFilePattern is left out: Spool compresses into <name>.tmp beside the rolled file"
                + " and renames it when done");
        }
    }

    private static final Pattern LOOKUP = Pattern.compile("\\$\\{([^${}]*)}");

    /**
     * A {@code filePattern} as the engine reads it. Log4j2 leaves lookups escaped as {@code $${...}}
     * in the pattern to evaluate them at each roll: a {@code ${date:FORMAT}} (a directory per
     * month, say) becomes an auxiliary {@code %d{FORMAT, aux}}, formatted with the rolled period's
     * time (Log4j2 takes the time of the roll, so the file of a month's last day lands in the next
     * month's directory there: said once). Any other lookup is taken at start.
     */
    static String resolveLookups(final String filePattern, final StrSubstitutor substitutor, final Consumer<String> warn) {
        final Matcher m = LOOKUP.matcher(filePattern);
        final StringBuilder out = new StringBuilder();
        boolean dates = false;
        while (m.find()) {
            final String lookup = m.group(1);
            final String replacement;
            if (lookup.startsWith("date:")) {
                dates = true;
                replacement = "%d{" + lookup.substring("date:".length()) + ", aux}";
            } else {
                final String value = substitutor == null ? null : substitutor.replace(m.group());
                if (value == null || value.equals(m.group())) {
                    warn.accept("filePattern lookup ${" + lookup + "} has no value at start; it stays as written");
                    replacement = m.group();
                } else {
                    warn.accept("filePattern lookup ${" + lookup + "} is taken once, at start (\"" + value
                        + "\"); Log4j2 evaluates it at each roll");
                    replacement = value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        if (dates) {
            warn.accept("filePattern date lookups name the directory by the rolled period's time (Log4j2 takes the"
                + " time of the roll, which at a boundary is the next period's)");
        }
        return out.toString();
    }

    /**
     * The strategy's actions ({@code Delete}, {@code PosixViewAttribute}, a script...) run by
     * Log4j2's own classes after each roll, in order, on the engine's housekeeping thread.
     */
    private static void afterRoll(final RollingConfig.Builder b, final List<Action> actions, final boolean stopOnError) {
        if (actions != null && !actions.isEmpty()) {
            b.afterRoll(new Actions(List.copyOf(actions), stopOnError));
        }
    }

    /** A strategy's custom actions; its {@code toString} tells two configurations apart. */
    private static final class Actions implements Runnable {
        private final List<Action> actions;
        private final boolean stopOnError;

        Actions(final List<Action> actions, final boolean stopOnError) {
            this.actions = actions;
            this.stopOnError = stopOnError;
        }

        @Override
        public void run() {
            for (final Action a : actions) {
                boolean done;
                try {
                    done = a.execute();
                } catch (final Exception e) {
                    StatusLogger.getLogger().error("Spool: the action after a roll {} failed: {}", a, e.toString());
                    done = false;
                }
                if (!done && stopOnError) {
                    return;
                }
            }
        }

        @Override
        public String toString() {
            return "actions" + actions + (stopOnError ? " stopping on an error" : "");
        }
    }

    /** A {@code CronTriggeringPolicy}'s schedule: periods run from one fire time to the next. */
    private static final class CronSchedule implements RollSchedule {
        private final CronExpression cron;

        CronSchedule(final CronExpression cron) {
            this.cron = cron;
        }

        /** The fire time before the next one (Log4j2's {@code getPrevFireTime} is strictly before its argument). */
        @Override
        public long periodStart(final long millis) {
            final Date next = cron.getNextValidTimeAfter(new Date(millis));
            final Date start = next == null ? null : cron.getPrevFireTime(next);
            return start == null || start.getTime() > millis ? millis : start.getTime();
        }

        @Override
        public long nextBoundary(final long millis) {
            final Date next = cron.getNextValidTimeAfter(new Date(millis));
            return next == null ? Long.MAX_VALUE : next.getTime();
        }

        @Override
        public String toString() {
            return "cron \"" + cron.getCronExpression() + "\"";
        }
    }

    /**
     * A policy setting Log4j2 keeps in a private field with no getter. Read by name; if a later
     * Log4j2 renames it, the Log4j2 default is used and a warning says so.
     */
    private static <T> T read(final Object policy, final String field, final Class<T> type, final T otherwise,
                              final Consumer<String> warn) {
        try {
            final Field f = policy.getClass().getDeclaredField(field);
            f.setAccessible(true);
            return type.cast(f.get(policy));
        } catch (final ReflectiveOperationException | RuntimeException e) {
            warn.accept("cannot read " + policy.getClass().getSimpleName() + "." + field + " from this Log4j2 version ("
                + e + "); Spool uses " + otherwise);
            return otherwise;
        }
    }

    private static void flatten(final TriggeringPolicy p, final List<TriggeringPolicy> out) {
        if (p instanceof CompositeTriggeringPolicy) {
            for (final TriggeringPolicy child : ((CompositeTriggeringPolicy) p).getTriggeringPolicies()) {
                flatten(child, out);
            }
        } else if (p != null) {
            final TriggeringPolicy inner = KNOWN.contains(p.getClass()) ? null : delegate(p);
            if (inner != null) {
                flatten(inner, out);
            } else {
                out.add(p);
            }
        }
    }

    private static final List<Class<?>> KNOWN = List.of(SizeBasedTriggeringPolicy.class,
        TimeBasedTriggeringPolicy.class, CronTriggeringPolicy.class, OnStartupTriggeringPolicy.class);

    /**
     * The policy an application's own policy hands every call to, when it holds exactly one
     * (Spring Boot's {@code SpringBootTriggeringPolicy} holds the stock policy its attributes chose):
     * Spool then rolls as that one says. {@code null} for any other policy.
     */
    private static TriggeringPolicy delegate(final TriggeringPolicy p) {
        Field only = null;
        for (final Field f : p.getClass().getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && TriggeringPolicy.class.isAssignableFrom(f.getType())) {
                if (only != null) {
                    return null;
                }
                only = f;
            }
        }
        if (only == null) {
            return null;
        }
        try {
            only.setAccessible(true);
            return (TriggeringPolicy) only.get(p);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
