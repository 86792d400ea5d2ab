package dev.spool.engine.object;

import dev.spool.engine.buffer.EntryCursor;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subject of {@link CurrentBufferLincheckTest}: Lincheck explores the interleavings of appends
 * (small ones, and ones larger than a buffer, which take a dedicated buffer), flushes and a close
 * on one object whose buffers hold two entries, with a pool of two buffers under whenFull=drop.
 * Every handed-on buffer is read as soon as its writers have checked in (entries keep attachments,
 * whose store between checkout and checkin lets the model checker stop a writer inside a sealed
 * buffer) and given back to the pool, so a buffer is reused while other threads may still hold a
 * stale reference to it (the ABA case the protocol must survive).
 *
 * <p>After every run: every buffer ever installed was handed on exactly once (sequence numbers
 * dense, none twice); every appended event was either handed on exactly once or counted as lost;
 * each thread's events come out in the order it appended them; the loss entries written plus the
 * losses not yet written equal the losses counted.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:1000")
public class CurrentBufferModel {
    private static final byte[] DESCRIPTOR = "{}".getBytes(StandardCharsets.UTF_8);
    /** A small entry: thread id and that thread's append number. */
    private static final int SMALL = 16;
    private static final int BUFFER = LogBufferHeader.headerLength(DESCRIPTOR.length) + 2 * LogEntryHeader.entryLength(SMALL);
    /** Larger than a buffer can hold: takes a dedicated buffer. */
    private static final int BIG = BUFFER;

    private final LogObjectStats stats = new LogObjectStats("model.log");
    private final LossLedger losses = new LossLedger("model", "model.log", stats, (message, cause) -> { },
        LogObjectConfig.DEFAULT_WAIT_WARNING);
    private final CurrentBuffer buffers = new CurrentBuffer(WhenFull.DROP, BUFFER, 2, Duration.ofSeconds(10),
        false, DESCRIPTOR, losses, true);
    /** Per handed-on buffer: its sequence, then the (thread, number) pairs of its records in buffer order. */
    private final ConcurrentLinkedQueue<long[]> handedOn = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lossEntries = new AtomicInteger();
    private final AtomicInteger appended = new AtomicInteger();
    private final ThreadLocal<int[]> appendNumber = ThreadLocal.withInitial(() -> new int[1]);

    public CurrentBufferModel() {
        buffers.start(null, (b, urgent) -> {
            readAndRecycle(b);
        }, () -> { });
    }

    private void readAndRecycle(final LogBuffer b) {
        // Handed on as soon as it is sealed: read once every writer has checked in, as the preproc thread does.
        while (!b.committed()) {
            Thread.onSpinWait();
        }
        final ByteBuffer d = b.data();
        final List<Long> records = new ArrayList<>();
        final EntryCursor entry = new EntryCursor().reset(d, b.headerLength(), b.offsetAcquire());
        while (entry.next()) {
            if (entry.kind() == LogEntryHeader.KIND_RECORD) {
                records.add(d.getLong(entry.payloadOffset()));
                records.add(d.getLong(entry.payloadOffset() + 8));
            } else if (entry.kind() == LogEntryHeader.KIND_LOSS) {
                lossEntries.addAndGet((int) LossEntry.count(d, entry.payloadOffset()));
            }
        }
        final long[] seen = new long[1 + records.size()];
        seen[0] = b.sequence();
        for (int i = 0; i < records.size(); i++) {
            seen[1 + i] = records.get(i);
        }
        handedOn.add(seen);
        buffers.recycle(b);
    }

    private void appendEntry(final int length) {
        final byte[] payload = new byte[length];
        final ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        p.putLong(0, Thread.currentThread().getId());
        p.putLong(8, ++appendNumber.get()[0]);
        appended.incrementAndGet();
        buffers.append(LogEntryHeader.KIND_RECORD, 0, 0L, payload, 0, payload.length, null);
    }

    @Operation
    public void append(@Param(name = "value") final int value) {
        appendEntry(SMALL);
    }

    @Operation
    public void appendLarger(@Param(name = "value") final int value) {
        appendEntry(BIG);
    }

    @Operation
    public void flush() {
        buffers.flushTarget();
    }

    @Operation
    public void close() {
        buffers.close();
    }

    @Validate
    public void everyBufferHandedOnOnceAndEveryEventWrittenOnceOrCountedInOrder() {
        buffers.close();
        final Set<Long> sequences = new HashSet<>();
        final List<long[]> inOrder = new ArrayList<>(handedOn);
        inOrder.sort((a, b) -> Long.compare(a[0], b[0]));
        final Map<Long, Long> lastNumber = new HashMap<>();
        int events = 0;
        for (final long[] buffer : inOrder) {
            if (!sequences.add(buffer[0])) {
                throw new IllegalStateException("buffer " + buffer[0] + " handed on twice");
            }
            for (int i = 1; i < buffer.length; i += 2) {
                events++;
                final Long last = lastNumber.put(buffer[i], buffer[i + 1]);
                if (last != null && last >= buffer[i + 1]) {
                    throw new IllegalStateException("thread " + buffer[i] + ": event " + buffer[i + 1] + " after " + last);
                }
            }
        }
        final long issued = buffers.sequencesIssued();
        if (sequences.size() != issued) {
            throw new IllegalStateException(issued + " buffers installed, " + sequences.size() + " handed on: " + sequences);
        }
        final long lost = stats.lost(LossCause.NO_BUFFER) + stats.lost(LossCause.STOPPED);
        if (events + lost != appended.get()) {
            throw new IllegalStateException(appended.get() + " appended, " + events + " handed on, " + lost + " lost");
        }
        if (lossEntries.get() + losses.notYetWritten() != stats.lost(LossCause.NO_BUFFER)) {
            throw new IllegalStateException(lossEntries.get() + " in loss entries + " + losses.notYetWritten()
                + " pending != " + stats.lost(LossCause.NO_BUFFER) + " counted");
        }
    }
}
