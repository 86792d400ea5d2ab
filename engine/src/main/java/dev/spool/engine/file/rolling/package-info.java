/**
 * Rolling policies, names, retention and compression: the settings
 * ({@link dev.spool.engine.file.rolling.RollingConfig}), the Log4j2- and Logback-style file name
 * patterns, and what the housekeeping thread does with rolled files (placing, compressing,
 * pruning, recovering after a crash). The rolling file itself is a {@code file.RollingLogFile}.
 * gzip, zip and deflate are the JDK's; bzip2, xz and zstd come from optional libraries, each
 * reached only through its own codec class ({@link dev.spool.engine.file.rolling.Compression}).
 */
package dev.spool.engine.file.rolling;
