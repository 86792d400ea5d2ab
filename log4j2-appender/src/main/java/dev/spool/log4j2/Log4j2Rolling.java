package dev.spool.log4j2;

import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import org.apache.logging.log4j.core.appender.rolling.CompositeTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.RolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TimeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TriggeringPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps Log4j2's rolling elements onto the engine's {@link RollingConfig}, so that a
 * {@code RollingFile} or {@code RollingRandomAccessFile} renamed to {@code Spool} rolls to the same
 * files: {@code SizeBasedTriggeringPolicy} (rolling once the file is over the size, as Log4j2 does),
 * {@code TimeBasedTriggeringPolicy} (interval in units of the pattern's {@code %d}) and
 * {@code DefaultRolloverStrategy} ({@code min}, {@code max}, {@code fileIndex}).
 */
final class Log4j2Rolling {
    private Log4j2Rolling() {
    }

    /**
     * @throws IllegalArgumentException naming the element Spool does not support
     */
    static RollingConfig.Builder map(final String filePattern, final TriggeringPolicy policy, final RolloverStrategy strategy) {
        final List<TriggeringPolicy> policies = new ArrayList<>();
        flatten(policy, policies);
        SizeBasedTriggeringPolicy size = null;
        TimeBasedTriggeringPolicy time = null;
        for (final TriggeringPolicy p : policies) {
            if (p instanceof SizeBasedTriggeringPolicy) {
                size = (SizeBasedTriggeringPolicy) p;
            } else if (p instanceof TimeBasedTriggeringPolicy) {
                time = (TimeBasedTriggeringPolicy) p;
            } else {
                throw new IllegalArgumentException("policy " + p.getClass().getSimpleName() + " is not supported"
                    + " (Spool supports SizeBasedTriggeringPolicy and TimeBasedTriggeringPolicy)");
            }
        }
        if (size == null && time == null) {
            throw new IllegalArgumentException("filePattern is set but no triggering policy is given");
        }
        final RollingConfig.Builder b = RollingConfig.builder().fileNamePattern(filePattern).rollWhenOverSize(true)
            .mode(size != null && time != null ? RollMode.TIME_OR_SIZE : size != null ? RollMode.SIZE : RollMode.TIME);
        if (size != null) {
            b.maxSize(size.getMaxFileSize());
        }
        if (time != null) {
            b.intervalUnits(time.getInterval());
        }
        if (strategy == null) {
            b.minIndex(1).maxIndex(7);
        } else if (strategy instanceof DefaultRolloverStrategy) {
            final DefaultRolloverStrategy d = (DefaultRolloverStrategy) strategy;
            b.minIndex(d.getMinIndex()).maxIndex(d.getMaxIndex()).shifting(!d.isUseMax());
        } else {
            throw new IllegalArgumentException("strategy " + strategy.getClass().getSimpleName() + " is not supported"
                + " (Spool supports DefaultRolloverStrategy)");
        }
        return b;
    }

    private static void flatten(final TriggeringPolicy p, final List<TriggeringPolicy> out) {
        if (p instanceof CompositeTriggeringPolicy) {
            for (final TriggeringPolicy child : ((CompositeTriggeringPolicy) p).getTriggeringPolicies()) {
                flatten(child, out);
            }
        } else if (p != null) {
            out.add(p);
        }
    }
}
