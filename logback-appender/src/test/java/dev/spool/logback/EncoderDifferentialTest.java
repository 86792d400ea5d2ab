package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.spool.engine.testing.TestLines.assertSameLines;
import static dev.spool.engine.testing.TestLines.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same events, from several threads, through a stock {@code FileAppender} and a
 * {@code SpoolAppender} with the same encoder settings: the two files hold the same lines, byte
 * for byte, and each thread's lines in its order. Covers PatternLayoutEncoder with common
 * patterns (dates, padding, logger abbreviation, MDC, markers, key-value pairs, caller data,
 * exceptions, colours, replace, an application's converter that reads the arguments),
 * logstash-logback-encoder's LogstashEncoder and Logback's JsonEncoder.
 */
class EncoderDifferentialTest {
    static final int THREADS = 3;
    static final int EVENTS = 400;

    @TempDir
    Path dir;

    static Stream<Arguments> encoders() {
        final List<String> patterns = List.of(
            "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n",
            "%d{ISO8601} %level %logger %X{user} %X{request} - %msg%n",
            "%date %-5level [%thread] %logger{0}: %msg %mdc%n",
            "%d{HH:mm:ss.SSS} %relative %sn %-5level %logger{15} %marker %kvp - %msg%n",
            "%highlight(%-5level) %cyan(%logger{20}) %red(%msg) %boldGreen(%thread) %n",
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %level %msg%n",
            "%caller{2}%msg%n",
            "%C.%M:%L %F %class{0} %msg%n",
            "%d %level %msg%n%ex{short}",
            "%level %logger %msg %xEx%n",
            "%level %msg%n%rEx{3}",
            "%replace(%msg){'\\d', '#'} %contextName%n",
            "%.-1level %-20.20logger %20.-30msg %micros%n",
            "%prefix(%level %thread) %msg%nopex%n",
            "%date{\"yyyy-MM-dd HH:mm:ss,SSS\"} %lo %m%n",
            "%d{ISO8601} %-5level %arguments %logger{0} - %msg%n%ex");
        final List<Arguments> out = new ArrayList<>();
        for (final String p : patterns) {
            out.add(Arguments.of(p, (Supplier<Encoder<ILoggingEvent>>) () -> {
                final PatternLayoutEncoder e = new PatternLayoutEncoder();
                e.setPattern(p);
                return e;
            }));
        }
        out.add(Arguments.of("LogstashEncoder", (Supplier<Encoder<ILoggingEvent>>) LogstashEncoder::new));
        out.add(Arguments.of("JsonEncoder", (Supplier<Encoder<ILoggingEvent>>) ch.qos.logback.classic.encoder.JsonEncoder::new));
        return out.stream();
    }

    /** The events one thread logs: parameters, MDC, markers, key-value pairs, exceptions, non-ASCII, huge. */
    static List<LoggingEvent> events(final Logger logger, final int thread) {
        final List<LoggingEvent> out = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            final Throwable thrown;
            if (i % 50 == 0) {
                final IllegalStateException e = new IllegalStateException("failure " + i, new RuntimeException("cause"));
                e.addSuppressed(new IllegalArgumentException("suppressed"));
                thrown = e;
            } else {
                thrown = null;
            }
            final String text = i % 97 == 0 ? "x".repeat(100_000) : "caf\u00e9 \u65e5\u672c \uD83D\uDE00 \"quoted\" 12";
            final LoggingEvent e = new LoggingEvent(EncoderDifferentialTest.class.getName(), logger,
                i % 5 == 0 ? Level.WARN : Level.INFO, "event {} of thread {}: {}", thrown, new Object[] {i, thread, text});
            e.setThreadName("worker-" + thread);
            e.setTimeStamp(1_763_802_902_123L + i);
            final Map<String, String> mdc = new LinkedHashMap<>();
            mdc.put("user", "user-" + thread);
            if (i % 3 == 0) {
                mdc.put("request", "r" + i);
            }
            e.setMDCPropertyMap(mdc);
            if (i % 4 == 0) {
                e.addMarker(MarkerFactory.getMarker("AUDIT"));
            }
            if (i % 6 == 0) {
                e.addKeyValuePair(new KeyValuePair("orderId", 1000 + i));
                e.addKeyValuePair(new KeyValuePair("note", "\u00fcber"));
            }
            e.setCallerData(new StackTraceElement[] {
                new StackTraceElement("com.example.shop.Checkout", "pay", "Checkout.java", 42),
                new StackTraceElement(null, "java.base", null, "java.lang.Thread", "run", "Thread.java", 833)});
            e.setSequenceNumber(thread * 100_000L + i);
            out.add(e);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void spoolWritesTheSameBytesAsTheStockAppender(final String name, final Supplier<Encoder<ILoggingEvent>> encoder)
        throws Exception {
        final LoggerContext context = new LoggerContext();
        context.setName("shop");
        context.setSequenceNumberGenerator(new ch.qos.logback.core.spi.BasicSequenceNumberGenerator());
        context.setMDCAdapter(new LogbackMDCAdapter());
        // An application's converter (registered as a <conversionRule> would register it).
        final java.util.Map<String, String> rules = new java.util.HashMap<>();
        rules.put("arguments", ArgumentsConverter.class.getName());
        context.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, rules);
        final Logger logger = context.getLogger("com.example.shop.Checkout");
        final FileAppender<ILoggingEvent> stock = new FileAppender<>();
        stock.setContext(context);
        stock.setName("stock");
        stock.setFile(dir.resolve("stock.log").toString());
        stock.setImmediateFlush(false);
        stock.setEncoder(started(encoder.get(), context));
        stock.start();
        final SpoolAppender spool = new SpoolAppender();
        spool.setContext(context);
        spool.setName("spool");
        spool.setFile(dir.resolve("spool.log").toString());
        spool.setEncoder(started(encoder.get(), context));
        spool.start();
        assertTrue(spool.isStarted(), context.getStatusManager().getCopyOfStatusList().toString());
        // Every encoder runs off the caller's thread: pattern encoders of Logback's own converters
        // from records, others on the event itself (as AsyncAppender's worker runs them).
        assertTrue(spool.encodesOffThread());
        final Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            final List<LoggingEvent> events = events(logger, t);
            threads[t] = new Thread(() -> {
                for (final LoggingEvent e : events) {
                    stock.doAppend(e);
                    spool.doAppend(e);
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        stock.stop();
        spool.stop();
        final List<String> stockLines = Files.readAllLines(dir.resolve("stock.log"));
        final List<String> spoolLines = Files.readAllLines(dir.resolve("spool.log"));
        assertTrue(stockLines.size() >= THREADS * EVENTS, stockLines.size() + " lines");
        assertSameLines("the sorted lines", sorted(stockLines), sorted(spoolLines));
        assertEquals(Files.size(dir.resolve("stock.log")), Files.size(dir.resolve("spool.log")), "same bytes");
        for (int t = 0; t < THREADS; t++) {
            final String mark = "worker-" + t;
            assertSameLines("thread " + t + "'s lines in its order", stockLines.stream().filter(l -> l.contains(mark)).toList(),
                spoolLines.stream().filter(l -> l.contains(mark)).toList());
        }
        final List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() >= Status.WARN).toList();
        assertEquals(List.of(), problems);
    }

    private static Encoder<ILoggingEvent> started(final Encoder<ILoggingEvent> encoder, final LoggerContext context) {
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
