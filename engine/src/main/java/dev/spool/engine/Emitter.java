package dev.spool.engine;

import java.time.Duration;

/**
 * Something that logs by itself every so often, such as the sockstat emitter: registered on an
 * engine with {@link Log#addEmitter}, polled on the engine's emitter thread every {@link #period()},
 * stopped when removed or when the engine stops (before the log objects close, so a last poll's
 * events are written). A poll must not block for long; one that throws is reported through the
 * engine's error listener, and the emitter goes on being polled.
 */
public interface Emitter {
    /** For messages and thread names. */
    String name();

    /** Time between polls. */
    Duration period();

    /**
     * Called once when registered, on the registering thread.
     *
     * @return {@code false} to stay off (say why through {@link Log#error} first); it is then not
     *     polled, and {@link #stop} is not called
     */
    boolean start(Log log);

    /** Called every period, on the emitter thread; {@code nowMillis} is wall-clock time. */
    void poll(long nowMillis);

    /** Called once, on the emitter thread, after the last poll: write out what was polled. */
    void stop();
}
