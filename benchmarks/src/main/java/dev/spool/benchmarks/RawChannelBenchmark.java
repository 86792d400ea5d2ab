package dev.spool.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The physical reference: the same ~100-byte line, pre-encoded, copied into a per-thread 64 KiB
 * buffer that is written through one FileChannel when full. No framework does less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RawChannelBenchmark {
    private final List<Lines> lines = new CopyOnWriteArrayList<>();
    private Path dir;
    private Path file;
    private FileChannel channel;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = EventLedger.benchDirectory("spool-bench-raw");
        file = dir.resolve("raw.log");
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        for (final Lines l : lines) {
            l.flush(channel);
        }
        channel.close();
        EventLedger.INSTANCE.settle("rawChannel", file);
        Files.deleteIfExists(dir);
    }

    /** A thread's buffer of pre-encoded lines. */
    @State(Scope.Thread)
    public static class Lines {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        final byte[] line = ("2026-11-22 10:15:30,123 INFO  [worker-1] bench.Requests - Request 7300000 completed"
            + " in 1234 us\n").getBytes(StandardCharsets.UTF_8);

        @Setup(Level.Trial)
        public void register(final RawChannelBenchmark bench) {
            bench.lines.add(this);
        }

        void flush(final FileChannel channel) throws IOException {
            buffer.flip();
            synchronized (channel) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            buffer.clear();
        }
    }

    @Benchmark
    public void log(final Worker worker, final Lines l) throws IOException {
        if (l.buffer.remaining() < l.line.length) {
            l.flush(channel);
        }
        l.buffer.put(l.line);
        worker.logged++;
    }
}
