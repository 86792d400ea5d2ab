package dev.spool.engine.format;

import dev.spool.engine.event.LogEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * An ATS-style filter on one field's value. A log object keeps an event when it matches every
 * {@code accept} filter and no {@code reject} filter; a {@code wipe} filter keeps the event but
 * masks the values of named parameters ({@code name=value}) inside a stored field with
 * {@code X}s, on the caller's thread, so the secret never reaches a buffer or a file.
 *
 * <p>Written as text: {@code accept level MATCH ERROR,WARN}, {@code reject logger CONTAIN health},
 * {@code reject {user}mdc CASE_INSENSITIVE_MATCH bot}, {@code wipe msg password,token}.
 */
public final class LogFilter {
    /** What a matching filter does. */
    public enum Action { ACCEPT, REJECT, WIPE }

    /** How the field's value is compared with the filter's values (any value may match). */
    public enum Operator {
        MATCH, CASE_INSENSITIVE_MATCH, CONTAIN, CASE_INSENSITIVE_CONTAIN, EQ, NE, LT, LE, GT, GE;

        boolean numeric() {
            return ordinal() >= EQ.ordinal();
        }
    }

    private final Action action;
    private final String fieldSpec;
    private final String fieldName;
    private final String key;
    private final Operator operator;
    private final String[] values;
    private final long[] numbers;
    private LogField field;

