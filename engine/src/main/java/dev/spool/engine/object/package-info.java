/**
 * Log objects and their configuration. A {@link dev.spool.engine.object.LogObject} is one logical
 * log (its own format, filters and buffers), what users and adapters call; its
 * {@link dev.spool.engine.object.CurrentBuffer} is the lock-free protocol that replaces full
 * buffers, and its {@link dev.spool.engine.object.LossLedger} counts and records every event it
 * cannot keep. The {@link dev.spool.engine.object.LogObjectManager} offers every event to each
 * object; a {@link dev.spool.engine.object.LogConfig} holds an engine's validated settings.
 */
package dev.spool.engine.object;
