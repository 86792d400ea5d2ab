package dev.spool.engine.format;

/**
 * The escapes of a JSON string's contents as the common JSON writers of the logging frameworks
 * write them (Jackson, Log4j2's JsonTemplateLayout): a quote and a backslash escaped by a
 * backslash, the short escapes {@code \b \t \n \f \r}, any other control character as a
 * backslash, {@code u} and four upper-case hex digits; everything else as it is. Renderers that
 * write a framework's JSON by hand share these and prove the rest against the framework's layout.
 */
public final class JsonEscapes {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The ASCII chars written as they are: not a control character, quote or backslash. */
    private static final boolean[] PLAIN = new boolean[0x80];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private JsonEscapes() {
    }

    /** Whether ASCII char or byte {@code c} (below 0x80) is written as it is. */
    public static boolean plain(final int c) {
        return PLAIN[c];
    }

    /** Writes the escape of ASCII char or byte {@code c}, one that {@link #plain} says is not written as it is. */
    public static void escapeAscii(final int c, final TextOutput out) {
        out.write('\\');
        switch (c) {
            case '"': out.write('"'); break;
            case '\\': out.write('\\'); break;
            case '\b': out.write('b'); break;
            case '\f': out.write('f'); break;
            case '\n': out.write('n'); break;
            case '\r': out.write('r'); break;
            case '\t': out.write('t'); break;
            default: hex(c, out);
        }
    }

    /** Writes {@code c} as a backslash, {@code u} and four upper-case hex digits (a surrogate, say). */
    public static void unicodeEscape(final char c, final TextOutput out) {
        out.write('\\');
        hex(c, out);
    }

    private static void hex(final int c, final TextOutput out) {
        out.write('u');
        out.write(HEX[(c >> 12) & 0xF]);
        out.write(HEX[(c >> 8) & 0xF]);
        out.write(HEX[(c >> 4) & 0xF]);
        out.write(HEX[c & 0xF]);
    }
}
