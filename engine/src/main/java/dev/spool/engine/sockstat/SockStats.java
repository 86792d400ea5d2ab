package dev.spool.engine.sockstat;

import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The application's socket byte counters, by label. Label a socket when it is made, and its bytes
 * are counted as they cross it:
 * <pre>{@code
 * SockLabel api = SockStats.global().label("api");
 * Socket s = SockStats.wrap(new Socket(host, port), api);            // an existing socket
 * HttpClient-style code: new LabelledSocketFactory(api)               // anything that takes a SocketFactory
 * ServerSocket server = new LabelledServerSocketFactory(api).createServerSocket(8080);
 * LabelledChannel ch = SockStats.wrap(SocketChannel.open(address), api);
 * }</pre>
 * The sockstat emitter polls {@link #labels()} and logs what moved.
 */
public final class SockStats {
    private static final SockStats GLOBAL = new SockStats();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

    private final Map<String, SockLabel> byName = new ConcurrentHashMap<>();
    private final List<SockLabel> inOrder = new ArrayList<>();
    private volatile SockLabel[] labels = new SockLabel[0];

    /** A registry of its own (for tests, or to keep two sets apart); most code uses {@link #global()}. */
    public SockStats() {
    }

    /** The process-wide registry. */
    public static SockStats global() {
        return GLOBAL;
    }

    /**
     * The label of that name, made on first use with the next free number (1, 2, ...); the same
     * object every time after. Names are 1 to 64 of {@code A-Z a-z 0-9 _ . : / -}; {@code if:}
     * names are the interface counters'.
     *
     * @throws IllegalArgumentException naming the bad name
     */
    public SockLabel label(final String name) {
        final SockLabel existing = byName.get(name);
        if (existing != null) {
            return existing;
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("sockstat label \"" + name + "\": use 1 to 64 of A-Z a-z 0-9 _ . : / -");
        }
        synchronized (this) {
            return byName.computeIfAbsent(name, n -> {
                final SockLabel l = new SockLabel(n, inOrder.size() + 1);
                inOrder.add(l);
                labels = inOrder.toArray(new SockLabel[0]);
                return l;
            });
        }
    }

    /** Every label so far, in the order they were made. */
    public SockLabel[] labels() {
        return labels.clone();
    }

    /** Labels without copying; for the emitter. */
    SockLabel[] labelsShared() {
        return labels;
    }

    /** {@code socket}, counting every byte read from or written to its streams under {@code label}. */
    public static Socket wrap(final Socket socket, final SockLabel label) {
        return new LabelledSocket(socket, label);
    }

    /** {@code channel}, counting every byte read or written through the wrapper under {@code label}. */
    public static LabelledChannel wrap(final SocketChannel channel, final SockLabel label) {
        return new LabelledChannel(channel, label);
    }
}
