package dev.spool.engine.sockstat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Byte counters of the machine's network interfaces, as the OS keeps them: on Linux from
 * {@code /proc/net/dev}, with the interface of the default route from {@code /proc/net/route}.
 * Elsewhere there are none ({@link #available()} is false). The counters are the whole machine's,
 * not only this process's.
 */
public final class InterfaceCounters {
    /** Interface name prefixes of cellular modems (Tailscale's list). */
    public static final List<String> CELLULAR_PREFIXES = List.of("rmnet", "ww", "pdp");

    private final Path dev;
    private final Path route;

    /** Linux's files. */
    public InterfaceCounters() {
        this(Path.of("/proc/net/dev"), Path.of("/proc/net/route"));
    }

    /** Files in the Linux format at other paths (for tests). */
    public InterfaceCounters(final Path dev, final Path route) {
        this.dev = dev;
        this.route = route;
    }

    /** Whether this system has interface counters to read. */
    public boolean available() {
        return Files.isReadable(dev);
    }

    /**
     * Every interface's totals: name to {@code [tx bytes, rx bytes]}, by name.
     *
     * @throws IOException when the counters cannot be read, or a line is not in the expected format
     *     (the message names the file and line)
     */
    public Map<String, long[]> read() throws IOException {
        final Map<String, long[]> out = new TreeMap<>();
        final List<String> lines = Files.readAllLines(dev, StandardCharsets.US_ASCII);
        for (int i = 2; i < lines.size(); i++) { // two header lines
            final String line = lines.get(i);
            final int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank()) {
                    continue;
                }
                throw new IOException(dev + " line " + (i + 1) + ": no ':' after the interface name: " + line);
            }
            final String name = line.substring(0, colon).trim();
            final String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 9) {
                throw new IOException(dev + " line " + (i + 1) + ": " + f.length + " counters, expected 16: " + line);
            }
            try {
                // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit: bytes ...
                out.put(name, new long[] {Long.parseUnsignedLong(f[8]), Long.parseUnsignedLong(f[0])});
            } catch (final NumberFormatException e) {
                throw new IOException(dev + " line " + (i + 1) + ": a counter is not a number: " + line, e);
            }
        }
        return out;
    }

    /** The interface of the default route, or {@code null} when there is none (or no routing table). */
    public String defaultRouteInterface() {
        try {
            final List<String> lines = Files.readAllLines(route, StandardCharsets.US_ASCII);
            String best = null;
            long bestMetric = Long.MAX_VALUE;
            for (int i = 1; i < lines.size(); i++) {
                final String[] f = lines.get(i).trim().split("\\s+");
                // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
                if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000")) {
                    final long metric = Long.parseLong(f[6]);
                    if (metric < bestMetric) {
                        bestMetric = metric;
                        best = f[0];
                    }
                }
            }
            return best;
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code iface} is named like a cellular modem: it starts with one of {@code prefixes}. */
    public static boolean isCellular(final String iface, final List<String> prefixes) {
        if (iface == null) {
            return false;
        }
        final String name = iface.toLowerCase(Locale.ROOT);
        for (final String p : prefixes) {
            if (name.startsWith(p.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Tailscale's cellular prefixes and {@code more}. */
    public static List<String> cellularPrefixes(final List<String> more) {
        final List<String> all = new ArrayList<>(CELLULAR_PREFIXES);
        all.addAll(more);
        return List.copyOf(all);
    }
}
