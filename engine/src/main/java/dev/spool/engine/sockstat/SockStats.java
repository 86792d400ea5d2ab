package dev.spool.engine.sockstat;

import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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
 * HTTPS: new LabelledSSLSocketFactory(sslContext.getSocketFactory(), api)  // real SSLSockets, wire bytes
 * ServerSocket server = new LabelledServerSocketFactory(api).createServerSocket(8080);
 * LabelledChannel ch = SockStats.wrap(SocketChannel.open(address), api);
 * DatagramSocket udp = new LabelledDatagramSocket(dns);               // UDP: payload bytes
 * LabelledDatagramChannel dc = SockStats.wrap(DatagramChannel.open(), dns);
 * }</pre>
 * The sockstat emitter polls {@link #labels()} and logs what moved.
 *
 * <p><b>Label numbers</b> (the keys with {@code labelKeys=number}) never depend on the order labels
 * are made in, so one number means one label in every file and every run. A label's number is the
 * one {@linkplain #number given} for its name (1 to {@value #MAX_GIVEN}), else derived from the
 * name: {@code 1000 + (FNV-1a-32(UTF-8 name) mod 999000)}, unsigned, 1000 to 999999
 * ({@link #derivedNumber}). Two names that derive the same number are refused when the second is
 * made (always the same two names, so it shows the first time the code runs): give one a number.
 */
public final class SockStats {
    /** Given numbers are 1 to this; derived numbers are above it. */
    public static final int MAX_GIVEN = 999;

    private static final SockStats GLOBAL = new SockStats();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

    private final Map<String, SockLabel> byName = new ConcurrentHashMap<>();
    private final List<SockLabel> inOrder = new ArrayList<>();
    /** Numbers given by name (guarded by this), and the name of every number in use or given. */
    private final Map<String, Integer> given = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private volatile SockLabel[] labels = new SockLabel[0];

    /** A registry of its own (for tests, or to keep two sets apart); most code uses {@link #global()}. */
    public SockStats() {
    }

    /** The process-wide registry. */
    public static SockStats global() {
        return GLOBAL;
    }

    /**
     * The label of that name, made on first use with its number (see the class comment); the same
     * object every time after. Names are 1 to 64 of {@code A-Z a-z 0-9 _ . : / -}; {@code if:}
     * names are the interface counters'.
     *
     * @throws IllegalArgumentException naming the bad name, or the label whose derived number it shares
     */
    public SockLabel label(final String name) {
        final SockLabel existing = byName.get(name);
        if (existing != null) {
            return existing;
        }
        checkName(name);
        synchronized (this) {
            final SockLabel again = byName.get(name);
            if (again != null) {
                return again;
            }
            final Integer number = given.get(name);
            final int n = number != null ? number : derivedNumber(name);
            final String holder = names.get(n);
            if (holder != null && !holder.equals(name)) {
                throw new IllegalArgumentException("sockstat label \"" + name + "\": its number " + n + " (derived from"
                    + " the name) is \"" + holder + "\"'s; give one of them a number of its own (1 to " + MAX_GIVEN
                    + ": SockStats.number, or labelNumbers in the configuration)");
            }
            names.put(n, name);
            final SockLabel l = new SockLabel(name, n);
            inOrder.add(l);
            byName.put(name, l);
            labels = inOrder.toArray(new SockLabel[0]);
            return l;
        }
    }

    /**
     * Gives label {@code name} the number {@code number} (1 to {@value #MAX_GIVEN}), before or after
     * it is made; giving a name its own number again does nothing.
     *
     * @throws IllegalArgumentException when the number is out of range or another label's, or the
     *     label was made with another number
     */
    public synchronized void number(final String name, final int number) {
        checkName(name);
        if (number < 1 || number > MAX_GIVEN) {
            throw new IllegalArgumentException("sockstat label \"" + name + "\": number " + number + " is not 1 to "
                + MAX_GIVEN + " (numbers above are derived from names)");
        }
        final String holder = names.get(number);
        if (holder != null && !holder.equals(name)) {
            throw new IllegalArgumentException("sockstat label \"" + name + "\": number " + number + " is \"" + holder
                + "\"'s already");
        }
        final SockLabel made = byName.get(name);
        if (made != null && made.number() != number) {
            throw new IllegalArgumentException("sockstat label \"" + name + "\" has number " + made.number()
                + " already (it was made before it was given " + number + "); give numbers before the labels are used");
        }
        final Integer before = given.put(name, number);
        if (before != null && before != number) {
            names.remove(before);
        }
        names.put(number, name);
    }

    /**
     * Gives numbers to labels from text: {@code name=number} pairs separated by commas
     * ({@code "api=1, db=2"}), as the adapters' {@code labelNumbers} setting takes them.
     *
     * @throws IllegalArgumentException naming the pair at fault
     */
    public void numbers(final String pairs) {
        for (final String pair : pairs.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            final int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("labelNumbers: \"" + pair.trim() + "\" is not name=number");
            }
            final String name = pair.substring(0, eq).trim();
            final int number;
            try {
                number = Integer.parseInt(pair.substring(eq + 1).trim());
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("labelNumbers: \"" + pair.trim() + "\": the number is not a number");
            }
            number(name, number);
        }
    }

    /** The number a label of that name has when none is given: {@code 1000 + (FNV-1a-32 of its UTF-8 bytes mod 999000)}. */
    public static int derivedNumber(final String name) {
        int h = 0x811C9DC5;
        for (final byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return MAX_GIVEN + 1 + (int) (Integer.toUnsignedLong(h) % 999_000L);
    }

    private static void checkName(final String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("sockstat label \"" + name + "\": use 1 to 64 of A-Z a-z 0-9 _ . : / -");
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

    /** {@code channel}, counting the payload of every datagram sent or received through the wrapper under {@code label}. */
    public static LabelledDatagramChannel wrap(final DatagramChannel channel, final SockLabel label) {
        return new LabelledDatagramChannel(channel, label);
    }
}
