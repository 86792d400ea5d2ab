package dev.spool.kafka;

import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.buffer.LogEntryHeader;
import dev.spool.engine.cli.BufferLines;
import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.sockstat.SockLabel;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * The shipper thread of a Kafka log object: reads the spool's buffers in order and sends each as
 * one Kafka record, and records in a checkpoint file how far the broker has acknowledged.
 *
 * <p>Each buffer gets a <em>spool sequence number</em> from its place in the spool: its segment's
 * number in the high 32 bits, its index in the segment in the low ones. Segment numbers only grow
 * (the newest segment is kept, emptied, when everything is acknowledged), so a buffer sent again
 * (after a broker failure, by a restarted application resuming from the checkpoint, or from the
 * oldest buffer when the checkpoint is lost) carries the number it carried the first time. The
 * numbers grow with every buffer, with gaps between segments. A reader drops duplicates by (host,
 * log object, sequence).
 *
 * <p>Nothing here waits for the broker on an engine thread: a broker that is away makes
 * {@code send} wait (up to {@code max.block.ms}) on this thread only, and the spool grows
 * meanwhile. A failed send (the broker away longer than {@code delivery.timeout.ms}, or
 * {@code send} giving up after {@code max.block.ms}) makes the shipper drop its producer, wait,
 * and send again from the last acknowledged buffer.
 */
final class Shipper implements Runnable {
    /** The checkpoint: the next buffer to send (segment, offset) and its sequence number. */
    record Checkpoint(long segment, long offset, long sequence) {
        static final Checkpoint START = new Checkpoint(0, 0, 0);

        /** The first buffer of {@code segment}. */
        static Checkpoint segmentStart(final long segment) {
            return new Checkpoint(segment, 0, segment << 32);
        }
    }

    static final String CHECKPOINT_SUFFIX = ".checkpoint";
    private static final long CHECKPOINT_EVERY_NANOS = 200_000_000L;
    private static final long IDLE_NANOS = 20_000_000L;

    private final SpoolSegments spool;
    private final Path dir;
    private final String name;
    private final String topic;
    private final byte[] key;
    private final byte[] host;
    private final byte[] object;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final ErrorListener errors;
    private final int maxInFlight;
    private final long retryNanos;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(LogBufferHeader.FIXED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);

    final AtomicLong buffersSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong tooLarge = new AtomicLong();
    /** Shapes of lines: events whose line the broker or producer refused as too large, in acknowledged buffers. */
    final AtomicLong eventsTooLarge = new AtomicLong();
    final AtomicLong skippedBytes = new AtomicLong();
    /** Buffers an earlier run left in the spool, past the checkpoint (counted when the shipper starts). */
    private volatile long leftByEarlierRuns;

    private volatile Thread thread;
    private volatile boolean stopping;
    /** Acknowledged up to here (the next buffer not yet acknowledged); written by the producer's callbacks. */
    private volatile Checkpoint acked;
    /** The producer generation whose callbacks count; a failure of that generation sets {@link #failed}. */
    private volatile int generation;
    /** Sends of this generation, and how many of them, from the first on, are acknowledged (written under inFlight's lock). */
    private volatile long sends;
    private volatile long acks;
    /** This generation's sends not yet known to be acknowledged, oldest first; guarded by itself. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private volatile boolean failed;
    private volatile Throwable failure;
    private Checkpoint saved;
    /** The next buffer to send; read by {@link #drained} on other threads. */
    private volatile Checkpoint next;
    private Producer<byte[], byte[]> producer;
    private FileChannel channel;
    private long channelSegment = -1;
    private long lastCheckpointNanos;
    private volatile boolean brokerAwaySaid;
    /** Where the producer's network bytes are counted (sockstat), or null; and the totals counted so far. */
    private final SockLabel label;
    /** Shapes LINES and JSON_LINES: renders each buffer's events; null for BUFFERS. */
    private final BufferLines lines;
    private Metric outgoing;
    private Metric incoming;
    private long outgoingCounted;
    private long incomingCounted;

