package dev.spool.engine.sockstat;

import java.nio.channels.SocketChannel;

/**
 * A socket channel's reads and writes (scatter and gather too), counted under a label. Register
 * {@link #channel()} with a selector as usual, and move bytes through this wrapper.
 */
public final class LabelledChannel extends CountedChannel<SocketChannel> {
    LabelledChannel(final SocketChannel channel, final SockLabel label) {
        super(channel, label);
    }
}
