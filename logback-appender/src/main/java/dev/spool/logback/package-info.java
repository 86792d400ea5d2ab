/**
 * The Logback appender {@code dev.spool.logback.SpoolAppender}: a drop-in replacement for
 * Logback's {@code FileAppender}, {@code RollingFileAppender} and an {@code AsyncAppender} in front
 * of them, writing through the Spool engine, plus the {@code SockStats} context listener. All
 * Spool appenders of one Logback context share one engine.
 */
package dev.spool.logback;
