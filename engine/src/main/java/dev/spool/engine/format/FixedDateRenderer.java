package dev.spool.engine.format;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders timestamps in a fixed-width, numeric date pattern ({@code yyyy-MM-dd HH:mm:ss,SSS} and
 * the like) without formatting each one: the text of the current second is made once, by a
 * {@link DateTimeFormatter}, and each timestamp within it copies those bytes and writes its three
 * millisecond digits in place. So the cost per event is one copy and three digits, and a new second
 * costs one formatter call (the zone's offset is looked up then, so offset changes are followed).
 *
 * <p>Only patterns whose output has the same width for every instant qualify, because the
 * millisecond digits must sit at a known place: the letters {@code yyyy} or {@code yy}, {@code MM},
 * {@code dd}, {@code HH}, {@code mm}, {@code ss} and exactly one {@code SSS}, with any literal text
 * (quoted or punctuation) between them. {@link #of} answers null for any other pattern, and the
 * caller formats another way. Used by one thread at a time.
 */
public final class FixedDateRenderer {
    private final DateTimeFormatter formatter;
    private final StringBuilder text = new StringBuilder(48);
    private final int millisAt;
    private byte[] second = new byte[0];
    private long cachedSecond = Long.MIN_VALUE;

    private FixedDateRenderer(final DateTimeFormatter formatter, final int millisAt) {
        this.formatter = formatter;
        this.millisAt = millisAt;
    }

    /**
     * A renderer for {@code pattern} (in {@link DateTimeFormatter} syntax) in {@code zone}, or null
     * when the pattern is not one this class can render exactly.
     */
    public static FixedDateRenderer of(final String pattern, final ZoneId zone) {
        if (!fixedWidth(pattern)) {
            return null;
        }
        final DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(zone);
        } catch (final IllegalArgumentException e) {
            return null;
        }
        // Where the millisecond digits are: the only bytes that differ between .000 and .999 of a second.
        final byte[] zero = formatter.format(Instant.ofEpochSecond(1_000_000_000L)).getBytes(StandardCharsets.UTF_8);
        final byte[] nines = formatter.format(Instant.ofEpochSecond(1_000_000_000L, 999_000_000L))
            .getBytes(StandardCharsets.UTF_8);
        if (zero.length != nines.length) {
            return null;
        }
        int first = -1;
        int differing = 0;
        for (int i = 0; i < zero.length; i++) {
            if (zero[i] != nines[i]) {
                first = first < 0 ? i : first;
                differing++;
            }
        }
        if (differing != 3 || zero[first] != '0' || nines[first + 2] != '9' || zero[first + 2] != '0') {
            return null;
        }
        return new FixedDateRenderer(formatter, first);
    }

    /** Writes the timestamp {@code epochNanos} (nanoseconds since the epoch). */
    public void render(final long epochNanos, final TextOutput out) {
        final long epochSecond = Math.floorDiv(epochNanos, 1_000_000_000L);
        if (epochSecond != cachedSecond) {
            text.setLength(0);
            formatter.formatTo(Instant.ofEpochSecond(epochSecond), text);
            second = text.toString().getBytes(StandardCharsets.UTF_8);
            cachedSecond = epochSecond;
        }
        final int at = out.length();
        out.write(second);
        final int millis = (int) (Math.floorMod(epochNanos, 1_000_000_000L) / 1_000_000L);
        out.overwriteDigits(at + millisAt, millis, 3);
    }

    /** Whether every field letter of {@code pattern} is one of the fixed-width numeric ones, SSS once. */
    private static boolean fixedWidth(final String pattern) {
        int millisRuns = 0;
        boolean quoted = false;
        int i = 0;
        while (i < pattern.length()) {
            final char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                i++;
                continue;
            }
            if (quoted || !Character.isLetter(c)) {
                if (!quoted && (c == '[' || c == ']' || c == '{' || c == '}' || c == '#')) {
                    return false; // optional sections and reserved characters
                }
                i++;
                continue;
            }
            int run = 1;
            while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
                run++;
            }
            switch (c) {
                case 'y':
                    if (run != 2 && run != 4) {
                        return false;
                    }
                    break;
                case 'M': case 'd': case 'H': case 'm': case 's':
                    if (run != 2) {
                        return false;
                    }
                    break;
                case 'S':
                    if (run != 3) {
                        return false;
                    }
                    millisRuns++;
                    break;
                default:
                    return false;
            }
            i += run;
        }
        return !quoted && millisRuns == 1;
    }
}
