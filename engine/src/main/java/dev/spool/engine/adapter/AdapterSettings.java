package dev.spool.engine.adapter;

import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Spool's own settings as the adapters take them from a framework's configuration file, as text:
 * {@code mode}, {@code whenFull}, {@code maxDelay}, {@code spoolBufferSize},
 * {@code spoolBufferCount}, {@code waitWarning}. One parser for both frameworks, so they accept the
 * same values.
 *
 * <p>A value that does not parse or is out of range does as the stock appenders do with a bad
 * size: the default is used, and one error names the attribute, the value and the default. The
 * appender still runs; a logging backend does not take an application's log away over a typo.
 */
public final class AdapterSettings {
    private AdapterSettings() {
    }

    /**
     * Applies the attributes that are set (null: the default). A bad one is reported to
     * {@code error} (attribute, value, why, the default used) and its default applies.
     */
    public static LogObjectConfig.Builder apply(final LogObjectConfig.Builder b, final String mode, final String whenFull,
                                         final String maxDelay, final String spoolBufferSize,
                                         final String spoolBufferCount, final String waitWarning,
                                         final Consumer<String> error) {
        b.mode(orDefault("mode", mode, LogMode.TEXT, "text", AdapterSettings::parseMode, error))
            .whenFull(orDefault("whenFull", whenFull, WhenFull.BLOCK, "block", AdapterSettings::parseWhenFull, error))
            .maxDelay(orDefault("maxDelay", maxDelay, LogObjectConfig.DEFAULT_MAX_DELAY,
                show(LogObjectConfig.DEFAULT_MAX_DELAY), v -> within(
                "maxDelay", v, parseDuration("maxDelay", v, null), LogObjectConfig.MIN_MAX_DELAY,
                LogObjectConfig.MAX_MAX_DELAY, "1 ms and 1 h"), error))
            .waitWarning(orDefault("waitWarning", waitWarning, LogObjectConfig.DEFAULT_WAIT_WARNING,
                show(LogObjectConfig.DEFAULT_WAIT_WARNING), v -> within(
                "waitWarning", v, parseDuration("waitWarning", v, null), Duration.ofMillis(1), Duration.ofDays(365),
                "1 ms and 365 days"), error));
        final long size = orDefault("spoolBufferSize", spoolBufferSize, (long) LogObjectConfig.DEFAULT_BUFFER_SIZE,
            LogObjectConfig.DEFAULT_BUFFER_SIZE / 1024 + " KB", v -> within("spoolBufferSize", v,
                parseSize("spoolBufferSize", v), (long) LogObjectConfig.MIN_BUFFER_SIZE, (long) LogObjectConfig.MAX_BUFFER_SIZE, "1 KB and 1 GB"), error);
        int count = orDefault("spoolBufferCount", spoolBufferCount, LogObjectConfig.DEFAULT_BUFFER_COUNT,
            String.valueOf(LogObjectConfig.DEFAULT_BUFFER_COUNT),
            v -> within("spoolBufferCount", v, parseInt("spoolBufferCount", v), 2, LogObjectConfig.MAX_BUFFER_COUNT,
                "2 and " + LogObjectConfig.MAX_BUFFER_COUNT), error);
        if (size * count > LogObjectConfig.MAX_BUFFER_BYTES) {
            error.accept("spoolBufferSize x spoolBufferCount = " + size * count + " bytes is more than "
                + (LogObjectConfig.MAX_BUFFER_BYTES >> 30) + " GiB of buffers; using the default spoolBufferCount "
                + LogObjectConfig.DEFAULT_BUFFER_COUNT);
            count = LogObjectConfig.DEFAULT_BUFFER_COUNT;
        }
        return b.bufferSize((int) size).bufferCount(count);
    }

