package dev.spool.log4j2;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.RandomAccessFileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.JsonLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.spool.engine.testing.TestLines.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same events, from several threads, through a stock {@code RandomAccessFile} and a
 * {@code Spool} appender with the same Layout: the two files hold the same lines, byte for byte.
 * Covers common PatternLayout patterns (compiled ones among them, see {@link CompiledPatternTest}),
 * JsonTemplateLayout's ECS, GELF and Logstash templates and JsonLayout: every one of them
 * laid out on the preproc thread (from a record, or from a memento of the event beside it).
 */
class LayoutDifferentialTest {
    static final int THREADS = 3;
    static final int EVENTS = 400;

    @TempDir
    Path dir;

    static Stream<Arguments> layouts() {
        final List<String> patterns = List.of(
            "%d{ISO8601} %-5p [%t] %c - %m%n",
            "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5level %logger{36} - %msg%n",
            "%d{ABSOLUTE} %p %c{1.} [%t] %m%n",
            "%d{UNIX_MILLIS} %level %logger %X{user} %X{request} %m%n",
            "%d{HH:mm:ss.SSS} [%t] %-5level %c{1} - %m%ex%n",
            "%d{DEFAULT} %p %marker %c %m%n",
            "%d %p %C{1}.%M:%L - %m%n",
            "%d{ISO8601}{UTC} %p %c{2.} %m %throwable{3}%n",
            "%level{length=1} %logger{1} %m %rEx%n",
            "%highlight{%-5level} %style{%c}{bright} %m%xEx%n",
            "%enc{%m}{JSON}%n",
            "%maxLen{%m}{40} %X%n",
            "%t %tid %d{ISO8601} %m %n",
            "%d{DEFAULT_PERIOD} %5p [%-12t] %c{2} user=%X{user} req=%X{request} %tid/%tp: %m%xEx%n",
            "%d{ISO8601_BASIC}{America/New_York} %d{UNIX} %-40c %m%n");
        final List<Arguments> out = new ArrayList<>();
        for (final String p : patterns) {
            out.add(Arguments.of(p, (Function<Configuration, Layout<? extends Serializable>>) config ->
                PatternLayout.newBuilder().setPattern(p).setConfiguration(config).build()));
        }
        for (final String template : List.of("EcsLayout.json", "GelfLayout.json", "LogstashJsonEventLayoutV1.json")) {
            out.add(Arguments.of("JsonTemplateLayout " + template, (Function<Configuration, Layout<? extends Serializable>>)
                config -> JsonTemplateLayout.newBuilder().setConfiguration(config)
                    .setEventTemplateUri("classpath:" + template).build()));
        }
        out.add(Arguments.of("JsonTemplateLayout LogstashJsonEventLayoutV1.json with location",
            (Function<Configuration, Layout<? extends Serializable>>) config -> JsonTemplateLayout.newBuilder()
                .setConfiguration(config).setLocationInfoEnabled(true)
                .setEventTemplateUri("classpath:LogstashJsonEventLayoutV1.json").build()));
        out.add(Arguments.of("JsonLayout", (Function<Configuration, Layout<? extends Serializable>>)
            config -> JsonLayout.newBuilder().setConfiguration(config).setCompact(true).setEventEol(true)
                .setProperties(true).setIncludeStacktrace(true).build()));
        return out.stream();
    }

    /** The events one thread logs: parameters, context, markers, exceptions, non-ASCII, a huge message. */
    static List<LogEvent> events(final int thread) {
        final List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            final SortedArrayStringMap context = new SortedArrayStringMap();
            context.putValue("user", "user-" + thread);
            if (i % 3 == 0) {
                context.putValue("request", "r" + i);
            }
            final Throwable thrown;
            if (i % 50 == 0) {
                final IllegalStateException e = new IllegalStateException("failure " + i, new RuntimeException("cause"));
                e.addSuppressed(new IllegalArgumentException("suppressed"));
                thrown = e;
            } else {
                thrown = null;
            }
            final String text = i % 97 == 0 ? "x".repeat(100_000) : "caf\u00e9 \u65e5\u672c \uD83D\uDE00 \"quoted\"";
            out.add(Log4jLogEvent.newBuilder()
                .setLoggerName("com.example.shop.Checkout")
                .setLoggerFqcn(LayoutDifferentialTest.class.getName())
                .setLevel(i % 5 == 0 ? Level.WARN : Level.INFO)
                .setMarker(i % 4 == 0 ? MarkerManager.getMarker("AUDIT") : null)
                .setMessage(i % 41 == 0
                    ? new StringMapMessage().with("event", i).with("thread", thread).with("text", text)
                    : new ParameterizedMessage("event {} of thread {}: {}", i, thread, text))
                .setThrown(thrown)
                .setContextData(context)
                .setThreadName("worker-" + thread)
                .setThreadId(100 + thread)
                .setSource(new StackTraceElement("com.example.shop.Checkout", "pay", "Checkout.java", 42))
                .setIncludeLocation(true)
                .setTimeMillis(1_763_802_902_123L + i)
                .build());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void spoolWritesTheSameBytesAsTheStockAppender(final String name,
                                                  final Function<Configuration, Layout<? extends Serializable>> layout)
        throws Exception {
        final Configuration config = new DefaultConfiguration();
        final Appender stock = RandomAccessFileAppender.newBuilder().setName("stock")
            .setFileName(dir.resolve("stock.log").toString()).setImmediateFlush(false)
            .setLayout(layout.apply(config)).setConfiguration(config).build();
        final SpoolAppender spool = SpoolAppender.newBuilder().setName("spool")
            .setFileName(dir.resolve("spool.log").toString()).setLayout(layout.apply(config)).setConfiguration(config)
            .build();
        stock.start();
        spool.start();
        final Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            final List<LogEvent> events = events(t);
            threads[t] = new Thread(() -> {
                for (final LogEvent e : events) {
                    stock.append(e);
                    spool.append(e);
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        stock.stop();
        spool.stop();
        final List<String> expected = sorted(Files.readAllLines(dir.resolve("stock.log")));
        assertTrue(expected.size() >= THREADS * EVENTS, expected.size() + " lines");
        assertEquals(expected, sorted(Files.readAllLines(dir.resolve("spool.log"))));
        assertEquals(Files.size(dir.resolve("stock.log")), Files.size(dir.resolve("spool.log")), "same bytes");
    }
}
