package dev.spool.engine.buffer;

/**
 * What a buffer belongs to, as the engine's threads see it: one log object's steps. The preproc
 * thread calls {@link #preprocess} on every buffer handed on to it and then {@link #handOn}, the
 * object's flush thread {@link #write}, each with the buffer's own owner.
 */
public interface BufferOwner {
    /** The log object's name, for diagnostics. */
    String name();

    /** Preproc thread: renders (text) or finishes (binary) a sealed buffer whose writers have all checked in. */
    void preprocess(LogBuffer buffer);

    /** Preproc thread: passes a preprocessed buffer on to the thread that writes it. */
    void handOn(LogBuffer buffer);

    /** Flush thread: writes a preprocessed buffer in sequence order and recycles it. */
    void write(LogBuffer buffer);

    /**
     * Whether the object has left the engine's threads: a buffer of it that a writer has still not
     * checked in is then given up by the preproc thread, since nothing would write it.
     */
    default boolean detached() {
        return false;
    }
}
