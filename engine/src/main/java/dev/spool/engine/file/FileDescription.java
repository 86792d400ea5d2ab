package dev.spool.engine.file;

import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;

import java.nio.file.Path;

/**
 * What a {@link LogFileFactory} needs to know to make a log object's file: where it is, whether it
 * is a named pipe, and how it is kept (fsync, a two-file ring, or rolling).
 *
 * @param file     the file (or pipe) written
 * @param pipe     a named pipe: opened for writing as it is, never rolled
 * @param console  standard output or error ({@code /dev/stdout}, {@code /dev/stderr}), never rolled
 * @param ringSize for a two-file ring, the size at which the writer moves to the other file; 0 otherwise
 * @param fsync    whether each write is forced to the device
 * @param rolling  how the file rolls ({@link RollMode#NONE}: it does not)
 * @param attributes the permissions, owner and group of the files it creates
 * @param lockEachWrite whether each write holds an exclusive lock on the file (several processes write it)
 */
public record FileDescription(Path file, boolean pipe, boolean console, long ringSize, boolean fsync, RollingConfig rolling,
                              FileAttributes attributes, boolean lockEachWrite) {
}
