package dev.spool.engine.buffer;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.IntGen;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subject of {@link LogBufferLincheckTest}. Lincheck explores the interleavings of checkout, checkin and seal on one buffer (model checking,
 * with a readable trace on failure): appends are linearizable (each gets the offset a sequential
 * run would give, or "sealed"), and after every run the buffer was handed on exactly once if
 * sealed, never if not, every segment is checked in, and every appended value is intact at its
 * own offset.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:100")
public class LogBufferModel {
    private static final byte[] DESCRIPTOR = "{}".getBytes(StandardCharsets.UTF_8);
    private static final int ENTRY = 32;

    /**
     * Room for four entries after the 56-byte header: fewer than the appends of a scenario, so
     * runs cover both checkouts that fit and the one that seals, concurrently.
     */
    private final LogBuffer buffer = new LogBuffer(56 + 4 * ENTRY, DESCRIPTOR, false, null);
    private final AtomicInteger handOffs = new AtomicInteger();
    private final ConcurrentHashMap<Integer, Integer> written = new ConcurrentHashMap<>();

    public LogBufferModel() {
        buffer.activate(0, 0);
    }

    /** Checks out an entry, writes the value into it, checks it in; returns its offset or -1. */
    @Operation
    public int append(@Param(name = "value") final int value) {
        final int at = buffer.checkout(ENTRY);
        if (at == LogBuffer.SEALED_HAND_OFF) {
            handOffs.incrementAndGet();
            return -1;
        }
        if (at < 0) {
            return -1;
        }
        try {
            buffer.data().putInt(at + LogEntryHeader.LENGTH, value);
            written.put(at, value);
        } finally {
            buffer.checkin(at, ENTRY);
        }
        return at;
    }

    /** Seals the buffer; whether this call hands it on depends on who sealed first, so it returns nothing. */
    @Operation
    public void seal() {
        if (buffer.seal()) {
            handOffs.incrementAndGet();
        }
    }

    @Validate
    public void handedOnExactlyOnceWhenSealedAndNothingOverwritten() {
        final int expected = buffer.isSealed() ? 1 : 0;
        if (handOffs.get() != expected) {
            throw new IllegalStateException("handed on " + handOffs.get() + " times, sealed=" + buffer.isSealed());
        }
        if (!buffer.committed()) {
            throw new IllegalStateException("a segment below offset " + buffer.offsetAcquire() + " is not checked in");
        }
        written.forEach((at, value) -> {
            if (buffer.data().getInt(at + LogEntryHeader.LENGTH) != value
                || buffer.data().getInt(at + LogEntryHeader.LENGTH_OFFSET) != ENTRY) {
                throw new IllegalStateException("entry at " + at + " overwritten");
            }
        });
    }
}
