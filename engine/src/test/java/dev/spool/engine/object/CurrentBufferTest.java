package dev.spool.engine.object;

import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurrentBufferTest {
    private static final byte[] DESCRIPTOR = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWrittenBufferGoesBackToThePoolZeroedSoItsNextUseHasNoCheckinButItsOwn() {
        final LogObjectStats stats = new LogObjectStats("t.log");
        final LossLedger losses = new LossLedger("t", "t.log", stats, (message, cause) -> { },
            LogObjectConfig.DEFAULT_WAIT_WARNING);
        final CurrentBuffer buffers = new CurrentBuffer(WhenFull.DROP, 1024, 1, Duration.ofSeconds(10), DESCRIPTOR, losses);
        final LinkedBlockingQueue<LogBuffer> handedOn = new LinkedBlockingQueue<>();
        buffers.start(null, (b, urgent) -> handedOn.add(b), () -> { });
        final byte[] payload = new byte[40];
        Arrays.fill(payload, (byte) 0x7F);
        for (int i = 0; i < 3; i++) {
            buffers.append(LogEntryHeader.KIND_RECORD, 0, 1L, payload, 0, payload.length, null);
        }
        buffers.flushTarget();
        final LogBuffer used = handedOn.remove();
        assertTrue(used.committed());
        final int header = LogBufferHeader.headerLength(DESCRIPTOR.length);
        final int end = used.offsetAcquire();
        assertEquals(header + 3 * LogEntryHeader.entryLength(payload.length), end);

        buffers.recycle(used);
        final byte[] after = new byte[end - header];
        used.data().get(header, after);
        assertArrayEquals(new byte[end - header], after, "entries left in a pooled buffer");

        buffers.append(LogEntryHeader.KIND_RECORD, 0, 2L, payload, 0, 8, null);
        buffers.flushTarget();
        assertSame(used, handedOn.remove(), "the pool's one buffer, again");
        assertTrue(used.committed());
        assertEquals(header + LogEntryHeader.entryLength(8), used.offsetAcquire());
        assertEquals(LogEntryHeader.entryLength(8), used.data().getInt(header));
    }
}
