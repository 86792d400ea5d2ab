package dev.spool.log4j2;

import dev.spool.engine.record.ThreadScratch;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;

import java.nio.ByteBuffer;

/**
 * A reusable destination a Layout encodes one event into, on the caller's thread; it grows as
 * needed. Each thread has a few, so a Layout whose arguments log again while being encoded gets a
 * fresh one instead of overwriting the outer event.
 */
final class EncodedEvent implements ByteBufferDestination {
    private static final int RETAINED = 256 * 1024;
    private static final ThreadScratch<EncodedEvent> STACK = new ThreadScratch<>(4, EncodedEvent::new);

    private ByteBuffer buffer = ByteBuffer.allocate(4096);

    /** The calling thread's destination for this depth; give it back with {@link #release}. */
    static EncodedEvent acquire() {
        final EncodedEvent e = STACK.acquire();
        e.reset();
        return e;
    }

    static void release(final EncodedEvent e) {
        STACK.release(e);
    }

    /** Empties it for the next event (for a destination not taken from {@link #acquire}). */
    void reset() {
        if (buffer.capacity() > RETAINED) {
            buffer = ByteBuffer.allocate(4096);
        }
        buffer.clear();
    }

    byte[] array() {
        return buffer.array();
    }

    int length() {
        return buffer.position();
    }

    @Override
    public ByteBuffer getByteBuffer() {
        return buffer;
    }

    @Override
    public ByteBuffer drain(final ByteBuffer full) {
        // Nothing is written until the whole event is encoded: make room instead of draining.
        grow(Math.max(full.capacity(), 1024));
        return buffer;
    }

    @Override
    public void writeBytes(final ByteBuffer data) {
        if (data.remaining() > buffer.remaining()) {
            grow(data.remaining());
        }
        buffer.put(data);
    }

    @Override
    public void writeBytes(final byte[] data, final int offset, final int length) {
        if (length > buffer.remaining()) {
            grow(length);
        }
        buffer.put(data, offset, length);
    }

    private void grow(final int more) {
        final ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + more));
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
    }
}
