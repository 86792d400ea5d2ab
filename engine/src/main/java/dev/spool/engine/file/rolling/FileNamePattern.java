package dev.spool.engine.file.rolling;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rolled-file name pattern as Log4j2 and Logback write them: {@code %d{date pattern}} (also
 * {@code %d{pattern}{zone}}, Log4j2's form, and {@code %d{pattern, zone}} or
 * {@code %d{pattern, aux}}, Logback's), {@code %i} for the index, and an ending that means
 * "compress the rolled file": {@code .gz}, {@code .zip} or {@code .deflate} (the JDK writes them),
 * {@code .bz2} (needs {@code org.apache.commons:commons-compress}), {@code .xz} (needs
 * {@code org.tukaani:xz}) or {@code .zst} (needs {@code com.github.luben:zstd-jni}); see
 * {@link Compression}. {@code %d} alone is {@code %d{yyyy-MM-dd}}. The first {@code %d} that is not
 * {@code aux} sets the rollover period: its finest field (a day for {@code yyyy-MM-dd}, an hour for
 * {@code yyyy-MM-dd-HH}).
 *
 * <p>Existing files match with any of the compressed endings, not only the pattern's own, so that
 * files rolled before the pattern's compression changed are still counted and pruned.
 */
public final class FileNamePattern {
    private record DatePart(DateTimeFormatter formatter, ZoneId zone, boolean aux, ChronoUnit unit) {
    }

    private static final Object INDEX = new Object();

    private final String pattern;
    private final List<Object> parts; // String literal, DatePart, or INDEX
    private final Compression compression;
    private final DatePart primary;
    private final Pattern regex;

    private FileNamePattern(final String pattern, final List<Object> parts, final Compression compression) {
        this.pattern = pattern;
        this.parts = parts;
        this.compression = compression;
        DatePart p = null;
        final StringBuilder r = new StringBuilder();
        for (final Object part : parts) {
            if (part instanceof String) {
                r.append(Pattern.quote((String) part));
            } else if (part == INDEX) {
                r.append("(?<i>\\d+)");
            } else {
                final DatePart d = (DatePart) part;
                if (!d.aux && p == null) {
                    p = d;
                    r.append("(?<d>.+?)");
                } else {
                    r.append(".+?");
                }
            }
        }
        r.append(Compression.ANY_SUFFIX_REGEX);
        this.primary = p;
        this.regex = Pattern.compile(r.toString());
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException naming the position and what is wrong, or, when the pattern
     *                                  asks for a compression whose library is absent, the Maven
     *                                  coordinates to add ({@link Compression#unavailableReason})
     */
    public static FileNamePattern parse(final String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("fileNamePattern is empty");
        }
        final Compression compression = Compression.of(pattern);
        final String unavailable = compression.unavailableReason();
        if (unavailable != null) {
            throw new IllegalArgumentException("fileNamePattern \"" + pattern + "\": " + unavailable);
        }
        final String body = pattern.substring(0, pattern.length() - compression.suffix().length());
        final List<Object> parts = new ArrayList<>();
        final StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            final char c = body.charAt(i);
            if (c != '%' || i + 1 >= body.length()) {
                literal.append(c);
                i++;
                continue;
            }
            final char k = body.charAt(i + 1);
            if (k == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            if (k == 'i') {
                parts.add(INDEX);
                i += 2;
            } else if (k == 'd') {
                i = parseDate(pattern, body, i, parts);
            } else {
                throw new IllegalArgumentException("fileNamePattern \"" + pattern + "\": unknown conversion \"%" + k
                    + "\" at position " + i + " (only %d{...} and %i)");
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new FileNamePattern(pattern, parts, compression);
    }

    private static int parseDate(final String pattern, final String body, final int start, final List<Object> parts) {
        int i = start + 2;
        String format = "yyyy-MM-dd";
        String zone = null;
        boolean aux = false;
        if (i < body.length() && body.charAt(i) == '{') {
            final int close = body.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("fileNamePattern \"" + pattern + "\": unclosed \"{\" at position " + i);
            }
            final String[] options = body.substring(i + 1, close).split(",");
            format = options[0].trim().isEmpty() ? format : options[0].trim();
            for (int o = 1; o < options.length; o++) {
                final String opt = options[o].trim();
                if (opt.equalsIgnoreCase("aux")) {
                    aux = true;
                } else if (!opt.isEmpty()) {
                    zone = opt;
                }
            }
            i = close + 1;
            if (i < body.length() && body.charAt(i) == '{') { // Log4j2: %d{pattern}{zone}
                final int zoneClose = body.indexOf('}', i);
                if (zoneClose < 0) {
                    throw new IllegalArgumentException("fileNamePattern \"" + pattern + "\": unclosed \"{\" at position "
                        + i);
                }
                zone = body.substring(i + 1, zoneClose).trim();
                i = zoneClose + 1;
            }
        }
        final ZoneId zoneId;
        final DateTimeFormatter formatter;
        try {
            zoneId = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
            formatter = DateTimeFormatter.ofPattern(format).withZone(zoneId);
        } catch (final DateTimeException | IllegalArgumentException e) {
            throw new IllegalArgumentException("fileNamePattern \"" + pattern + "\": bad %d at position " + start + ": "
                + e.getMessage());
        }
        parts.add(new DatePart(formatter, zoneId, aux, finestUnit(format)));
        return i;
    }

    /** The finest calendar field a date pattern shows. */
    static ChronoUnit finestUnit(final String format) {
        ChronoUnit finest = ChronoUnit.FOREVER;
        boolean quoted = false;
        for (int i = 0; i < format.length(); i++) {
            final char c = format.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                continue;
            }
            if (quoted) {
                continue;
            }
            final ChronoUnit u;
            switch (c) {
                case 'y': case 'u': case 'Y': u = ChronoUnit.YEARS; break;
                case 'M': case 'L': u = ChronoUnit.MONTHS; break;
                case 'w': case 'W': u = ChronoUnit.WEEKS; break;
                case 'd': case 'D': case 'E': case 'e': case 'F': u = ChronoUnit.DAYS; break;
                case 'a': case 'H': case 'k': case 'K': case 'h': u = ChronoUnit.HOURS; break;
                case 'm': u = ChronoUnit.MINUTES; break;
                case 's': u = ChronoUnit.SECONDS; break;
                case 'S': case 'n': case 'N': u = ChronoUnit.MILLIS; break;
                default: u = null;
            }
            if (u != null && u.getDuration().compareTo(finest.getDuration()) < 0) {
                finest = u;
            }
        }
        return finest == ChronoUnit.FOREVER ? null : finest;
    }

    public String pattern() {
        return pattern;
    }

    public Compression compression() {
        return compression;
    }

    public boolean hasIndex() {
        return parts.contains(INDEX);
    }

    /** The rollover unit, from the first non-aux {@code %d}; {@code null} without one. */
    public ChronoUnit unit() {
        return primary == null ? null : primary.unit;
    }

    public ZoneId zone() {
        return primary == null ? ZoneId.systemDefault() : primary.zone;
    }

    /** The rolled file's name, compression suffix included. */
    public String format(final Instant periodStart, final int index) {
        return formatPlain(periodStart, index) + compression.suffix();
    }

    /** The rolled file's name before compression. */
    public String formatPlain(final Instant periodStart, final int index) {
        final StringBuilder b = new StringBuilder();
        for (final Object part : parts) {
            if (part instanceof String) {
                b.append((String) part);
            } else if (part == INDEX) {
                b.append(index);
            } else {
                ((DatePart) part).formatter.formatTo(periodStart, b);
            }
        }
        return b.toString();
    }

    /**
     * What an existing file's name says: its period start (or null), index (or -1) and the
     * compression its ending shows (whichever it is, not necessarily the pattern's).
     */
    public record Match(Instant periodStart, int index, Compression compression) {
        public boolean compressed() {
            return compression != Compression.NONE;
        }
    }

    /**
     * Parses a file path (as formatted, relative or absolute the same way as the pattern) back.
     *
     * @return {@code null} when the name does not fit the pattern
     */
    public Match match(final String name) {
        final Matcher m = regex.matcher(name);
        if (!m.matches()) {
            return null;
        }
        int index = -1;
        Instant start = null;
        if (hasIndex()) {
            try {
                index = Integer.parseInt(m.group("i"));
            } catch (final NumberFormatException e) {
                return null;
            }
        }
        if (primary != null) {
            start = parseInstant(m.group("d"));
            if (start == null || !formatPlainDate(start).equals(m.group("d"))) {
                return null;
            }
        }
        return new Match(start, index, Compression.of(name));
    }

    private String formatPlainDate(final Instant t) {
        return primary.formatter.format(t);
    }

    private Instant parseInstant(final String text) {
        try {
            final TemporalAccessor t = primary.formatter.parse(text);
            final LocalDateTime l = LocalDateTime.of(get(t, ChronoField.YEAR, 1970), get(t, ChronoField.MONTH_OF_YEAR, 1),
                get(t, ChronoField.DAY_OF_MONTH, 1), get(t, ChronoField.HOUR_OF_DAY, 0), get(t, ChronoField.MINUTE_OF_HOUR, 0),
                get(t, ChronoField.SECOND_OF_MINUTE, 0));
            return l.atZone(primary.zone).toInstant();
        } catch (final DateTimeException e) {
            return null;
        }
    }

    private static int get(final TemporalAccessor t, final ChronoField f, final int otherwise) {
        return t.isSupported(f) ? t.get(f) : otherwise;
    }

    /** Start of the period of {@code units} units that contains {@code t} (aligned, as Log4j2's modulate aligns it). */
    public static ZonedDateTime periodStart(final ZonedDateTime t, final ChronoUnit unit, final int units) {
        ZonedDateTime s;
        switch (unit) {
            case YEARS: s = t.with(TemporalAdjusters.firstDayOfYear()).truncatedTo(ChronoUnit.DAYS); break;
            case MONTHS: s = t.with(TemporalAdjusters.firstDayOfMonth()).truncatedTo(ChronoUnit.DAYS); break;
            case WEEKS: s = t.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS);
                break;
            default: s = t.truncatedTo(unit);
        }
        if (units > 1) {
            switch (unit) {
                case HOURS: s = s.withHour(s.getHour() / units * units); break;
                case MINUTES: s = s.withMinute(s.getMinute() / units * units); break;
                case SECONDS: s = s.withSecond(s.getSecond() / units * units); break;
                // Days are counted in the year, from 1, as Log4j2 counts them (a period begins on a day
                // of the year that is a multiple of the interval, the day before New Year's Day too).
                case DAYS: s = s.minusDays(s.getDayOfYear() % units); break;
                case MONTHS: s = s.withMonth((s.getMonthValue() - 1) / units * units + 1); break;
                default: break;
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
