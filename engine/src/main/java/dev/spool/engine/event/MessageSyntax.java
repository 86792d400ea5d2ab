package dev.spool.engine.event;

/**
 * How a message template's {@code {}} placeholders take their arguments: each framework has its
 * own escapes. The engine formats a template by these rules on its own threads
 * ({@code dev.spool.engine.format.MessageTemplates}).
 */
public enum MessageSyntax {
    /**
     * SLF4J's (Logback's): each {@code {}} takes the next argument, {@code \{}} is a literal
     * {@code {}}, {@code \\{}} a backslash and the argument; anchors beyond the arguments stay.
     */
    SLF4J("slf4j"),
    /**
     * Log4j2's {@code ParameterFormatter}'s: a template without an unescaped {@code {}} is written
     * as it is; otherwise each backslash escapes the character after it ({@code \{}} a literal
     * {@code {}}, {@code \\} one backslash, before any other character it stays); anchors beyond
     * the arguments stay.
     */
    LOG4J2("log4j2");

    private final String key;

    MessageSyntax(final String key) {
        this.key = key;
    }

    /** The name a stored message gives its syntax by (FORMAT.md, the {@code message} type). */
    public String key() {
        return key;
    }
}
