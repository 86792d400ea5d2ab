/**
 * Log objects and their configuration. A {@link dev.spool.engine.object.LogObject} is one logical
 * log (a file with its own format, filters and buffers); the
 * {@link dev.spool.engine.object.LogObjectManager} offers every event to each of them; a
 * {@link dev.spool.engine.object.LogConfig} holds the validated settings of an engine.
 */
package dev.spool.engine.object;
