package dev.spool.benchmarks;

import dev.spool.engine.Log;
import dev.spool.engine.buffer.LogBufferHeader;
import dev.spool.engine.cli.BinaryLogReader;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.format.CompactEncoder;
import dev.spool.engine.format.FieldType;
import dev.spool.engine.format.StoredField;
import dev.spool.engine.object.Descriptor;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The preproc thread's cost of writing a binary log in format 2: encoding buffers of the example's
 * requests (a logger, eight threads, three context values, a message with two numbers), as a
 * binary log object's preproc step does, in nanoseconds per event. Run by name:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main CompactEncoderBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CompactEncoderBenchmark {
    /** Events per buffer round: the benchmark encodes every buffer of the log once per invocation. */
    static final int EVENTS = 20_000;

    private final List<ByteBuffer> buffers = new ArrayList<>();
    private FieldType[] types;
    private final CompactEncoder encoder = new CompactEncoder();

    @Setup(Level.Trial)
    public void write() throws IOException {
        final Path dir = EventLedger.benchDirectory("spool-bench-encoder");
        final Path file = dir.resolve("access.blog");
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("access").file(file).mode(LogMode.BINARY)
                .format("%<time> %<level> [%<thread>] %<logger> %<mdc> - %<msg> %<throwable>").build())
            .build());
        final String[] paths = {"/account", "/orders", "/cart", "/search"};
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < EVENTS; i++) {
            log.access(e.clear().timestampNanos(1_763_802_902_123_456_789L + i * 137_000L).level("INFO")
                .threadName("worker-" + i % 8).loggerName("dev.spool.examples.RequestHandler")
                .message("Request " + (100_000 + i) + " completed in " + (i * 7 % 900) + " us")
                .context("method", i % 3 == 0 ? "GET" : "POST").context("path", paths[i % 4]).context("status", "200"));
        }
        log.stop();
        try (FileChannel in = FileChannel.open(file)) {
            final BinaryLogReader reader = new BinaryLogReader(in, false, 0, (offset, message) -> {
                throw new IllegalStateException(message);
            });
            for (BinaryLogReader.Buffer b = reader.next(); b != null; b = reader.next()) {
                // Direct and little-endian, as a log object's buffers are.
                final ByteBuffer d = ByteBuffer.allocateDirect(b.byteCount()).order(ByteOrder.LITTLE_ENDIAN);
                d.put(0, b.data(), 0, b.byteCount());
                buffers.add(d);
            }
        }
        Files.delete(file);
        Files.delete(dir);
        final ByteBuffer first = buffers.get(0);
        final byte[] descriptor = new byte[LogBufferHeader.descriptorLength(first, 0)];
        first.get(LogBufferHeader.DESCRIPTOR_OFFSET, descriptor);
        types = Descriptor.parse(descriptor).fields().stream().map(StoredField::type).toArray(FieldType[]::new);
    }

    /** Every buffer once; the score is per event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int encode() {
        int bytes = 0;
        for (final ByteBuffer b : buffers) {
            bytes += encoder.encode(b, types);
        }
        return bytes;
    }
}
