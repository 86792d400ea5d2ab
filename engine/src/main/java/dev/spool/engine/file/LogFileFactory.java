package dev.spool.engine.file;

import dev.spool.engine.ErrorListener;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;

/**
 * Makes the {@link LogFile} of a log object. The default makes plain files and named pipes;
 * adapters and tests supply their own (rolling files, deliberately slow sinks).
 */
@FunctionalInterface
public interface LogFileFactory {
    LogFile create(LogObjectConfig object, ErrorListener errors);

    /** Plain files for text and binary logs, named pipes for {@link LogMode#PIPE}. */
    LogFileFactory DEFAULT = (object, errors) -> object.mode() == LogMode.PIPE
        ? new PipeLogFile(object.file(), errors) : new PlainLogFile(object.file(), object.fsync(), errors);
}
