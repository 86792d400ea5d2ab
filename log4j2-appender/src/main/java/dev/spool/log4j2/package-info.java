/**
 * The Log4j2 plugin {@code Spool}: a drop-in replacement for Log4j2's {@code File},
 * {@code RandomAccessFile}, {@code RollingFile}, {@code RollingRandomAccessFile} and {@code Async}
 * appenders, writing through the Spool engine. All Spool appenders of one configuration share one
 * engine.
 */
package dev.spool.log4j2;
