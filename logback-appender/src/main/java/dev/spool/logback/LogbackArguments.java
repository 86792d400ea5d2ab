package dev.spool.logback;

import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * A message's arguments carried in a record, so that SLF4J's {@code {}} formatting runs on the
 * preproc thread instead of the caller's (Logback formats a message the first time something asks
 * for it). Only arguments whose text cannot change after the call qualify: null, String, the boxed
 * primitives, Boolean and Character (stored raw, no text made on the caller), and BigDecimal,
 * BigInteger, UUID and the common {@code java.time} values (immutable; their text is taken on the
 * caller). An event with any other argument, whose {@code toString()} may read state the
 * application changes right after the call, is formatted on the caller as before.
 *
 * <p>Stored as a map's pairs, one per argument: the key is the kind ({@code s} text, {@code l} a
 * whole number, {@code d}/{@code f} a double's/float's bits, {@code n} null), the value its
 * decimal digits or text. {@link #format} then applies SLF4J's rules to the template's bytes:
 * each {@code {}} takes the next argument, {@code \{}} is a literal {@code {}}, {@code \\{}} a
 * backslash and the argument; anchors beyond the arguments stay as they are.
 */
final class LogbackArguments {
    private static final Set<Class<?>> RAW = Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class,
        Double.class, Float.class, Boolean.class, Character.class);
    private static final Set<Class<?>> IMMUTABLE_TEXT = Set.of(BigDecimal.class, BigInteger.class, UUID.class,
        java.time.Instant.class, java.time.LocalDate.class, java.time.LocalTime.class, java.time.LocalDateTime.class,
        java.time.OffsetDateTime.class, java.time.ZonedDateTime.class, java.time.Duration.class);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TEXT = {'s'};
    private static final byte[] WHOLE = {'l'};
    private static final byte[] DOUBLE = {'d'};
    private static final byte[] FLOAT = {'f'};

    private LogbackArguments() {
    }

    /** Whether every argument's text is fixed at the call, so the message may be formatted later. */
    static boolean deferrable(final Object[] arguments) {
        for (final Object a : arguments) {
            // The usual kinds by instanceof (final classes: an exact check, and cheaper than a set's probe).
            if (a != null && !(a instanceof String) && !(a instanceof Integer) && !(a instanceof Long)
                && !RAW.contains(a.getClass()) && !IMMUTABLE_TEXT.contains(a.getClass())) {
                return false;
            }
        }
        return true;
    }

    /** Writes the arguments as one map value; {@link #deferrable} said yes. */
    static void capture(final Object[] arguments, final RecordWriter out) {
        out.beginMap();
        for (final Object a : arguments) {
            if (a == null) {
                out.putPair("n", null);
            } else if (a instanceof String) {
                out.putPair("s", (String) a);
            } else if (a instanceof Integer || a instanceof Long || a instanceof Short || a instanceof Byte) {
                out.putPairLong("l", ((Number) a).longValue());
            } else if (a instanceof Double) {
                out.putPairLong("d", Double.doubleToRawLongBits((Double) a));
            } else if (a instanceof Float) {
                out.putPairLong("f", Float.floatToRawIntBits((Float) a));
            } else if (a instanceof Boolean) {
                out.putPair("s", (Boolean) a ? "true" : "false");
            } else if (a instanceof Character) {
                out.putPairChar("s", (Character) a);
            } else {
                out.putPair("s", a.toString());
            }
        }
        out.endMap();
    }

    /** The formatted message, SLF4J's way, from the template's bytes in {@code templateSlot} and the arguments. */
    static void format(final RecordView view, final int templateSlot, final int argumentsSlot, final TextOutput out) {
        final ByteBuffer b = view.buffer();
        final int start = view.offset(templateSlot);
        final int end = start + Math.max(0, view.length(templateSlot));
        final PairCursor args = view.pairs(argumentsSlot);
        int i = start;
        int remaining = args.count();
        while (remaining > 0) {
            final int j = anchor(b, i, end);
            if (j < 0) {
                break;
            }
            if (j > start && b.get(j - 1) == '\\') {
                if (j - 1 > start && b.get(j - 2) == '\\') { // "\\{}": a backslash, then the argument
                    out.write(b, i, j - 1 - i);
                    args.next();
                    remaining--;
                    argument(b, args, out);
                    i = j + 2;
                } else { // "\{}": a literal "{", and the anchor takes no argument
                    out.write(b, i, j - 1 - i);
                    out.write('{');
                    i = j + 1;
                }
            } else {
                out.write(b, i, j - i);
                args.next();
                remaining--;
                argument(b, args, out);
                i = j + 2;
            }
        }
        out.write(b, i, end - i);
    }

    /** The offset of the next "{}" at or after {@code from}, or -1. */
    private static int anchor(final ByteBuffer b, final int from, final int end) {
        for (int k = from; k + 1 < end; k++) {
            if (b.get(k) == '{' && b.get(k + 1) == '}') {
                return k;
            }
        }
        return -1;
    }

    private static void argument(final ByteBuffer b, final PairCursor a, final TextOutput out) {
        if (a.keyEquals(DOUBLE)) {
            out.writeUtf8(Double.toString(Double.longBitsToDouble(number(b, a))));
        } else if (a.keyEquals(FLOAT)) {
            out.writeUtf8(Float.toString(Float.intBitsToFloat((int) number(b, a))));
        } else if ((a.keyEquals(TEXT) || a.keyEquals(WHOLE)) && a.valueLength() >= 0) {
            out.write(b, a.valueOffset(), a.valueLength()); // a whole number's digits are its text already
        } else {
            out.write(NULL);
        }
    }

    private static long number(final ByteBuffer b, final PairCursor a) {
        long n = 0;
        boolean negative = false;
        for (int k = 0; k < a.valueLength(); k++) {
            final byte c = b.get(a.valueOffset() + k);
            if (c == '-') {
                negative = true;
            } else {
                n = n * 10 + (c - '0');
            }
        }
        return negative ? -n : n;
    }

    /** The formatted message as a String, for the encoder's rebuilt event. */
    static String formatted(final RecordView view, final int templateSlot, final int argumentsSlot,
                            final TextOutput scratch) {
        scratch.reset();
        format(view, templateSlot, argumentsSlot, scratch);
        return new String(scratch.array(), 0, scratch.length(), StandardCharsets.UTF_8);
    }
}
