package dev.spool.engine.format;

import dev.spool.engine.event.MessageSyntax;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordWriter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.UUID;

/**
 * A parameterized message's arguments carried in a record, so that the message is formatted on
 * the preproc thread instead of the caller's (NanoLog's technique). Only arguments whose text
 * cannot change after the call qualify: null, String, the boxed primitives, Boolean and Character
 * (stored raw, no text made on the caller); BigDecimal, BigInteger, UUID and the common
 * {@code java.time} values (immutable; their text is taken on the caller); and enum constants whose
 * class does not override {@code toString} (their name). A message with any other argument, whose
 * {@code toString()} may read state the application changes right after the call, is formatted on
 * the caller.
 *
 * <p>Stored as a map's pairs, one per argument: the key is the kind ({@code s} text, {@code l} a
 * whole number, {@code d}/{@code f} a double's/float's bits, {@code n} null), the value its
 * decimal digits or text. Where the arguments go in the template is each framework's own rule
 * (SLF4J's and Log4j2's escapes differ), written in its adapter; {@link #write} writes one
 * argument's text as both frameworks do ({@code String.valueOf}).
 */
public final class MessageArguments {
    private static final Set<Class<?>> RAW = Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class,
        Double.class, Float.class, Boolean.class, Character.class);
    private static final Set<Class<?>> IMMUTABLE_TEXT = Set.of(BigDecimal.class, BigInteger.class, UUID.class,
        java.time.Instant.class, java.time.LocalDate.class, java.time.LocalTime.class, java.time.LocalDateTime.class,
        java.time.OffsetDateTime.class, java.time.ZonedDateTime.class, java.time.Duration.class);
    /** Whether an enum constant's class writes the constant's name: {@code toString} is Enum's own. */
    private static final ClassValue<Boolean> NAMED_ENUM = new ClassValue<>() {
        @Override
        protected Boolean computeValue(final Class<?> type) {
            try {
                return type.getMethod("toString").getDeclaringClass() == Enum.class;
            } catch (final NoSuchMethodException e) {
                return false;
            }
        }
    };
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TEXT = {'s'};
    private static final byte[] WHOLE = {'l'};
    private static final byte[] DOUBLE = {'d'};
    private static final byte[] FLOAT = {'f'};

    private MessageArguments() {
    }

    /** Whether the first {@code count} arguments' texts are fixed at the call, so the message may be formatted later. */
    public static boolean deferrable(final Object[] arguments, final int count) {
        for (int i = 0; i < count; i++) {
            final Object a = arguments[i];
            // The usual kinds by instanceof (final classes: an exact check, and cheaper than a set's probe).
            if (a != null && !(a instanceof String) && !(a instanceof Integer) && !(a instanceof Long)
                && !RAW.contains(a.getClass()) && !IMMUTABLE_TEXT.contains(a.getClass())
                && !(a instanceof Enum && NAMED_ENUM.get(a.getClass()))) {
                return false;
            }
        }
        return true;
    }

    /** Writes the first {@code count} arguments as one map value; {@link #deferrable} said yes. */
    public static void capture(final Object[] arguments, final int count, final RecordWriter out) {
        out.beginMap();
        pairs(arguments, count, out);
        out.endMap();
    }

    /**
     * Writes a message as one map value (a {@link FieldType#MESSAGE}): the syntax and the
     * template, then the first {@code count} arguments; {@link #deferrable} said yes.
     */
    public static void capture(final MessageSyntax syntax, final String template, final Object[] arguments,
                               final int count, final RecordWriter out) {
        out.beginMap();
        out.putPairNames(syntax.key(), template);
        pairs(arguments, count, out);
        out.endMap();
    }

    private static void pairs(final Object[] arguments, final int count, final RecordWriter out) {
        for (int i = 0; i < count; i++) {
            final Object a = arguments[i];
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
            } else if (a instanceof Enum) {
                out.putPair("s", ((Enum<?>) a).name());
            } else {
                out.putPair("s", a.toString());
            }
        }
    }

    /** Writes the text of the argument under the cursor, as {@code String.valueOf} of the original. */
    public static void write(final ByteBuffer b, final PairCursor a, final TextOutput out) {
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
}
