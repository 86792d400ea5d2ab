package dev.spool.engine.sockstat;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

import java.time.Duration;
import java.util.function.Function;

/**
 * Socket bytes without wrapping a socket: the JDK's Flight Recorder events {@code jdk.SocketRead}
 * and {@code jdk.SocketWrite} (threshold 0, so every read and write), attributed to labels by a
 * rule. Labels it makes are named {@code jfr:...}. Opt-in: recording every socket call costs
 * something on each call (see the README for what was measured).
 *
 * <p>TCP only: the JDK records no events for UDP ({@code DatagramSocket}, {@code DatagramChannel});
 * count those with {@link LabelledDatagramSocket} and {@link LabelledDatagramChannel}. A label
 * whose number (derived from its name) would be another label's is counted under
 * {@value #OTHER} instead.
 */
public final class JfrSocketSource {
    /** Where bytes go whose label cannot be made (its derived number is taken). */
    public static final String OTHER = "jfr:other";

    /** How JFR socket events are given labels. */
    public enum Rule {
        /** {@code jfr:port:<remote port>} */
        PORT,
        /** {@code jfr:host:<remote host>} */
        HOST,
        /** {@code jfr:thread:<thread name>} */
        THREAD;

        Function<RecordedEvent, String> function() {
            switch (this) {
                case PORT: return e -> "jfr:port:" + e.getInt("port");
                case HOST: return e -> "jfr:host:" + e.getString("host");
                default: return e -> "jfr:thread:" + (e.getThread() == null ? "?" : e.getThread().getJavaName());
            }
        }
    }

    private final SockStats stats;
    private final Function<RecordedEvent, String> rule;
    private RecordingStream stream;

    /** Bytes under the labels {@code rule} names (null: the event is not counted). */
    public JfrSocketSource(final SockStats stats, final Function<RecordedEvent, String> rule) {
        this.stats = stats;
        this.rule = rule;
    }

    public JfrSocketSource(final SockStats stats, final Rule rule) {
        this(stats, rule.function());
    }

    /**
     * Starts recording. Idempotent.
     *
     * @throws IllegalStateException when this JVM has no Flight Recorder (the message says so)
     */
    public synchronized void start() {
        if (stream != null) {
            return;
        }
        try {
            final RecordingStream s = new RecordingStream();
            s.enable("jdk.SocketRead").withThreshold(Duration.ZERO);
            s.enable("jdk.SocketWrite").withThreshold(Duration.ZERO);
            s.onEvent("jdk.SocketRead", e -> count(e, false));
            s.onEvent("jdk.SocketWrite", e -> count(e, true));
            s.startAsync();
            stream = s;
        } catch (final RuntimeException | LinkageError e) {
            throw new IllegalStateException("the JDK Flight Recorder is not available here (" + e + ")", e);
        }
    }

    private void count(final RecordedEvent e, final boolean write) {
        final String name = rule.apply(e);
        if (name == null) {
            return;
        }
        SockLabel label;
        try {
            label = stats.label(sanitize(name));
        } catch (final IllegalArgumentException sharesANumber) {
            label = stats.label(OTHER); // its derived number is another label's: counted, under a name of its own
        }
        if (write) {
            label.sent(e.getLong("bytesWritten"));
        } else {
            label.received(Math.max(0, e.getLong("bytesRead")));
        }
    }

    /** A label name from anything: characters labels cannot hold become '_', at most 64. */
    static String sanitize(final String name) {
        final StringBuilder b = new StringBuilder(Math.min(64, name.length()));
        for (int i = 0; i < name.length() && b.length() < 64; i++) {
            final char c = name.charAt(i);
            b.append(Character.isLetterOrDigit(c) && c < 128 || "_.:/-".indexOf(c) >= 0 ? c : '_');
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    /** Stops recording; what was recorded is counted. Idempotent. */
    public synchronized void stop() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }
}
