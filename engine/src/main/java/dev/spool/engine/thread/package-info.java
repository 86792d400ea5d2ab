/**
 * The engine's own threads and the steps they run: preproc threads render or finish sealed
 * buffers ({@link dev.spool.engine.thread.BufferPreprocessor}), and each log object's own flush
 * thread writes them in order ({@link dev.spool.engine.thread.BufferWriter}), so a sink that hangs
 * holds no other object; an {@link dev.spool.engine.thread.ObjectLane} ties one log object to both. Both nap, then sleep when there is nothing to do, and survive any
 * failure of one log object. Emitters are polled by an {@link dev.spool.engine.thread.EmitterScheduler}.
 */
package dev.spool.engine.thread;
