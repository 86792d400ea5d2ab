package dev.spool.benchmarks;

import dev.spool.engine.sockstat.JfrSocketSource;
import dev.spool.engine.sockstat.LabelledServerSocketFactory;
import dev.spool.engine.sockstat.LabelledSocketFactory;
import dev.spool.engine.sockstat.SockStats;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * What counting socket bytes costs per call: one thread writes 100-byte messages over loopback as
 * fast as it can and another reads them 100 bytes at a time, over plain sockets, over labelled
 * sockets (the counting wrappers), and over plain sockets while the JFR source records every
 * socket read and write. (Round trips would measure the scheduler's wake-ups more than the
 * counting.) Each setup runs several times, interleaved; the median is printed with its ratio to
 * plain sockets.
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.spool.benchmarks.SockStatsProbe [round trips] [runs]
 * </pre>
 */
public final class SockStatsProbe {
    private SockStatsProbe() {
    }

    public static void main(final String[] args) throws Exception {
        final int trips = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final String[] setups = {"plain", "labelled", "jfr"};
        final double[][] rates = new double[setups.length][runs];
        run("warm-up", trips / 2);
        for (int r = 0; r < runs; r++) {
            for (int s = 0; s < setups.length; s++) {
                rates[s][r] = run(setups[s], trips);
            }
        }
        System.out.printf(Locale.ROOT, "%,d messages of 100 bytes over loopback, %d runs, median:%n", trips, runs);
        final double plain = median(rates[0]);
        for (int s = 0; s < setups.length; s++) {
            final double m = median(rates[s]);
            System.out.printf(Locale.ROOT, "  %-9s %,11.0f messages/s  (%.3f of plain)%n", setups[s], m, m / plain);
        }
    }

    private static double median(final double[] v) {
        final double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double run(final String setup, final int trips) throws Exception {
        final SockStats stats = new SockStats();
        final JfrSocketSource jfr = setup.equals("jfr") ? new JfrSocketSource(stats, JfrSocketSource.Rule.PORT) : null;
        if (jfr != null) {
            jfr.start();
        }
        final boolean labelled = setup.equals("labelled");
        try (ServerSocket listener = labelled
            ? new LabelledServerSocketFactory(stats.label("server")).createServerSocket(0, 1, InetAddress.getLoopbackAddress())
            : new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    final DataInputStream in = new DataInputStream(s.getInputStream());
                    final byte[] m = new byte[100];
                    for (int i = 0; i < trips; i++) {
                        in.readFully(m);
                    }
                } catch (final IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = labelled
                ? new LabelledSocketFactory(stats.label("client")).createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())
                : new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                final OutputStream out = s.getOutputStream();
                final byte[] m = new byte[100];
                final long start = System.nanoTime();
                for (int i = 0; i < trips; i++) {
                    out.write(m);
                }
                reader.get();
                final long nanos = System.nanoTime() - start;
                return trips / (nanos / 1e9);
            }
        } finally {
            if (jfr != null) {
                jfr.stop();
            }
        }
    }
}
