package dev.spool.engine.buffer;

/**
 * Marks a thread that must never wait for a log object's buffers or swap token: the engine's own
 * threads, which are what frees buffers. A log call from such a thread that finds no free buffer
 * is dropped and counted instead of waiting (see {@code object.CurrentBuffer}).
 */
public interface NeverWaits {
}
