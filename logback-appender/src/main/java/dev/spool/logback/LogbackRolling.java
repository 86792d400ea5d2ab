package dev.spool.logback;

import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingPolicy;
import ch.qos.logback.core.rolling.SizeAndTimeBasedFileNamingAndTriggeringPolicy;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.TriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;

import java.lang.reflect.Field;
import java.time.temporal.ChronoUnit;

/**
 * Maps Logback's rolling policies onto the engine's {@link RollingConfig}, so that a
 * {@code RollingFileAppender} whose class is changed to {@code SpoolAppender} rolls to the same
 * files:
 * <ul>
 *   <li>{@code TimeBasedRollingPolicy}: by the {@code %d} of its {@code fileNamePattern};
 *       {@code maxHistory} periods kept, {@code totalSizeCap};</li>
 *   <li>{@code SizeAndTimeBasedRollingPolicy} (or the older nested
 *       {@code SizeAndTimeBasedFNATP}): also by {@code maxFileSize}, {@code %i} counting from 0;</li>
 *   <li>{@code FixedWindowRollingPolicy} with {@code SizeBasedTriggeringPolicy}: by size,
 *       {@code minIndex}..{@code maxIndex} shifted as Logback shifts them.</li>
 * </ul>
 * Logback rolls by size once the file has <em>reached</em> {@code maxFileSize}; so does Spool
 * here, but it checks every event, where Logback checks the size only every
 * {@code checkIncrement} (60 s by default), so a stock file can pass the size by what was logged
 * in between. Compression follows the pattern's ending: {@code .gz}, {@code .zip} and {@code .xz}
 * as in Logback. Old rolled files go at rolls, and at start only with {@code cleanHistoryOnStart}.
 */
final class LogbackRolling {
    private LogbackRolling() {
    }

    /**
     * The engine's rolling settings, or null when neither policy is set.
     *
     * @throws IllegalArgumentException naming the policy or property at fault
     */
    static RollingConfig.Builder map(final RollingPolicy rolling, final TriggeringPolicy<?> triggering) {
        if (rolling == null && triggering == null) {
            return null;
        }
        if (rolling == null) {
            throw new IllegalArgumentException("triggeringPolicy " + triggering.getClass().getName()
                + " is set but no rollingPolicy names the rolled files");
        }
        if (!rolling.isStarted()) {
            throw new IllegalArgumentException("rollingPolicy " + rolling.getClass().getSimpleName()
                + " did not start (Logback reported why above)");
        }
        if (rolling instanceof TimeBasedRollingPolicy) {
            if (triggering != null && triggering != rolling) {
                throw new IllegalArgumentException("triggeringPolicy " + triggering.getClass().getSimpleName()
                    + " beside rollingPolicy " + rolling.getClass().getSimpleName() + " is not supported (the time"
                    + " based policy triggers its own rolls; use SizeAndTimeBasedRollingPolicy for size)");
            }
            return timeBased((TimeBasedRollingPolicy<?>) rolling);
        }
        if (rolling instanceof FixedWindowRollingPolicy) {
            return fixedWindow((FixedWindowRollingPolicy) rolling, triggering);
        }
        throw new IllegalArgumentException("rollingPolicy " + rolling.getClass().getName() + " is not supported (Spool"
            + " supports TimeBasedRollingPolicy, SizeAndTimeBasedRollingPolicy and FixedWindowRollingPolicy)");
    }

    private static RollingConfig.Builder timeBased(final TimeBasedRollingPolicy<?> policy) {
        // Old files go at rolls, and at start only with cleanHistoryOnStart, as in Logback.
        final RollingConfig.Builder b = RollingConfig.builder().fileNamePattern(policy.getFileNamePattern())
            .rollWhenOverSize(false).minIndex(0).pruneAtStart(policy.isCleanHistoryOnStart());
        FileSize maxFileSize = null;
        if (policy instanceof SizeAndTimeBasedRollingPolicy) {
            maxFileSize = (FileSize) field(SizeAndTimeBasedRollingPolicy.class, policy, "maxFileSize");
        } else if (policy.getTimeBasedFileNamingAndTriggeringPolicy() instanceof SizeAndTimeBasedFileNamingAndTriggeringPolicy) {
            maxFileSize = (FileSize) field(SizeAndTimeBasedFileNamingAndTriggeringPolicy.class,
                policy.getTimeBasedFileNamingAndTriggeringPolicy(), "maxFileSize");
        }
        if (maxFileSize != null) {
            b.mode(RollMode.TIME_OR_SIZE).maxSize(maxFileSize.getSize());
        } else {
            b.mode(RollMode.TIME);
        }
        final FileSize cap = (FileSize) field(TimeBasedRollingPolicy.class, policy, "totalSizeCap");
        if (cap != null && cap.getSize() > 0) {
            b.totalSizeCap(cap.getSize());
        }
        if (policy.getMaxHistory() > 0) {
            final ChronoUnit unit = b.build().unit();
            if (unit != null) {
                // Logback keeps maxHistory periods of rolled files: one is deleted once the period
                // after it is maxHistory periods old, which is an age of maxHistory periods from its end.
                b.maxAge(unit.getDuration().multipliedBy(policy.getMaxHistory()));
            }
        }
        return b;
    }

    private static RollingConfig.Builder fixedWindow(final FixedWindowRollingPolicy policy,
                                                     final TriggeringPolicy<?> triggering) {
        if (!(triggering instanceof SizeBasedTriggeringPolicy)) {
            throw new IllegalArgumentException("FixedWindowRollingPolicy needs a SizeBasedTriggeringPolicy"
                + (triggering == null ? "" : ", not " + triggering.getClass().getName()));
        }
        // The policy has started (Joran starts it before the appender), so its window is already
        // the one Logback uses: it cuts a window over 20 files and says so itself.
        final FileSize max = ((SizeBasedTriggeringPolicy<?>) triggering).getMaxFileSize();
        final int minIndex = policy.getMinIndex();
        final int maxIndex = policy.getMaxIndex();
        return RollingConfig.builder().mode(RollMode.SIZE).fileNamePattern(policy.getFileNamePattern())
            .maxSize(max.getSize()).rollWhenOverSize(false).shifting(true).minIndex(minIndex).maxIndex(maxIndex);
    }

    /** A setting Logback keeps without a getter. */
    private static Object field(final Class<?> owner, final Object target, final String name) {
        try {
            final Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + name + " of " + owner.getSimpleName() + " in this Logback"
                + " version (" + e + ")");
        }
    }
}
