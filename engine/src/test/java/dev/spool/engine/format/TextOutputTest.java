package dev.spool.engine.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextOutputTest {
    private static String text(final TextOutput out) {
        return new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.UTF_8);
    }

    @Test
    void writesAnAsciiRangeOfAStringAfterWhatIsThere() {
        final TextOutput out = new TextOutput(16);
        out.write('[');
        out.writeAscii("say \"hello\" world", 5, 10);
        out.writeAscii("", 0, 0);
        out.write(']');
        assertEquals("[hello]", text(out));
    }

    @Test
    void growsForALongRange() {
        final TextOutput out = new TextOutput(16);
        final String long1 = "abcdefghij".repeat(100);
        out.writeAscii(long1, 1, long1.length());
        assertEquals(long1.substring(1), text(out));
    }
}
