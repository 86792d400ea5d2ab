package dev.spool.engine.file;

import dev.spool.engine.file.rolling.RollMode;

/**
 * Makes the {@link LogFile} of a log object. The default makes plain files (rolling when the
 * object's rolling settings say so) and named pipes; adapters and tests supply their own.
 */
@FunctionalInterface
public interface LogFileFactory {
    LogFile create(FileDescription description, FileContext context);

    /** Plain, rolling or two-file ring files for text and binary logs, named pipes for pipes, the console. */
    LogFileFactory DEFAULT = (file, context) -> {
        if (file.console()) {
            return new ConsoleLogFile(file.file(), context.errors());
        }
        if (file.pipe()) {
            return new PipeLogFile(file.file(), context.errors());
        }
        if (file.ringSize() > 0) {
            return new RingLogFile(file.file(), file.ringSize(), file.fsync(), context.errors(),
                context.space().budgetFor(file.file()), file.attributes());
        }
        final PlainLogFile plain = new PlainLogFile(file.file(), file.fsync(), context.errors(),
            context.space().budgetFor(file.file()), file.attributes(), file.lockEachWrite());
        return file.rolling().mode() == RollMode.NONE ? plain : new RollingLogFile(plain, file.rolling(), context);
    };
}
