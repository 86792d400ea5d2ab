package dev.spool.engine.adapter;

import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.sockstat.JfrSocketSource;
import dev.spool.engine.sockstat.SockStats;
import dev.spool.engine.sockstat.SockStatsEmitter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * sockstat's settings as the adapters take them from a configuration file, as text, so both
 * frameworks accept the same values; every error names the setting and its value. Unset settings
 * take their defaults.
 */
public final class SockStatsSettings {
    private String name;
    private String directory;
    private String pollPeriod;
    private String maxSize;
    private String maxDelay;
    private String labelKeys;
    private String labelNumbers;
    private String interfaceCounters;
    private String jfr;
    private String jfrLabel;
    private String cellularPrefixes;

    /** The emitter's and the ring's name; {@code sockstats} by default. */
    public SockStatsSettings name(final String value) {
        this.name = value;
        return this;
    }

    public String name() {
        return name == null ? "sockstats" : name;
    }

    /** The ring's directory; {@code logs} by default. */
    public SockStatsSettings directory(final String value) {
        this.directory = value;
        return this;
    }

    public SockStatsSettings pollPeriod(final String value) {
        this.pollPeriod = value;
        return this;
    }

    /** The ring's cap, both files together; 5 MiB by default. */
    public SockStatsSettings maxSize(final String value) {
        this.maxSize = value;
        return this;
    }

    /** How long the ring's lines may wait in memory before they are written; 5 s by default. */
    public SockStatsSettings maxDelay(final String value) {
        this.maxDelay = value;
        return this;
    }

    public SockStatsSettings labelKeys(final String value) {
        this.labelKeys = value;
        return this;
    }

    /** Numbers given to labels, {@code name=number} pairs separated by commas ({@link SockStats#numbers}). */
    public SockStatsSettings labelNumbers(final String value) {
        this.labelNumbers = value;
        return this;
    }

    public SockStatsSettings interfaceCounters(final String value) {
        this.interfaceCounters = value;
        return this;
    }

    public SockStatsSettings jfr(final String value) {
        this.jfr = value;
        return this;
    }

    public SockStatsSettings jfrLabel(final String value) {
        this.jfrLabel = value;
        return this;
    }

    /** More interface name prefixes that mean cellular, comma-separated. */
    public SockStatsSettings cellularPrefixes(final String value) {
        this.cellularPrefixes = value;
        return this;
    }

    /**
     * Checks every setting without changing anything (label numbers are checked as text only).
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public void check() {
        builder((millis, json) -> { }).build();
        ring();
        if (labelNumbers != null) {
            new SockStats().numbers(labelNumbers); // a registry of its own: the global one is not touched
        }
    }

    /**
     * The emitter for {@code sink}; the label numbers are given to {@link SockStats#global()}.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public SockStatsEmitter emitter(final SockStatsEmitter.Sink sink) {
        final SockStatsEmitter emitter = builder(sink).build();
        if (labelNumbers != null) {
            SockStats.global().numbers(labelNumbers);
        }
        return emitter;
    }

    /**
     * The two-file ring the events go to when no appender is named ({@link SockStatsEmitter#ring}).
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public LogObjectConfig ring() {
        return SockStatsEmitter.ring(name(), Path.of(directory == null ? "logs" : directory),
            maxSize == null ? 5L << 20 : AdapterSettings.parseSize("maxSize", maxSize),
            AdapterSettings.parseDuration("maxDelay", maxDelay, SockStatsEmitter.RING_MAX_DELAY));
    }

    private SockStatsEmitter.Builder builder(final SockStatsEmitter.Sink sink) {
        final SockStatsEmitter.Builder b = SockStatsEmitter.builder(sink).name(name())
            .period(AdapterSettings.parseDuration("pollPeriod", pollPeriod, Duration.ofMillis(100)))
            .interfaceCounters(bool("interfaceCounters", interfaceCounters, true));
        if (cellularPrefixes != null) {
            final List<String> more = new ArrayList<>();
            for (final String p : cellularPrefixes.split(",")) {
                if (!p.isBlank()) {
                    more.add(p.trim());
                }
            }
            b.cellularPrefixes(more);
        }
        if (labelKeys != null) {
            switch (labelKeys.trim().toLowerCase(Locale.ROOT)) {
                case "name": b.labelKeys(SockStatsEmitter.LabelKeys.NAME); break;
                case "number": b.labelKeys(SockStatsEmitter.LabelKeys.NUMBER); break;
                default: throw new IllegalArgumentException("labelKeys=\"" + labelKeys + "\" is not name or number");
            }
        }
        if (bool("jfr", jfr, false)) {
            final String rule = jfrLabel == null ? "port" : jfrLabel.trim().toLowerCase(Locale.ROOT);
            switch (rule) {
                case "port": b.jfr(JfrSocketSource.Rule.PORT); break;
                case "host": b.jfr(JfrSocketSource.Rule.HOST); break;
                case "thread": b.jfr(JfrSocketSource.Rule.THREAD); break;
                default: throw new IllegalArgumentException("jfrLabel=\"" + jfrLabel + "\" is not port, host or thread");
            }
        }
        return b;
    }

    private static boolean bool(final String setting, final String value, final boolean otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(setting + "=\"" + value + "\" is not true or false");
    }
}
