package dev.spool.engine.sockstat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.spool.engine.Emitter;
import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The sockstat emitter: every poll period (100 ms by default) it reads the socket byte counters
 * (labelled sockets, the machine's network interfaces as {@code if:<name>}, and optionally JFR's
 * socket events), and when anything moved since the last poll it logs one JSON line:
 * <pre>{"t":1763802902100,"d":100,"s":{"api":[1520,88210],"if:eth0":[2113,90120]}}</pre>
 * {@code t} is the start of the period (epoch ms), {@code d} its length in ms, {@code s} holds
 * {@code [tx, rx]} bytes per label that moved (by name, or by number with
 * {@link LabelKeys#NUMBER}: numbers that never change, see {@link SockStats}); {@code "c":1} is
 * added when, at the end of the period, the default route's interface is named like a cellular
 * modem. The {@code if:} entries are the whole host's interface totals (every process's bytes, as
 * the OS counts them, headers included), not this process's: they are not a split of the labels'
 * bytes by interface.
 * The counters at start are the baseline (so a restart does not report what moved while it was
 * stopped). A counter that went down restarts from zero.
 *
 * <p>Register it with {@link Log#addEmitter}; its events go to a {@link Sink}, by default a log
 * object (see {@link #ring} for the two-file ring it normally writes).
 *
 * <p>Just over 400 lines with its {@link Builder}: the settings, the ring and the poll read as one unit.
 */
public final class SockStatsEmitter implements Emitter {
    /** How labels are keyed in the {@code s} object. */
    public enum LabelKeys { NAME, NUMBER }

    /** Where the JSON lines go. */
    @FunctionalInterface
    public interface Sink {
        /** One event, {@code json} without a line break. */
        void emit(long epochMillis, String json);

        /**
         * Into a log object whose entries are an adapter's (a Spool appender's file): the JSON line
         * is written as it is, without the appender's layout.
         */
        static Sink rendered(final LogObject object) {
            return (millis, json) -> {
                final byte[] line = (json + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                object.accessRendered(millis * 1_000_000L, line, 0, line.length);
            };
        }

        /**
         * Into a Spool appender's file as the lines are ({@link #rendered}) and into its extra log
         * objects as messages ({@link #into}): where a sockstat configured on an appender writes.
         */
        static Sink appender(final LogObject file, final LogObject... extras) {
            final List<Sink> sinks = new java.util.ArrayList<>();
            sinks.add(rendered(file));
            for (final LogObject x : extras) {
                sinks.add(into(x));
            }
            return all(sinks);
        }

        /** Into every one of {@code sinks}. */
        static Sink all(final List<Sink> sinks) {
            final List<Sink> copy = List.copyOf(sinks);
            return (millis, json) -> {
                for (final Sink s : copy) {
                    s.emit(millis, json);
                }
            };
        }

        /** Into a log object with a {@code %<msg>} format (such as {@link #ring}). */
        static Sink into(final LogObject object) {
            final MutableLogEvent event = new MutableLogEvent().level("INFO").loggerName(LOGGER);
            return (millis, json) -> {
                synchronized (event) {
                    object.access(event.threadName(Thread.currentThread().getName())
                        .timestampNanos(millis * 1_000_000L).message(json));
                }
            };
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final String name;
    private final SockStats stats;
    private final boolean labels;
    private final boolean interfaces;
    private final InterfaceCounters interfaceCounters;
    private final List<String> cellularPrefixes;
    private final Supplier<String> defaultRoute;
    private final JfrSocketSource.Rule jfrRule;
    private final Duration period;
    private final LabelKeys keys;
    private final Sink sink;

    private Log log;
    private boolean running;
    private boolean interfacesOn;
    private JfrSocketSource jfr;
    private final Set<String> interfaceLabels = new HashSet<>();
    private Map<String, long[]> previous;
    private long periodStart;

    private SockStatsEmitter(final Builder b) {
        this.name = b.name;
        this.stats = b.stats;
        this.labels = b.labels;
        this.interfaces = b.interfaces;
        this.interfaceCounters = b.interfaceCounters;
        this.cellularPrefixes = InterfaceCounters.cellularPrefixes(b.cellularPrefixes);
        this.defaultRoute = b.defaultRoute != null ? b.defaultRoute : b.interfaceCounters::defaultRouteInterface;
        this.jfrRule = b.jfrRule;
        this.period = b.period;
        this.keys = b.keys;
        this.sink = b.sink;
    }

    public static Builder builder(final Sink sink) {
        return new Builder(sink);
    }

    /**
     * How long a ring's events wait in memory before they are written, by default: sockstat writes
     * in batches of a few seconds, as Tailscale does, so a file that is shipped as it grows is not
     * fed by its own shipping every poll (their issue #7719).
     */
    public static final Duration RING_MAX_DELAY = Duration.ofSeconds(5);

    /**
     * The log object sockstat events go to by default: a two-file ring {@code <dir>/<name>.log1.txt}
     * and {@code .log2.txt} of at most {@code capBytes} together, one JSON line per event, written
     * every {@link #RING_MAX_DELAY}.
     */
    public static LogObjectConfig ring(final String name, final Path dir, final long capBytes) {
        return ring(name, dir, capBytes, RING_MAX_DELAY);
    }

    /** {@link #ring(String, Path, long)} written at least every {@code maxDelay}. */
    public static LogObjectConfig ring(final String name, final Path dir, final long capBytes, final Duration maxDelay) {
        // Every event is offered to every log object: this one keeps only sockstat's own.
        return LogObjectConfig.builder(name).file(dir.resolve(name)).format("%<msg>").ringSize(capBytes)
            .filter(LogFilter.parse("accept logger MATCH " + LOGGER)).bufferSize(16 * 1024).bufferCount(4)
            .maxDelay(maxDelay).build();
    }

    /** The logger name of sockstat events ({@link Sink#into}). */
    public static final String LOGGER = "sockstats";

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration period() {
        return period;
    }

    @Override
    public synchronized boolean start(final Log log) {
        if (running) {
            return true;
        }
        this.log = log;
        interfacesOn = false;
        if (interfaces) {
            if (interfaceCounters.available()) {
                interfacesOn = true;
            } else {
                log.error("sockstat \"" + name + "\": this system has no interface counters (no /proc/net/dev);"
                    + " interfaces are not counted");
            }
        }
        if (jfrRule != null) {
            try {
                jfr = new JfrSocketSource(stats, jfrRule);
                jfr.start();
            } catch (final IllegalStateException e) {
                jfr = null;
                log.error("sockstat \"" + name + "\": " + e.getMessage() + "; JFR socket events are not counted");
            }
        }
        if (!labels && !interfacesOn && jfr == null) {
            log.error("sockstat \"" + name + "\": nothing to count (labels off, no interface counters, no JFR); it"
                + " stays off");
            return false;
        }
        running = true;
        // The baseline: what moves from now on is reported, from the first poll.
        previous = snapshot();
        periodStart = System.currentTimeMillis();
        return true;
    }

    @Override
    public synchronized void poll(final long nowMillis) {
        if (!running) {
            return;
        }
        final Map<String, long[]> now = snapshot();
        if (previous != null) {
            final Map<String, long[]> moved = Deltas.between(previous, now);
            if (!moved.isEmpty()) {
                sink.emit(periodStart, json(periodStart, nowMillis - periodStart, cellular(), moved));
            }
        }
        previous = now;
        periodStart = nowMillis;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        poll(System.currentTimeMillis()); // what moved since the last poll is written too
        running = false;
        previous = null;
        if (jfr != null) {
            jfr.stop();
            jfr = null;
        }
    }

    /** Every counter now, keyed as the events key them: labels in the order made, then interfaces. */
    private Map<String, long[]> snapshot() {
        final Map<String, long[]> out = new LinkedHashMap<>();
        if (labels || jfr != null) {
            for (final SockLabel l : stats.labelsShared()) {
                if (interfaceLabels.contains(l.name())) {
                    continue;
                }
                if (!labels && !l.name().startsWith("jfr:")) {
                    continue;
                }
                out.put(key(l), new long[] {l.tx(), l.rx()});
            }
        }
        if (interfacesOn) {
            try {
                for (final Map.Entry<String, long[]> e : interfaceCounters.read().entrySet()) {
                    final String label = "if:" + e.getKey();
                    interfaceLabels.add(label);
                    out.put(keys == LabelKeys.NUMBER ? Integer.toString(stats.label(label).number()) : label, e.getValue());
                }
            } catch (final IOException | IllegalArgumentException e) {
                interfacesOn = false;
                log.error("sockstat \"" + name + "\": reading the interface counters failed (" + e.getMessage()
                    + "); interfaces are no longer counted", null);
            }
        }
        return out;
    }

    private String key(final SockLabel l) {
        return keys == LabelKeys.NUMBER ? Integer.toString(l.number()) : l.name();
    }

    /**
     * Whether the default route's interface, now, at the end of the period, is named like a
     * cellular modem (as Tailscale decides it): read from the routing table whether or not the
     * interfaces' counters are on.
     */
    private boolean cellular() {
        try {
            return InterfaceCounters.isCellular(defaultRoute.get(), cellularPrefixes);
        } catch (final RuntimeException e) {
            return false; // a route that cannot be told is not cellular
        }
    }

    /** The event's JSON line. */
    static String json(final long start, final long duration, final boolean cellular, final Map<String, long[]> moved) {
        final StringWriter w = new StringWriter(64 + 32 * moved.size());
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("t", start);
            g.writeNumberField("d", duration);
            if (cellular) {
                g.writeNumberField("c", 1);
            }
            g.writeObjectFieldStart("s");
            for (final Map.Entry<String, long[]> e : moved.entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                g.writeNumber(e.getValue()[0]);
                g.writeNumber(e.getValue()[1]);
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** Builder; everything but the sink has a default. */
    public static final class Builder {
        private final Sink sink;
        private String name = "sockstats";
        private SockStats stats = SockStats.global();
        private boolean labels = true;
        private boolean interfaces = true;
        private InterfaceCounters interfaceCounters = new InterfaceCounters();
        private List<String> cellularPrefixes = List.of();
        private Supplier<String> defaultRoute;
        private JfrSocketSource.Rule jfrRule;
        private Duration period = Duration.ofMillis(100);
        private LabelKeys keys = LabelKeys.NAME;

        private Builder(final Sink sink) {
            this.sink = sink;
        }

        public Builder name(final String name) {
            this.name = name;
            return this;
        }

        /** The labels to count; {@link SockStats#global()} by default. */
        public Builder stats(final SockStats stats) {
            this.stats = stats;
            return this;
        }

        /** Whether labelled sockets are counted; on by default. */
        public Builder labels(final boolean on) {
            this.labels = on;
            return this;
        }

        /** Whether the machine's interfaces are counted as {@code if:<name>}; on by default. */
        public Builder interfaceCounters(final boolean on) {
            this.interfaces = on;
            return this;
        }

        /** Where interface counters are read from (tests); Linux's {@code /proc/net} by default. */
        public Builder interfaceCounters(final InterfaceCounters counters) {
            this.interfaceCounters = counters;
            return this;
        }

        /** Interface name prefixes that mean cellular, besides {@code rmnet}, {@code ww} and {@code pdp}. */
        public Builder cellularPrefixes(final List<String> more) {
            this.cellularPrefixes = List.copyOf(more);
            return this;
        }

        /**
         * The interface of the default route, asked at the end of each period that logs an event
         * for the cellular flag; by default the {@linkplain #interfaceCounters(InterfaceCounters)
         * interface counters'} routing table ({@code /proc/net/route}; none elsewhere).
         */
        public Builder defaultRoute(final Supplier<String> interfaceName) {
            this.defaultRoute = interfaceName;
            return this;
        }

        /** Counts JFR's socket events under labels by {@code rule}; off (null) by default. */
        public Builder jfr(final JfrSocketSource.Rule rule) {
            this.jfrRule = rule;
            return this;
        }

        /** Time between polls; 100 ms by default. */
        public Builder period(final Duration period) {
            this.period = period;
            return this;
        }

        public Builder labelKeys(final LabelKeys keys) {
            this.keys = keys;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting at fault
         */
        public SockStatsEmitter build() {
            if (period == null || period.toMillis() < 1) {
                throw new IllegalArgumentException("sockstat \"" + name + "\": pollPeriod=" + period + " must be at least 1 ms");
            }
            if (sink == null) {
                throw new IllegalArgumentException("sockstat \"" + name + "\": no sink for its events");
            }
            return new SockStatsEmitter(this);
        }
    }
}
