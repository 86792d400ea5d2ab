/**
 * Where a log object's bytes go: a {@link dev.spool.engine.file.LogFile} is opened, checked before
 * every write and reopened after a failure, by the flush thread only. Plain files carry text or
 * binary logs; named pipes carry text to a reader that may come and go.
 */
package dev.spool.engine.file;
