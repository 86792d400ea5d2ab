package dev.spool.engine.cli;

import dev.spool.engine.buffer.EntryCursor;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.object.Descriptor;
import dev.spool.engine.object.LossCause;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What {@code spool-cat --stats} prints for one file; lost events with a line per cause, as the log wrote them. */
final class FileSummary {
    private final String name;
    private final Set<String> logs = new LinkedHashSet<>();
    private final EntryCursor cursor = new EntryCursor();
    private long buffers;
    private long bytes;
    private long events;
    private long lossEntries;
    private long eventsLost;
    /** Events lost by cause code, in code order. */
    private final Map<Integer, Long> lostByCause = new TreeMap<>();
    private long low = Long.MAX_VALUE;
    private long high = Long.MIN_VALUE;
    long damaged;

    FileSummary(final String name) {
        this.name = name;
    }

    void add(final BinaryLogReader.Buffer b) {
        buffers++;
        bytes += b.byteCount();
        try {
            logs.add(Descriptor.parse(b.descriptor()).log());
        } catch (final IllegalArgumentException e) {
            logs.add("(unreadable descriptor)");
        }
        final ByteBuffer d = b.data();
        if (LogBufferHeader.entryCount(d, 0) > 0) {
            low = Math.min(low, LogBufferHeader.lowTimestamp(d, 0));
            high = Math.max(high, LogBufferHeader.highTimestamp(d, 0));
        }
        cursor.reset(d, b.headerLength(), b.byteCount());
        while (cursor.next()) {
            switch (cursor.kind()) {
                case LogEntryHeader.KIND_RECORD:
                case LogEntryHeader.KIND_RENDERED:
                    events++;
                    break;
                case LogEntryHeader.KIND_LOSS:
                    lossEntries++;
                    final long count = LossEntry.count(d, cursor.payloadOffset());
                    eventsLost += count;
                    lostByCause.merge(LossEntry.cause(d, cursor.payloadOffset()), count, Long::sum);
                    break;
                default:
                    break;
            }
        }
    }

    void print(final OutputStream out) throws IOException {
        final StringBuilder s = new StringBuilder();
        s.append(name).append('\n');
        s.append("  logs:            ").append(logs.isEmpty() ? "-" : String.join(", ", logs)).append('\n');
        s.append("  buffers:         ").append(buffers).append(" (").append(bytes).append(" bytes)\n");
        s.append("  events:          ").append(events).append('\n');
        s.append("  events lost:     ").append(eventsLost).append(" (in ").append(lossEntries).append(" loss entries)\n");
        for (final Map.Entry<Integer, Long> e : lostByCause.entrySet()) {
            s.append("    ").append(e.getValue()).append(' ').append(LossCause.describe(e.getKey())).append('\n');
        }
        s.append("  first event:     ").append(buffers == 0 || low == Long.MAX_VALUE ? "-" : instant(low)).append('\n');
        s.append("  last event:      ").append(buffers == 0 || high == Long.MIN_VALUE ? "-" : instant(high)).append('\n');
        s.append("  damaged regions: ").append(damaged).append('\n');
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String instant(final long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }
}