    Shipper(final SpoolSegments spool, final Path dir, final String name, final String topic, final String host,
            final Supplier<Producer<byte[], byte[]>> producers, final ErrorListener errors, final int maxInFlight,
            final Duration retry, final Checkpoint start, final SockLabel label, final BufferLines lines) {
        this.spool = spool;
        this.dir = dir;
        this.name = name;
        this.topic = topic;
        this.host = host.getBytes(StandardCharsets.UTF_8);
        this.object = name.getBytes(StandardCharsets.UTF_8);
        this.key = (host + "/" + name).getBytes(StandardCharsets.UTF_8);
        this.producers = producers;
        this.errors = errors;
        this.maxInFlight = maxInFlight;
        this.retryNanos = retry.toNanos();
        this.saved = start;
        this.label = label;
        this.lines = lines;
        this.acked = saved;
        this.next = saved;
    }

    static Path checkpointPath(final Path dir, final String name) {
        return dir.resolve(name + CHECKPOINT_SUFFIX);
    }

    /** The checkpoint in {@code dir}; {@link Checkpoint#START} when there is none or it cannot be read (said). */
    static Checkpoint readCheckpoint(final Path dir, final String name, final ErrorListener errors) {
        final Path p = checkpointPath(dir, name);
        try {
            final String[] parts = Files.readString(p, StandardCharsets.US_ASCII).trim().split(" ");
            return new Checkpoint(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (final NoSuchFileException e) {
            return Checkpoint.START;
        } catch (final IOException | RuntimeException e) {
            errors.onError("kafka \"" + name + "\": the checkpoint " + p + " cannot be read (" + e
                + "); shipping from the oldest buffer in the spool (the reader drops what it already has)", null);
            return Checkpoint.START;
        }
    }

    private void writeCheckpoint(final Checkpoint c) {
        final Path p = checkpointPath(dir, name);
        final Path tmp = dir.resolve(name + CHECKPOINT_SUFFIX + ".tmp");
        try {
            Files.createDirectories(dir); // the flush thread makes it when it first writes, perhaps not yet
            Files.writeString(tmp, c.segment() + " " + c.offset() + " " + c.sequence() + "\n", StandardCharsets.US_ASCII);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            saved = c;
        } catch (final IOException e) {
            errors.onError("kafka \"" + name + "\": writing the checkpoint " + p + " failed; buffers acknowledged"
                + " since the last one written may be sent again after a restart", e);
        }
    }

    Checkpoint acknowledged() {
        return acked;
    }

    void start(final String threadName) {
        final Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Whether {@link #stop} was called (a second call does nothing). */
    private final AtomicBoolean stopCalled = new AtomicBoolean();

    /** Called when the flush thread wrote to the spool. */
    void wake() {
        final Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Stops after sending what the spool holds and waiting for its acknowledgement, at most
     * {@code drain}; what is left stays in the spool for the next run.
     */
    void stop(final Duration drain) throws InterruptedException {
        final Thread thread = this.thread;
        if (thread == null || stopCalled.getAndSet(true)) {
            return;
        }
        final long deadline = System.nanoTime() + drain.toNanos();
        try {
            while (!drained() && System.nanoTime() - deadline < 0 && thread.isAlive()) {
                Thread.sleep(5);
            }
        } finally {
            stopping = true;
            wake();
        }
        thread.join();
        if (!drained()) {
            errors.onError("kafka \"" + name + "\": " + buffersWaiting() + " buffers not acknowledged by the broker within"
                + " the drain timeout (" + drain.toMillis() + " ms); they stay in the spool for the next run", null);
        }
    }

    /** Whether every buffer written to the spool so far is acknowledged. */
    boolean drained() {
        final SpoolSegments.Position w = spool.written();
        final Checkpoint n = next;
        return acks == sends
            && (n.segment() > w.segment() || n.segment() == w.segment() && n.offset() >= w.offset());
    }

    @Override
    public void run() {
        try {
            deleteAcknowledgedSegments();
            leftByEarlierRuns = countLeftBuffers();
            while (!stopping) {
                if (failed) {
                    recover();
                    continue;
                }
                if (producer == null) {
                    producer = producers.get();
                }
                final boolean sent = sends - acks < maxInFlight && sendNext();
                final long now = System.nanoTime();
                if (now - lastCheckpointNanos >= CHECKPOINT_EVERY_NANOS) {
                    countTraffic();
                    saveProgress();
                    lastCheckpointNanos = now;
                }
                if (!sent) {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                }
            }
        } catch (final RuntimeException | Error e) {
            errors.onError("kafka \"" + name + "\": the shipper stopped; the spool keeps the buffers for the next run", e);
        } finally {
            if (producer != null) {
                producer.close(Duration.ofMillis(100));
                countTraffic();
            }
            saveProgress();
            closeChannel();
        }
    }

    private void saveProgress() {
        // Everything sent is acknowledged: the place to resume is where sending would go on (perhaps a
        // later segment). acks is read before acked, which is written before it.
        final Checkpoint a = acks == sends ? next : acked;
        if (!a.equals(saved)) {
            writeCheckpoint(a);
            deleteAcknowledgedSegments();
        }
    }

    /**
     * Adds what the producer sent and received on the network since the last call to the
     * sockstat label (Kafka's client takes no socket factory; its own byte counters are read).
     */
    private void countTraffic() {
        if (label == null || producer == null) {
            return;
        }
        if (outgoing == null) {
            for (final Map.Entry<MetricName, ? extends Metric> m : producer.metrics().entrySet()) {
                if ("producer-metrics".equals(m.getKey().group())) {
                    if ("outgoing-byte-total".equals(m.getKey().name())) {
                        outgoing = m.getValue();
                    } else if ("incoming-byte-total".equals(m.getKey().name())) {
                        incoming = m.getValue();
                    }
                }
            }
            outgoingCounted = 0;
            incomingCounted = 0;
            if (outgoing == null || incoming == null) {
                return;
            }
        }
        final long out;
        final long in;
        try {
            out = (long) (double) (Double) outgoing.metricValue();
            in = (long) (double) (Double) incoming.metricValue();
        } catch (final RuntimeException e) {
            return; // a closed producer's metrics: what it sent last is not counted
        }
        if (out > outgoingCounted) {
            label.sent(out - outgoingCounted);
            outgoingCounted = out;
        }
        if (in > incomingCounted) {
            label.received(in - incomingCounted);
            incomingCounted = in;
        }
    }

    /** The producer failed a send: a new producer, from the last acknowledged buffer, after a pause. */
    private void recover() {
        sendErrors.incrementAndGet();
        if (!brokerAwaySaid) {
            brokerAwaySaid = true;
            errors.onError("kafka \"" + name + "\": sending to topic \"" + topic + "\" failed; the spool keeps every"
                + " buffer and shipping goes on from the last acknowledged one when the broker answers", failure);
        }
        generation++;
        final Producer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ZERO);
            countTraffic();
        }
        producer = null;
        outgoing = null;
        incoming = null;
        synchronized (inFlight) {
            inFlight.clear();
        }
        next = acked;
        sends = 0;
        acks = 0;
        failed = false;
        LockSupport.parkNanos(this, retryNanos);
    }

    /** Sends the buffer at {@link #next} if there is one; false when there is nothing to send now. */
    private boolean sendNext() {
        final SpoolSegments.Position w = spool.written();
        if (next.segment() > w.segment()) {
            return false;
        }
        try {
            if (!open(next.segment())) {
                return moveOn(w);
            }
            final long limit = next.segment() == w.segment() ? w.offset() : channel.size();
            if (limit - next.offset() < LogBufferHeader.FIXED_LENGTH) {
                return endOfSegment(limit, w);
            }
            header.clear();
            channel.read(header, next.offset());
            final int byteCount = LogBufferHeader.byteCount(header, 0);
            if (!headerChecksOut(header) || byteCount < LogBufferHeader.FIXED_LENGTH || byteCount > limit - next.offset()) {
                return damaged(limit, w);
            }
            final byte[] value = new byte[byteCount];
            final ByteBuffer v = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(v, next.offset());
            if (LogBufferHeader.payloadCrc(v, 0) != LogBufferHeader.crc(v, LogBufferHeader.FIXED_LENGTH, byteCount, crc)) {
                return damaged(limit, w);
            }
            send(value, LogBufferHeader.lowTimestamp(v, 0) / 1_000_000L);
            return true;
        } catch (final IOException e) {
            errors.onError("kafka \"" + name + "\": reading the spool " + SpoolSegments.path(dir, name, next.segment())
                + " failed", e);
            closeChannel();
            LockSupport.parkNanos(this, retryNanos);
            return false;
        }
    }

    private void send(final byte[] value, final long millis) {
        final Checkpoint sent = next;
        final InFlight f = new InFlight(sends++, sent.sequence(),
            new Checkpoint(sent.segment(), sent.offset() + value.length, sent.sequence() + 1));
        final int g = generation;
        next = f.after;
        synchronized (inFlight) {
            inFlight.add(f);
        }
        if (lines == null) {
            f.bytes = value.length;
            sendRecord(g, f, new ProducerRecord<>(topic, null, millis, key, value, headers(sent.sequence(), null)));
        } else {
            sendLines(g, f, value);
        }
        completed(g, f, null); // the sender's own count: the buffer is done once its records are
    }

    /**
     * One record per event of the buffer. A buffer whose events cannot all be rendered (its format
     * does not fit it: only a bug could cause that, the buffer having passed its CRC) is said; when
     * none could be, its bytes count as skipped.
     */
    private void sendLines(final int g, final InFlight f, final byte[] value) {
        final int[] sent = new int[1];
        try {
            lines.render(value, (entry, timestamp, bytes, offset, length) -> {
                f.bytes += length;
                sent[0]++;
                sendRecord(g, f, new ProducerRecord<>(topic, null, timestamp / 1_000_000L, key,
                    Arrays.copyOfRange(bytes, offset, offset + length), headers(f.sequence,
                    Integer.toString(entry).getBytes(StandardCharsets.US_ASCII))));
            });
        } catch (final IOException | IllegalArgumentException e) {
            if (sent[0] == 0) {
                skippedBytes.addAndGet(value.length);
            }
            errors.onError("kafka \"" + name + "\": buffer " + f.sequence + " cannot be rendered as lines ("
                + e.getMessage() + "); " + (sent[0] == 0 ? "none of its events is shipped (" + value.length
                + " bytes skipped)" : "only the " + sent[0] + " of its events rendered are shipped"), null);
        }
    }

    private RecordHeaders headers(final long sequence, final byte[] entry) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(KafkaLogObject.HOST, host));
        headers.add(new RecordHeader(KafkaLogObject.OBJECT, object));
        headers.add(new RecordHeader(KafkaLogObject.SEQUENCE, Long.toString(sequence).getBytes(StandardCharsets.US_ASCII)));
        if (entry != null) {
            headers.add(new RecordHeader(KafkaLogObject.ENTRY, entry));
        }
        return headers;
    }

    private void sendRecord(final int g, final InFlight f, final ProducerRecord<byte[], byte[]> r) {
        f.pending.incrementAndGet();
        try {
            producer.send(r, (metadata, error) -> completed(g, f, error));
        } catch (final RuntimeException e) { // e.g. a serializer or interceptor failing; send()'s own failures come to the callback
            completed(g, f, e);
        }
    }

    /**
     * A send's outcome, for the current producer only. A failure of any send (even one completed
     * on the shipper's thread, before earlier ones, as send() does when it gave up waiting for
     * metadata) fails the generation; successes move the acknowledged place on in send order.
     */
    private void completed(final int g, final InFlight f, final Exception error) {
        if (g != generation || failed) {
            return;
        }
        if (error != null && !(error instanceof RecordTooLargeException)) {
            failure = error;
            failed = true;
            return;
        }
        if (error != null) {
            if (lines == null) {
                f.tooLarge = true;
                errors.onError("kafka \"" + name + "\": buffer " + f.sequence + " (" + f.bytes + " bytes) is larger"
                    + " than the broker or producer accepts (max.request.size, message.max.bytes); it stays only in the"
                    + " spool", error);
            } else {
                f.tooLargeEvents.incrementAndGet(); // counted once the buffer is done: a buffer sent again refuses it again
                errors.onError("kafka \"" + name + "\": an event of buffer " + f.sequence + " is larger than the broker or"
                    + " producer accepts (max.request.size, message.max.bytes); it is not shipped, the buffer's other"
                    + " events are", error);
            }
        }
        if (f.pending.decrementAndGet() > 0) {
            return;
        }
        f.state = f.tooLarge ? InFlight.TOO_LARGE : InFlight.DONE;
        synchronized (inFlight) {
            InFlight h;
            while ((h = inFlight.peek()) != null && h.state != InFlight.PENDING) {
                inFlight.poll();
                if (h.state == InFlight.DONE) {
                    buffersSent.incrementAndGet();
                    bytesSent.addAndGet(h.bytes);
                    eventsTooLarge.addAndGet(h.tooLargeEvents.get());
                    brokerAwaySaid = false;
                } else {
                    tooLarge.incrementAndGet();
                }
                acked = h.after;
                acks = h.index + 1;
            }
        }
    }

    /**
     * A buffer sent and not yet known to be acknowledged, in send order in {@link #inFlight}: its
     * record, or its events' records (shapes of lines), each counted in {@link #pending} until
     * acknowledged, plus one the sender holds until it has sent them all.
     */
    private static final class InFlight {
        static final int PENDING = 0;
        static final int DONE = 1;
        static final int TOO_LARGE = 2;

        final long index;
        final long sequence;
        final Checkpoint after;
        final AtomicInteger pending = new AtomicInteger(1);
        /** Shapes of lines: its events refused as too large in this sending of it. */
        final AtomicInteger tooLargeEvents = new AtomicInteger();
        /** The bytes sent; written by the sender before it lets go of its count. */
        volatile int bytes;
        volatile boolean tooLarge;
        volatile int state;

        InFlight(final long index, final long sequence, final Checkpoint after) {
            this.index = index;
            this.sequence = sequence;
            this.after = after;
        }
    }

    /**
     * The bytes at {@link #next} are not a whole, intact buffer: a buffer cut off by a process that
     * ended while writing it, or damage. Skipped to the next buffer whose header checks out (as
     * spool-cat does), counted and said with the offsets; never a stall. In the live segment only
     * whole buffers are published, so there it can only be damage on disk.
     */
    private boolean damaged(final long limit, final SpoolSegments.Position w) throws IOException {
        final long from = next.offset();
        final long to = resync(from + LogEntryHeader.ALIGNMENT, limit);
        if (to >= limit && next.segment() < w.segment()) {
            return endOfSegment(limit, w); // the rest of a complete segment: said there
        }
        skippedBytes.addAndGet(to - from);
        errors.onError("kafka \"" + name + "\": bytes " + from + " to " + to + " of "
            + SpoolSegments.path(dir, name, next.segment()) + " are not an intact buffer (damaged?); not shipped,"
            + " shipping goes on with the next buffer", null);
        next = new Checkpoint(next.segment(), to, next.sequence());
        return true;
    }

    /** The first offset in [from, limit) holding a buffer header that checks out (buffers start 8-aligned), else limit. */
    private long resync(final long from, final long limit) throws IOException {
        for (long at = from; limit - at >= LogBufferHeader.FIXED_LENGTH; at += LogEntryHeader.ALIGNMENT) {
            header.clear();
            channel.read(header, at);
            if (headerChecksOut(header)) {
                return at;
            }
        }
        return limit;
    }

    /** Whether the fixed header read into {@code h} has the magic and its own CRC. */
    private boolean headerChecksOut(final ByteBuffer h) {
        return LogBufferHeader.magic(h, 0) == LogBufferHeader.MAGIC
            && LogBufferHeader.headerCrc(h, 0) == LogBufferHeader.crc(h, 0, LogBufferHeader.HEADER_CRC_OFFSET, crc);
    }

    /** At {@code limit} with no whole buffer there: the end of a complete segment moves on; else wait. */
    private boolean endOfSegment(final long limit, final SpoolSegments.Position w) throws IOException {
        final boolean complete = next.segment() < w.segment();
        if (!complete) {
            return false;
        }
        final long size = channel.size();
        if (size > next.offset()) {
            skippedBytes.addAndGet(size - next.offset());
            errors.onError("kafka \"" + name + "\": the last " + (size - next.offset()) + " bytes of "
                + SpoolSegments.path(dir, name, next.segment()) + " (from offset " + next.offset()
                + ") are not whole buffers (cut off when a process ended while writing, or damaged); not shipped", null);
        }
        return moveOn(w);
    }

    /** To the first segment after {@link #next}'s that exists and is not past what was written. */
    private boolean moveOn(final SpoolSegments.Position w) {
        final TreeMap<Long, Path> segments = SpoolSegments.list(dir, name);
        final Map.Entry<Long, Path> after = segments.higherEntry(next.segment());
        final long to = after == null ? w.segment() : Math.min(after.getKey(), w.segment());
        if (to <= next.segment()) {
            return false;
        }
        next = Checkpoint.segmentStart(to);
        closeChannel();
        return true;
    }

    private boolean open(final long segment) throws IOException {
        if (channelSegment == segment && channel != null) {
            return true;
        }
        closeChannel();
        try {
            channel = FileChannel.open(SpoolSegments.path(dir, name, segment), StandardOpenOption.READ);
            channelSegment = segment;
            return true;
        } catch (final NoSuchFileException e) {
            return false;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException e) {
                // read only: nothing lost
            }
            channel = null;
            channelSegment = -1;
        }
    }

