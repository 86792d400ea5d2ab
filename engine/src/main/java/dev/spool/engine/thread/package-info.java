/**
 * The engine's own threads: preproc threads render or finish sealed buffers, one flush thread
 * writes them. Both sleep when there is nothing to do, wake on work or on a timer, and survive any
 * failure of one log object.
 */
package dev.spool.engine.thread;
