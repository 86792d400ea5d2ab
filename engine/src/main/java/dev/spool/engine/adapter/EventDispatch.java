package dev.spool.engine.adapter;

import dev.spool.engine.Log;
import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.LogFile;
import dev.spool.engine.format.RecordRenderer;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An engine of its own that hands a framework's captured events to a consumer (the appenders
 * behind an asynchronous wrapper) on its flush thread, one at a time, in the order they were
 * logged; for the adapters' {@code SpoolAsync}. Callers put each event in with
 * {@link LogObject#accessRecord} as the attachment of an empty record; the buffers, whenFull and
 * loss accounting are the engine's.
 *
 * <p>The preproc thread may take a buffer before the one logged before it is complete, so it does
 * not call the consumer itself: it parks each event under a number and writes the number as a
 * line; the flush thread, which takes buffers in the order of their events, reads the numbers
 * back and hands the events over. Other lines are the engine's loss lines (events dropped under
 * whenFull=drop), already counted and reported.
 */
public final class EventDispatch<E> {
    private final Log log;
    private final LogObject object;

    private EventDispatch(final Log log, final LogObject object) {
        this.log = log;
        this.object = object;
    }

    /**
     * Starts the engine with one log object of {@code config}'s settings (its file is only a name).
     *
     * @param stopTimeout how long {@link #stop} waits for the events it holds, or null for the engine's default
     * @throws dev.spool.engine.object.LogConfigException for bad settings
     */
    public static <E> EventDispatch<E> start(final String engineName, final LogObjectConfig config,
                                             final Duration stopTimeout, final ErrorListener errors,
                                             final Class<E> type, final Consumer<E> consumer) {
        final Parking<E> parking = new Parking<>(type);
        final LogConfig.Builder b = LogConfig.builder().engineName(engineName).preprocThreads(1).shutdownHook(false)
            .jmx(false).errorListener(errors)
            .files((description, context) -> new Handing<>(description.file(), parking, consumer))
            .object(config.withRenderer(parking));
        if (stopTimeout != null) {
            b.stopTimeout(stopTimeout);
        }
        final Log log = Log.start(b.build());
        return new EventDispatch<>(log, log.object(config.name()));
    }

    /** The log object to put events into. */
    public LogObject object() {
        return object;
    }

    /** Hands over what it holds (up to the stop timeout) and stops. */
    public void stop() {
        log.stop();
    }

    /** The preproc step: parks each event under a number and writes {@code #number}. */
    private static final class Parking<E> implements RecordRenderer {
        private final Class<E> type;
        private final ConcurrentHashMap<Long, E> parked = new ConcurrentHashMap<>();
        private final AtomicLong numbers = new AtomicLong();

        Parking(final Class<E> type) {
            this.type = type;
        }

        @Override
        public void render(final int renderer, final ByteBuffer record, final int offset, final int length,
                           final long timestampNanos, final Object attachment, final TextOutput out) {
            final long n = numbers.incrementAndGet();
            parked.put(n, type.cast(attachment));
            out.write('#');
            out.writeLong(n);
            out.write('\n');
        }

        E take(final long n) {
            return parked.remove(n);
        }
    }

    /** The flush step: reads the numbers back and hands their events to the consumer, in order. */
    private static final class Handing<E> implements LogFile {
        private final Path path;
        private final Parking<E> parking;
        private final Consumer<E> consumer;

        Handing(final Path path, final Parking<E> parking, final Consumer<E> consumer) {
            this.path = path;
            this.parking = parking;
            this.consumer = consumer;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public boolean ensureOpen(final long nowNanos) {
            return true;
        }

        @Override
        public void write(final ByteBuffer bytes) {
            while (bytes.hasRemaining()) {
                final boolean number = bytes.get() == '#';
                long n = 0;
                byte b;
                while (bytes.hasRemaining() && (b = bytes.get()) != '\n') {
                    n = n * 10 + (b - '0');
                }
                final E event = number ? parking.take(n) : null;
                if (event != null) {
                    consumer.accept(event);
                }
            }
        }

        @Override
        public void close() {
        }
    }
}
