package dev.spool.engine.adapter;

import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.WhenFull;

import java.time.Duration;
import java.util.Locale;

/**
 * Spool's own settings as the adapters take them from a framework's configuration file, as text:
 * {@code mode}, {@code whenFull}, {@code maxDelay}, {@code spoolBufferSize},
 * {@code spoolBufferCount}, {@code waitWarning}. One parser for both frameworks, so they accept the same values; every
 * parse error names the attribute and its value.
 */
public final class AdapterSettings {
    private AdapterSettings() {
    }

    /**
     * Applies the attributes that are set (null: the default).
     *
     * @throws IllegalArgumentException naming the attribute at fault
     */
    public static LogObjectConfig.Builder apply(final LogObjectConfig.Builder b, final String mode, final String whenFull,
                                         final String maxDelay, final String spoolBufferSize,
                                         final String spoolBufferCount, final String waitWarning) {
        b.mode(parseMode(mode)).whenFull(parseWhenFull(whenFull))
            .maxDelay(parseDuration("maxDelay", maxDelay, LogObjectConfig.DEFAULT_MAX_DELAY))
            .waitWarning(parseDuration("waitWarning", waitWarning, LogObjectConfig.DEFAULT_WAIT_WARNING));
        if (spoolBufferSize != null) {
            b.bufferSize((int) Math.min(Integer.MAX_VALUE, parseSize("spoolBufferSize", spoolBufferSize)));
        }
        if (spoolBufferCount != null) {
            b.bufferCount(parseInt("spoolBufferCount", spoolBufferCount));
        }
        return b;
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
        final long n = Long.parseLong(m.group(1));
        final String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        return unit.equals("s") ? Duration.ofSeconds(n) : unit.equals("m") ? Duration.ofMinutes(n) : Duration.ofMillis(n);
    }
}