    /**
     * Buffers written to the spool and not yet acknowledged: those an earlier run left, plus this
     * run's, less the acknowledged ones.
     */
    long buffersWaiting() {
        return Math.max(0, leftByEarlierRuns + spool.buffersWritten() - buffersSent.get() - tooLarge.get());
    }

    /** The whole buffers in the segments of earlier runs from the checkpoint on, by their headers. */
    private long countLeftBuffers() {
        long count = 0;
        final ByteBuffer h = ByteBuffer.allocate(LogBufferHeader.FIXED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (final Map.Entry<Long, Path> e : SpoolSegments.list(dir, name).headMap(spool.firstOfRun()).entrySet()) {
            if (e.getKey() < saved.segment()) {
                continue;
            }
            try (FileChannel ch = FileChannel.open(e.getValue(), StandardOpenOption.READ)) {
                long at = e.getKey() == saved.segment() ? saved.offset() : 0;
                final long size = ch.size();
                while (size - at >= LogBufferHeader.FIXED_LENGTH) {
                    h.clear();
                    ch.read(h, at);
                    final int byteCount = LogBufferHeader.byteCount(h, 0);
                    if (!headerChecksOut(h) || byteCount < LogBufferHeader.FIXED_LENGTH
                        || byteCount > size - at) {
                        break;
                    }
                    count++;
                    at += byteCount;
                }
            } catch (final IOException x) {
                // counted as far as it could be read; sending will say what is wrong with the file
            }
        }
        return count;
    }

    /**
     * Deletes the segments before the acknowledged one (never one the flush thread may still
     * write). The newest segment there is is emptied instead, so segment numbers (and with them
     * sequence numbers) go on growing even when the checkpoint is lost.
     */
    private void deleteAcknowledgedSegments() {
        final long keepFrom = Math.min(saved.segment(), spool.written().segment());
        final TreeMap<Long, Path> all = SpoolSegments.list(dir, name);
        if (all.isEmpty()) {
            return;
        }
        final long newest = all.lastKey();
        for (final Map.Entry<Long, Path> e : all.headMap(keepFrom).entrySet()) {
            try {
                final long size = Files.size(e.getValue());
                if (e.getKey() == newest) {
                    if (size > 0) {
                        try (FileChannel ch = FileChannel.open(e.getValue(), StandardOpenOption.WRITE)) {
                            ch.truncate(0);
                        }
                        spool.deleted(size);
                    }
                } else {
                    Files.delete(e.getValue());
                    spool.deleted(size);
                }
            } catch (final IOException x) {
                errors.onError("kafka \"" + name + "\": deleting the shipped spool segment " + e.getValue() + " failed", x);
            }
        }
    }
}
