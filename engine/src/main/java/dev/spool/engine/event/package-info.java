/**
 * What callers hand the engine: a {@link dev.spool.engine.event.LogEvent} (the reusable
 * {@link dev.spool.engine.event.MutableLogEvent}, or one over a context map), and the
 * {@link dev.spool.engine.event.ErrorListener} that receives the engine's own diagnostics. Every
 * other package may use these; they use nothing of the engine's.
 */
package dev.spool.engine.event;
