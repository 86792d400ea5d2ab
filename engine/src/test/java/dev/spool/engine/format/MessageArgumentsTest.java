package dev.spool.engine.format;

import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.RecordWriter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageArgumentsTest {
    enum Plain { ONE }

    enum ShownByClass {
        ONE;

        @Override
        public String toString() {
            return "one, as the class shows it";
        }
    }

    enum ShownByConstant {
        PLAIN,
        SHOWN {
            @Override
            public String toString() {
                return "shown";
            }
        }
    }

    @Test
    void onlyArgumentsWhoseTextIsFixedAtTheCallAreDeferred() {
        assertTrue(MessageArguments.deferrable(new Object[] {null, "s", 1, 2L, (short) 3, (byte) 4, 5.0, 6f, true, 'c',
            BigDecimal.ONE, java.util.UUID.randomUUID(), java.time.Instant.EPOCH, TimeUnit.SECONDS, Plain.ONE,
            ShownByConstant.PLAIN}, 16));
        assertFalse(MessageArguments.deferrable(new Object[] {new StringBuilder()}, 1));
        assertFalse(MessageArguments.deferrable(new Object[] {ShownByClass.ONE}, 1), "toString overridden by the enum");
        assertFalse(MessageArguments.deferrable(new Object[] {ShownByConstant.SHOWN}, 1), "toString overridden by a constant");
        assertFalse(MessageArguments.deferrable(new Object[] {new java.util.Date()}, 1), "mutable");
        assertTrue(MessageArguments.deferrable(new Object[] {"s", new StringBuilder()}, 1), "only the first count");
    }

    @Test
    void eachArgumentIsWrittenAsStringValueOfTheOriginal() {
        final Object[] arguments = {null, "caf\u00e9", Integer.MIN_VALUE, Long.MAX_VALUE, (short) -3, (byte) 4,
            -0.0, Double.NaN, 1e-300, 0.1f, Float.NEGATIVE_INFINITY, true, '\u65e5', BigDecimal.valueOf(-12345, 3),
            TimeUnit.SECONDS, ShownByConstant.PLAIN};
        final RecordWriter writer = new RecordWriter();
        MessageArguments.capture(arguments, arguments.length, writer);
        final RecordView view = new RecordView();
        assertEquals(null, view.wrap(writer, 0, 1));
        final List<String> texts = new ArrayList<>();
        final TextOutput out = new TextOutput(16);
        for (final PairCursor c = view.pairs(0); c.next(); ) {
            out.reset();
            MessageArguments.write(view.buffer(), c, out);
            texts.add(new String(out.array(), 0, out.length(), StandardCharsets.UTF_8));
        }
        final List<String> expected = new ArrayList<>();
        for (final Object a : arguments) {
            expected.add(String.valueOf(a));
        }
        assertEquals(expected, texts);
    }
}
