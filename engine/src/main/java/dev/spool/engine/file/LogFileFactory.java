package dev.spool.engine.file;

import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;

/**
 * Makes the {@link LogFile} of a log object. The default makes plain files (rolling when the
 * object's rolling settings say so) and named pipes; adapters and tests supply their own.
 */
@FunctionalInterface
public interface LogFileFactory {
    LogFile create(LogObjectConfig object, FileContext context);

    /** Plain, rolling or two-file ring files for text and binary logs, named pipes for {@link LogMode#PIPE}. */
    LogFileFactory DEFAULT = (object, context) -> {
        if (object.mode() == LogMode.PIPE) {
            return new PipeLogFile(object.file(), context.errors());
        }
        if (object.ringSize() > 0) {
            return new RingLogFile(object.file(), object.ringSize(), object.fsync(), context.errors(),
                context.space().budgetFor(object.file()));
        }
        final PlainLogFile plain = new PlainLogFile(object.file(), object.fsync(), context.errors(),
            context.space().budgetFor(object.file()));
        return object.rolling().mode() == RollMode.NONE ? plain : new RollingLogFile(plain, object.rolling(), context);
    };
}
