package dev.spool.engine.cli;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;

/**
 * A channel reading a byte array, for a binary log held in memory (a buffer, or what was read
 * from a topic). Unlike {@code Channels.newChannel(new ByteArrayInputStream(...))} it is not
 * interruptible: an interrupt of the reading thread (a followed topic being ended) does not turn
 * a read of memory into a {@code ClosedByInterruptException}.
 */
final class BytesChannel implements ReadableByteChannel {
    private final byte[] bytes;
    private int position;
    private boolean open = true;

    BytesChannel(final byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read(final ByteBuffer dst) throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (position == bytes.length) {
            return -1;
        }
        final int n = Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, position, n);
        position += n;
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
