package dev.spool.kafka;

import dev.spool.engine.Log;
import dev.spool.engine.cli.SpoolCat;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.testing.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code spool-cat --kafka} on a real broker: following a topic, and topics of lines. */
class SpoolCatTopicTest extends SharedBrokerTest {
    /** The first event's time; event i of host h (of n hosts) is (n i + h) milliseconds later. */
    private static final long T0 = 1_763_802_902_000_000_000L;

    @ParameterizedTest
    @EnumSource(value = Shape.class, names = {"BUFFERS", "LINES"})
    void followPrintsWhatArrivesEachEventOnceUntilInterrupted(final Shape shape, @TempDir final Path dir) throws Exception {
        ship(dir, shape, "host-a", 0, 1, 0, 500);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicInteger status = new AtomicInteger(-1);
        final Thread following = new Thread(() -> status.set(SpoolCat.run(new String[] {"--kafka", broker.bootstrap(),
            "--topic", topic, "--from-beginning", "--follow"}, out, new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]))), "spool-cat -f");
        following.start();
        Conditions.waitFor(30, () -> lines(out) >= 500);
        sendAgain(firstRecord()); // a duplicate while following: left out
        ship(dir, shape, "host-a", 0, 1, 500, 1_000); // the same spool: its sequence numbers go on
        Conditions.waitFor(30, () -> lines(out) >= 1_000);
        following.interrupt();
        following.join(30_000);
        assertFalse(following.isAlive(), "spool-cat -f ended when interrupted");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, status.get());
        final StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            expected.append("host-a ").append(i).append('\n');
        }
        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTopicOfLinesIsPrintedAsShippedEachEventOnceHostsMergedInTime(@TempDir final Path dir) throws Exception {
        ship(dir.resolve("a"), Shape.LINES, "host-a", 0, 2, 0, 300);
        ship(dir.resolve("b"), Shape.LINES, "host-b", 1, 2, 0, 300);
        sendAgain(firstRecord()); // host-a's first event once more, as a resent buffer's first line
        final StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            expected.append("host-a ").append(i).append('\n').append("host-b ").append(i).append('\n');
        }
        assertEquals(expected.toString(), cat("--from-beginning"));

        final StringBuilder grep = new StringBuilder();
        for (int i = 10; i < 20; i++) {
            grep.append("host-b ").append(i).append('\n');
        }
        assertEquals(grep.toString(), cat("--from-beginning", "--grep", "^host-b 1[0-9]$"));
        final long ms = T0 / 1_000_000L;
        assertEquals("host-a 10\nhost-b 10\nhost-a 11\nhost-b 11\n", cat("--from-beginning", "--since",
            Long.toString(ms + 20), "--until", Long.toString(ms + 24)));

        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, SpoolCat.run(new String[] {"--kafka", broker.bootstrap(), "--topic", topic, "--from-beginning",
            "--level", "WARN"}, new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0])));
        assertEquals("spool-cat: topic \"" + topic + "\" holds one rendered event per record (a Kafka log object of shape"
            + " lines or json-lines): --level applies to a topic of buffers; --grep, --since and --until apply to lines\n",
            err.toString(StandardCharsets.UTF_8));

        // An output that fails is said as the output's failure, not the topic's.
        err.reset();
        assertEquals(1, SpoolCat.run(new String[] {"--kafka", broker.bootstrap(), "--topic", topic, "--from-beginning"},
            new java.io.OutputStream() {
                @Override
                public void write(final int b) throws java.io.IOException {
                    throw new java.io.IOException("No space left on device");
                }
            }, new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])));
        assertEquals("spool-cat: cannot write the output: No space left on device\n", err.toString(StandardCharsets.UTF_8));
    }

    /** Ships events {@code [from, to)} of {@code host} (its index among {@code hosts}) as "host i" and waits until the broker has them. */
    private void ship(final Path spool, final Shape shape, final String host, final int index, final int hosts,
                      final int from, final int to) {
        final KafkaLogObject kafka = KafkaLogObject.builder("app", spool).bootstrapServers(broker.bootstrap()).topic(topic)
            .host(host).format("%<thread> %<msg>").bufferSize(4 * 1024).shape(shape).drainTimeout(Duration.ofSeconds(60))
            .build();
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(kafka.config()).build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = from; i < to; i++) {
            log.access(e.clear().threadName(host).timestampNanos(T0 + ((long) hosts * i + index) * 1_000_000L)
                .message(Integer.toString(i)));
        }
        log.stop(); // drains the spool to the broker
        assertEquals(0, kafka.stats().getBuffersWaiting(), "everything shipped");
    }

    /** spool-cat --kafka on the topic with {@code options}: its output, after checking that it ended with status 0 and said nothing. */
    private String cat(final String... options) {
        final String[] args = new String[4 + options.length];
        args[0] = "--kafka";
        args[1] = broker.bootstrap();
        args[2] = "--topic";
        args[3] = topic;
        System.arraycopy(options, 0, args, 4, options.length);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, SpoolCat.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0])));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long lines(final ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }
}