    private LogFilter(final Action action, final String fieldSpec, final Operator operator, final String[] values) {
        this.action = action;
        this.fieldSpec = fieldSpec;
        if (fieldSpec == null || fieldSpec.isEmpty()) {
            throw new IllegalArgumentException("filter needs a field");
        }
        if (fieldSpec.startsWith("{")) {
            final int close = fieldSpec.indexOf('}');
            if (close < 0) {
                throw new IllegalArgumentException("filter field \"" + fieldSpec + "\": unclosed \"{\"");
            }
            this.key = fieldSpec.substring(1, close);
            this.fieldName = fieldSpec.substring(close + 1);
        } else {
            this.key = null;
            this.fieldName = fieldSpec;
        }
        this.operator = operator;
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("filter on \"" + fieldSpec + "\" needs at least one value");
        }
        this.values = values.clone();
        this.numbers = new long[values.length];
        if (operator != null && operator.numeric()) {
            for (int i = 0; i < values.length; i++) {
                try {
                    numbers[i] = Long.parseLong(values[i].trim());
                } catch (final NumberFormatException e) {
                    throw new IllegalArgumentException("filter on \"" + fieldSpec + "\": " + operator
                        + " needs numbers, got \"" + values[i] + "\"");
                }
            }
        }
        if (operator == Operator.CASE_INSENSITIVE_MATCH || operator == Operator.CASE_INSENSITIVE_CONTAIN) {
            for (int i = 0; i < values.length; i++) {
                this.values[i] = this.values[i].toLowerCase(Locale.ROOT);
            }
        }
    }

    public static LogFilter accept(final String field, final Operator operator, final String... values) {
        return new LogFilter(Action.ACCEPT, field, requireOperator(operator), values);
    }

    public static LogFilter reject(final String field, final Operator operator, final String... values) {
        return new LogFilter(Action.REJECT, field, requireOperator(operator), values);
    }

    /** Masks the values of the named parameters inside {@code field}'s stored text. */
    public static LogFilter wipe(final String field, final String... parameters) {
        return new LogFilter(Action.WIPE, field, null, parameters);
    }

    /**
     * Parses {@code "accept|reject <field> <OPERATOR> <v1,v2,...>"} or
     * {@code "wipe <field> <p1,p2,...>"}.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static LogFilter parse(final String spec) {
        final String[] w = spec == null ? new String[0] : spec.trim().split("\\s+", 4);
        if (w.length >= 3 && w[0].equalsIgnoreCase("wipe")) {
            return wipe(w[1], (w[2] + (w.length > 3 ? " " + w[3] : "")).split(","));
        }
        if (w.length != 4) {
            throw new IllegalArgumentException("filter \"" + spec + "\": expected \"accept|reject <field> <OPERATOR>"
                + " <values>\" or \"wipe <field> <parameters>\"");
        }
        final Operator op;
        try {
            op = Operator.valueOf(w[2].toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("filter \"" + spec + "\": unknown operator \"" + w[2] + "\" (one of "
                + Arrays.toString(Operator.values()) + ")");
        }
        switch (w[0].toLowerCase(Locale.ROOT)) {
            case "accept": return accept(w[1], op, w[3].split(","));
            case "reject": return reject(w[1], op, w[3].split(","));
            default: throw new IllegalArgumentException("filter \"" + spec + "\": unknown action \"" + w[0]
                + "\" (accept, reject or wipe)");
        }
    }

    private static Operator requireOperator(final Operator operator) {
        if (operator == null) {
            throw new IllegalArgumentException("filter needs an operator");
        }
        return operator;
    }

    /**
     * Resolves the field; called once when the log object is configured.
     *
     * @throws IllegalArgumentException for an unknown field, or one whose value cannot be tested
     */
    public LogFilter bind(final FieldRegistry registry) {
        final LogField f = registry.lookup(fieldName);
        if (f == null) {
            throw new IllegalArgumentException("filter on unknown field \"" + fieldName + "\"");
        }
        if (action != Action.WIPE && !f.filterable()) {
            throw new IllegalArgumentException("field \"" + fieldName + "\" cannot be filtered on");
        }
        final String problem = f.checkKey(key);
        if (problem != null) {
            throw new IllegalArgumentException("filter on \"" + fieldSpec + "\": " + problem);
        }
        final LogFilter bound = new LogFilter(action, fieldSpec, operator, values);
        bound.field = f;
        return bound;
    }

    public Action action() {
        return action;
    }

    public String fieldName() {
        return fieldName;
    }

    public String key() {
        return key;
    }

    /** For wipe filters: the parameter names as UTF-8. */
    public byte[][] parameterBytes() {
        final byte[][] b = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            b[i] = values[i].trim().getBytes(StandardCharsets.UTF_8);
        }
        return b;
    }

    /** Whether the event's field value satisfies the condition; call on a bound filter. */
    public boolean matches(final LogEvent event) {
        final CharSequence v = field.text(event, key);
        if (v == null) {
            return false;
        }
        if (operator.numeric()) {
            return matchesNumber(v);
        }
        for (final String value : values) {
            switch (operator) {
                case MATCH:
                    if (contentEquals(v, value, false)) {
                        return true;
                    }
                    break;
                case CASE_INSENSITIVE_MATCH:
                    if (contentEquals(v, value, true)) {
                        return true;
                    }
                    break;
                case CONTAIN:
                    if (indexOf(v, value, false) >= 0) {
                        return true;
                    }
                    break;
                default:
                    if (indexOf(v, value, true) >= 0) {
                        return true;
                    }
            }
        }
        return false;
    }

    private boolean matchesNumber(final CharSequence v) {
        long n = 0;
        int i = 0;
        final boolean negative = v.length() > 0 && v.charAt(0) == '-';
        if (negative) {
            i = 1;
        }
        if (i >= v.length()) {
            return false;
        }
        for (; i < v.length(); i++) {
            final char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            n = 10 * n + (c - '0');
        }
        if (negative) {
            n = -n;
        }
        for (final long x : numbers) {
            final boolean m;
            switch (operator) {
                case EQ: m = n == x; break;
                case NE: m = n != x; break;
                case LT: m = n < x; break;
                case LE: m = n <= x; break;
                case GT: m = n > x; break;
                default: m = n >= x;
            }
            if (m) {
                return true;
            }
        }
        return false;
    }

    private static boolean contentEquals(final CharSequence v, final String value, final boolean ignoreCase) {
        if (v.length() != value.length()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (ignoreCase) {
                c = Character.toLowerCase(c);
            }
            if (c != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(final CharSequence v, final String value, final boolean ignoreCase) {
        final int last = v.length() - value.length();
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < value.length(); j++) {
                char c = v.charAt(i + j);
                if (ignoreCase) {
                    c = Character.toLowerCase(c);
                }
                if (c != value.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Masks, in UTF-8 text {@code a[from, to)}, the value of every {@code name=value} whose name
     * is one of {@code names}: each byte of the value becomes {@code 'X'}. A name counts only at
     * the start of the text or after a separator ({@code & ? ; , space}); the value runs to the
     * next separator.
     */
    public static void wipeParameters(final byte[] a, final int from, final int to, final byte[][] names) {
        for (int i = from; i < to; i++) {
            if (i != from && !isSeparator(a[i - 1])) {
                continue;
            }
            for (final byte[] name : names) {
                final int eq = i + name.length;
                if (eq < to && a[eq] == '=' && regionMatches(a, i, name)) {
                    int v = eq + 1;
                    while (v < to && !isSeparator(a[v])) {
                        a[v++] = 'X';
                    }
                    i = v;
                    break;
                }
            }
        }
    }

    private static boolean isSeparator(final byte b) {
        return b == '&' || b == '?' || b == ';' || b == ',' || b == ' ' || b == '\t';
    }

    private static boolean regionMatches(final byte[] a, final int at, final byte[] name) {
        for (int k = 0; k < name.length; k++) {
            if (a[at + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return action.name().toLowerCase(Locale.ROOT) + " " + fieldSpec
            + (operator == null ? "" : " " + operator) + " " + String.join(",", values);
    }
}
