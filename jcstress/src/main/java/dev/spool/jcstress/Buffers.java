package dev.spool.jcstress;

import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogEntryHeader;

import java.nio.charset.StandardCharsets;

/** The buffers the tests race on: room for a given number of 32-byte entries after the header. */
final class Buffers {
    static final int ENTRY = 32;
    /** Header length for the descriptor {@code {}}. */
    static final int HEADER = 56;
    /** Where the first entry's payload starts. */
    static final int FIRST_PAYLOAD = HEADER + LogEntryHeader.LENGTH;

    private Buffers() {
    }

    static LogBuffer open(final int entries) {
        final LogBuffer b = new LogBuffer(HEADER + entries * ENTRY, "{}".getBytes(StandardCharsets.UTF_8), false, null);
        b.activate(0, 0);
        return b;
    }
}
