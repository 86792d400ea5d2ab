/**
 * The lock-free log buffers: a {@link dev.spool.engine.buffer.LogBuffer} hands out
 * non-overlapping segments with one compare-and-swap on a packed state word, and the last
 * writer out of a sealed buffer hands it on. The binary layouts of the buffer and entry headers
 * live here too (and the loss entry's), as do the bounded buffer pool, the queue that carries
 * sealed buffers on, and what a buffer's owner and its processed output are to the engine threads.
 */
package dev.spool.engine.buffer;
