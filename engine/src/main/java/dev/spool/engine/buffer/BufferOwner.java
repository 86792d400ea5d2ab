package dev.spool.engine.buffer;

/**
 * What a buffer belongs to, as the engine's threads see it: one log object's steps. The preproc
 * thread calls {@link #preprocess} on every buffer handed on to it and then {@link #handOn}, the
 * object's flush thread {@link #write}, each with the buffer's own owner.
 */
public interface BufferOwner {
    /** The log object's name, for diagnostics. */
    String name();

    /** Preproc thread: renders (text) or finishes (binary) a sealed, drained buffer. */
    void preprocess(LogBuffer buffer);

    /** Preproc thread: passes a preprocessed buffer on to the thread that writes it. */
    void handOn(LogBuffer buffer);

    /** Flush thread: writes a preprocessed buffer in sequence order and recycles it. */
    void write(LogBuffer buffer);
}
