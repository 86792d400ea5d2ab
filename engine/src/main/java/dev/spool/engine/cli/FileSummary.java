package dev.spool.engine.cli;

import dev.spool.engine.buffer.EntryCursor;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.buffer.LossEntry;
import dev.spool.engine.object.Descriptor;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.StringCache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code spool-cat --stats} prints for one file (and for several, their total): events with a
 * line per level when the log stores it, lost events with a line per cause, as the log wrote them.
 */
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
    /** Events by level, when the log stores the level; in order of the level's name. */
    private final Map<String, Long> byLevel = new TreeMap<>();
    private final RecordView view = new RecordView();
    private final StringCache levels = new StringCache(16);
    private long low = Long.MAX_VALUE;
    private long high = Long.MIN_VALUE;
    long damaged;

    FileSummary(final String name) {
        this.name = name;
    }

    /** {@code problems}, with each damaged region also counted here. */
    BinaryLogReader.Problems counting(final BinaryLogReader.Problems problems) {
        return new BinaryLogReader.Problems() {
            @Override
            public void corrupt(final long offset, final String message) {
                damaged++;
                problems.corrupt(offset, message);
            }

            @Override
            public void note(final String message) {
                problems.note(message);
            }

            @Override
            public void failed(final String message) {
                problems.failed(message);
            }
        };
    }

    void add(final BinaryLogReader.Buffer b) {
        buffers++;
        bytes += b.storedBytes();
        Descriptor descriptor = null;
        try {
            descriptor = Descriptor.parse(b.descriptor());
            logs.add(descriptor.log());
        } catch (final IllegalArgumentException e) {
            logs.add("(unreadable descriptor)");
        }
        final int slots = descriptor == null ? 0 : descriptor.fields().size();
        final int levelSlot = descriptor == null ? -1 : EventFilter.slot(descriptor.fields(), "level");
        final ByteBuffer d = b.data();
        if (LogBufferHeader.entryCount(d, 0) > 0) {
            low = Math.min(low, LogBufferHeader.lowTimestamp(d, 0));
            high = Math.max(high, LogBufferHeader.highTimestamp(d, 0));
        }
        cursor.reset(d, b.headerLength(), b.byteCount());
        while (cursor.next()) {
            switch (cursor.kind()) {
                case LogEntryHeader.KIND_RECORD:
                    events++;
                    if (levelSlot >= 0 && view.wrap(d, cursor.payloadOffset(), cursor.payloadLength(), cursor.timestamp(),
                        slots) == null) {
                        byLevel.merge(view.isNull(levelSlot) ? "-" : view.getString(levelSlot, levels), 1L, Long::sum);
                    }
                    break;
                case LogEntryHeader.KIND_RENDERED:
                    events++;
                    byLevel.merge("(laid out on the caller)", 1L, Long::sum);
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

    /** Adds another file's counts, for the total of several files. */
    void addAll(final FileSummary other) {
        logs.addAll(other.logs);
        buffers += other.buffers;
        bytes += other.bytes;
        events += other.events;
        lossEntries += other.lossEntries;
        eventsLost += other.eventsLost;
        other.lostByCause.forEach((k, v) -> lostByCause.merge(k, v, Long::sum));
        other.byLevel.forEach((k, v) -> byLevel.merge(k, v, Long::sum));
        low = Math.min(low, other.low);
        high = Math.max(high, other.high);
        damaged += other.damaged;
    }

    void print(final OutputStream out) throws IOException {
        final StringBuilder s = new StringBuilder();
        s.append(name).append('\n');
        s.append("  logs:            ").append(logs.isEmpty() ? "-" : String.join(", ", logs)).append('\n');
        s.append("  buffers:         ").append(buffers).append(" (").append(bytes).append(" bytes)\n");
        s.append("  events:          ").append(events).append('\n');
        for (final Map.Entry<String, Long> e : byLevel.entrySet()) {
            s.append("    ").append(e.getValue()).append(' ').append(e.getKey()).append('\n');
        }
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
