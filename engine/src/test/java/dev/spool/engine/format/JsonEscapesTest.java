package dev.spool.engine.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonEscapesTest {
    @Test
    void escapesQuotesBackslashesAndControlCharactersOnly() {
        final TextOutput out = new TextOutput(64);
        final StringBuilder plain = new StringBuilder();
        for (int c = 0; c < 0x80; c++) {
            if (JsonEscapes.plain(c)) {
                plain.append((char) c);
            } else {
                JsonEscapes.escapeAscii(c, out);
            }
        }
        final String escaped = new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.US_ASCII);
        assertEquals("\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000B\\f\\r\\u000E\\u000F"
            + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001A\\u001B\\u001C\\u001D\\u001E"
            + "\\u001F\\\"\\\\", escaped);
        assertEquals(0x80 - 0x20 - 2, plain.length());
        assertEquals(" !#", plain.substring(0, 3));
        assertEquals("/", plain.substring(plain.indexOf("/"), plain.indexOf("/") + 1));
        assertEquals('\u007f', plain.charAt(plain.length() - 1));
    }

    @Test
    void writesAUnicodeEscapeInUpperCase() {
        final TextOutput out = new TextOutput(16);
        JsonEscapes.unicodeEscape('\uD83D', out);
        JsonEscapes.unicodeEscape('\u00e9', out);
        assertEquals("\\uD83D\\u00E9", new String(Arrays.copyOf(out.array(), out.length()), StandardCharsets.US_ASCII));
    }
}