    /**
     * {@code true} or {@code false} (any case); null is the default. Anything else is reported to
     * {@code error} and the default is used.
     */
    public static boolean parseBoolean(final String attribute, final String value, final boolean otherwise,
                                       final Consumer<String> error) {
        return orDefault(attribute, value, otherwise, String.valueOf(otherwise), v -> parseBoolean(attribute, v), error);
    }

    /**
     * The parsed value, or, when {@code value} is null, {@code otherwise}; when it does not parse,
     * {@code otherwise} after one report naming the attribute, the value and the default.
     */
    public static <T> T orDefault(final String attribute, final String value, final T otherwise, final String shown,
                                  final Function<String, T> parse, final Consumer<String> error) {
        if (value == null) {
            return otherwise;
        }
        try {
            return parse.apply(value);
        } catch (final IllegalArgumentException e) {
            error.accept(e.getMessage() + "; using the default " + attribute + "=\"" + shown + "\"");
            return otherwise;
        }
    }

    private static String show(final Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static <T extends Comparable<T>> T within(final String attribute, final String value, final T parsed,
                                                      final T min, final T max, final String range) {
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new IllegalArgumentException(attribute + "=\"" + value + "\" is out of range: must be between " + range);
        }
        return parsed;
    }

    public static LogMode parseMode(final String mode) {
        if (mode == null || mode.equalsIgnoreCase("text")) {
            return LogMode.TEXT;
        }
        if (mode.equalsIgnoreCase("binary")) {
            return LogMode.BINARY;
        }
        throw new IllegalArgumentException("mode=\"" + mode + "\" is not text or binary");
    }

    public static WhenFull parseWhenFull(final String whenFull) {
        if (whenFull == null || whenFull.equalsIgnoreCase("block")) {
            return WhenFull.BLOCK;
        }
        if (whenFull.equalsIgnoreCase("drop")) {
            return WhenFull.DROP;
        }
        throw new IllegalArgumentException("whenFull=\"" + whenFull + "\" is not block or drop");
    }

    /** {@code true} or {@code false} (any case); null is false. Anything else is an error naming the attribute. */
    public static boolean parseBoolean(final String attribute, final String value) {
        if (value == null || value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(attribute + "=\"" + value + "\" is not true or false");
    }

    public static int parseInt(final String attribute, final String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(attribute + "=\"" + value + "\" is not a whole number");
        }
    }

    /** Sizes as Log4j2 and Logback write them: {@code 256 KB}, {@code 10MB}, {@code 1048576}. */
    public static long parseSize(final String attribute, final String value) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*([KMG]?B?)\\s*",
            java.util.regex.Pattern.CASE_INSENSITIVE).matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(attribute + "=\"" + value + "\" is not a size (like 256 KB or 10MB)");
        }
        if (m.group(1).length() > 12) {
            throw new IllegalArgumentException(attribute + "=\"" + value + "\" is too large");
        }
        final long n = Long.parseLong(m.group(1));
        switch (m.group(2).toUpperCase(Locale.ROOT).replace("B", "")) {
            case "K": return n * 1024;
            case "M": return n * 1024 * 1024;
            case "G": return n * 1024 * 1024 * 1024;
            default: return n;
        }
    }

    /** Durations like {@code 100ms}, {@code 1s}, {@code 2 s}, {@code 500}(ms). */
    public static Duration parseDuration(final String attribute, final String value, final Duration otherwise) {
        if (value == null) {
            return otherwise;
        }
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*(ms|s|m)?\\s*",
            java.util.regex.Pattern.CASE_INSENSITIVE).matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(attribute + "=\"" + value + "\" is not a duration (like 100ms or 2s)");
        }
        if (m.group(1).length() > 12) {
            throw new IllegalArgumentException(attribute + "=\"" + value + "\" is too long");
        }
        final long n = Long.parseLong(m.group(1));
        final String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        return unit.equals("s") ? Duration.ofSeconds(n) : unit.equals("m") ? Duration.ofMinutes(n) : Duration.ofMillis(n);
    }
}
