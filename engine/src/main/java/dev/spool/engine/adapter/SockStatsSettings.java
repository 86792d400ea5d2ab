package dev.spool.engine.adapter;

import dev.spool.engine.sockstat.JfrSocketSource;
import dev.spool.engine.sockstat.SockStatsEmitter;

import java.time.Duration;
import java.util.Locale;

/**
 * sockstat's settings as the adapters take them from a configuration file, as text, so both
 * frameworks accept the same values; every error names the setting and its value.
 */
public final class SockStatsSettings {
    private SockStatsSettings() {
    }

    /**
     * An emitter for {@code sink}; null settings take their defaults.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public static SockStatsEmitter emitter(final SockStatsEmitter.Sink sink, final String name, final String pollPeriod,
                                           final String labelKeys, final String interfaceCounters, final String jfr,
                                           final String jfrLabel, final String cellularPrefixes) {
        final SockStatsEmitter.Builder b = SockStatsEmitter.builder(sink).name(name == null ? "sockstats" : name)
            .period(AdapterSettings.parseDuration("pollPeriod", pollPeriod, Duration.ofMillis(100)))
            .interfaceCounters(bool("interfaceCounters", interfaceCounters, true));
        if (cellularPrefixes != null) {
            final java.util.List<String> more = new java.util.ArrayList<>();
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
        return b.build();
    }

    /** The ring's cap: {@code maxSize}, 5 MiB by default. */
    public static long maxSize(final String maxSize) {
        return maxSize == null ? 5L << 20 : AdapterSettings.parseSize("maxSize", maxSize);
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
