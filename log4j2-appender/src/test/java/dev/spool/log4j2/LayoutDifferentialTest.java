package dev.spool.log4j2;

import dev.spool.engine.testing.DifferentialRun;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.CsvLogEventLayout;
import org.apache.logging.log4j.core.layout.CsvParameterLayout;
import org.apache.logging.log4j.core.layout.HtmlLayout;
import org.apache.logging.log4j.core.layout.JsonLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.layout.Rfc5424Layout;
import org.apache.logging.log4j.core.layout.XmlLayout;
import org.apache.logging.log4j.core.layout.YamlLayout;
import org.apache.logging.log4j.core.net.Facility;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.apache.logging.log4j.spi.MutableThreadContextStack;
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

import static dev.spool.engine.testing.TestLines.assertSameLines;
import static dev.spool.engine.testing.TestLines.assertSameLinesOfEachThread;
import static dev.spool.engine.testing.TestLines.runOnThreads;
import static dev.spool.engine.testing.TestLines.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same events, from several threads, through a stock {@code File} appender and a
 * {@code Spool} appender with the same Layout: the two files hold the same lines, byte for byte.
 * Each thread's lines come in its order, and no event is laid out on the caller's thread. Covers
 * common PatternLayout patterns (compiled ones among them, see {@link CompiledPatternTest}; one with
 * an application's converter, {@link ParametersConverter}), JsonTemplateLayout's ECS, GELF and
 * Logstash templates, JsonLayout, XmlLayout, YamlLayout, the two CSV layouts and Rfc5424Layout with
 * structured data and the context map: every one of them laid out on the preproc thread (from a
 * record, or from a memento of the event beside it). Cases are run as {@link DifferentialRun} says.
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
            "%d{ISO8601_BASIC}{America/New_York} %d{UNIX} %-40c %m%n",
            "%d{ISO8601} %-5p [%t] %c{1} %parameters - %m%n");
        final List<Arguments> out = new ArrayList<>();
        for (final String p : patterns) {
            out.add(concurrently(p, config -> PatternLayout.newBuilder().setPattern(p).setConfiguration(config).build()));
        }
        for (final String template : List.of("EcsLayout.json", "GelfLayout.json", "LogstashJsonEventLayoutV1.json")) {
            out.add(concurrently("JsonTemplateLayout " + template, config -> JsonTemplateLayout.newBuilder()
                .setConfiguration(config).setEventTemplateUri("classpath:" + template).build()));
        }
        out.add(concurrently("JsonTemplateLayout LogstashJsonEventLayoutV1.json with location",
            config -> JsonTemplateLayout.newBuilder().setConfiguration(config).setLocationInfoEnabled(true)
                .setEventTemplateUri("classpath:LogstashJsonEventLayoutV1.json").build()));
        out.add(concurrently("JsonLayout",
            config -> JsonLayout.newBuilder().setConfiguration(config).setCompact(true).setEventEol(true)
                .setProperties(true).setIncludeStacktrace(true).build()));
        out.add(concurrently("XmlLayout",
            config -> XmlLayout.newBuilder().setConfiguration(config).setLocationInfo(true).setProperties(true)
                .setIncludeStacktrace(true).build()));
        out.add(concurrently("YamlLayout",
            config -> YamlLayout.newBuilder().setConfiguration(config).setLocationInfo(true).setProperties(true)
                .build()));
        // It prints the parameters themselves, as they are when it runs (see DifferentialRun).
        out.add(Arguments.of("CsvParameterLayout", (Function<Configuration, Layout<? extends Serializable>>)
            config -> CsvParameterLayout.createDefaultLayout(), DifferentialRun.ARGUMENTS_UNCHANGED));
        out.add(concurrently("CsvLogEventLayout", config -> CsvLogEventLayout.createDefaultLayout()));
        out.add(concurrently("Rfc5424Layout",
            config -> Rfc5424Layout.newBuilder().setConfiguration(config).setFacility(Facility.LOCAL0).setId("Audit")
                .setEin("32473").setAppName("shop").setMessageId("Checkout").setIncludeMDC(true).setMdcId("mdc")
                .setNewLine(true).setExceptionPattern("%xEx").build()));
        // A header and a footer; rows carry the time since the JVM started, so any order does.
        out.add(concurrently("HtmlLayout", config -> HtmlLayout.newBuilder()
            .setLocationInfo(true).setTitle("Shop").build()));
        return out.stream();
    }

    private static Arguments concurrently(final String name,
                                          final Function<Configuration, Layout<? extends Serializable>> layout) {
        return Arguments.of(name, layout, DifferentialRun.CONCURRENTLY);
    }

    /**
     * The events one thread logs: parameters (one a StringBuilder the caller changes right after
     * the call, see {@link #changeArguments}), context map and stack, markers, exceptions with a
     * cause and a suppressed one, map and structured data messages, non-ASCII, a huge message.
     */
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
            final Message message;
            if (i % 41 == 0) {
                message = new StringMapMessage().with("event", i).with("thread", thread).with("text", text);
            } else if (i % 43 == 0) {
                message = new StructuredDataMessage("order@32473", "order placed: " + text, "Audit")
                    .with("orderId", Integer.toString(1000 + i)).with("user", "\u00fcber-" + thread);
            } else {
                message = new ParameterizedMessage("event {} of thread {}: {} in {}", i, thread, text,
                    new StringBuilder("cart of worker-").append(thread).append(" #").append(i));
            }
            out.add(Log4jLogEvent.newBuilder()
                .setLoggerName("com.example.shop.Checkout")
                .setLoggerFqcn(LayoutDifferentialTest.class.getName())
                .setLevel(i % 5 == 0 ? Level.WARN : Level.INFO)
                .setMarker(i % 4 == 0 ? MarkerManager.getMarker("AUDIT") : null)
                .setMessage(message)
                .setThrown(thrown)
                .setContextData(context)
                .setContextStack(i % 7 == 0 ? new MutableThreadContextStack(List.of("checkout", "step-" + i)) : null)
                .setThreadName("worker-" + thread)
                .setThreadId(100 + thread)
                .setSource(new StackTraceElement("com.example.shop.Checkout", "pay", "Checkout.java", 42))
                .setIncludeLocation(true)
                .setTimeMillis(1_763_802_902_123L + i)
                .build());
        }
        return out;
    }

    /** The application reuses its StringBuilder arguments right after the call that logged them. */
    static void changeArguments(final LogEvent event) {
        final Object[] parameters = event.getMessage().getParameters();
        if (parameters != null) {
            for (final Object p : parameters) {
                if (p instanceof StringBuilder) {
                    ((StringBuilder) p).setLength(0);
                    ((StringBuilder) p).append("changed after the call");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void spoolWritesTheSameBytesAsTheStockAppender(final String name,
                                                  final Function<Configuration, Layout<? extends Serializable>> layout,
                                                  final DifferentialRun run) throws Exception {
        final Configuration config = new DefaultConfiguration();
        // File, not RandomAccessFile: the former writes a layout's header and footer, the latter
        // only the footer; Spool does as File.
        final Appender stock = FileAppender.newBuilder().setName("stock")
            .setFileName(dir.resolve("stock.log").toString()).setImmediateFlush(false).setBufferedIo(true)
            .setLayout(layout.apply(config)).setConfiguration(config).build();
        final SpoolAppender spool = SpoolAppender.newBuilder().setName("spool")
            .setFileName(dir.resolve("spool.log").toString()).setLayout(layout.apply(config)).setConfiguration(config)
            .build();
        stock.start();
        spool.start();
        runOnThreads(THREADS, t -> {
            final List<LogEvent> events = events(t);
            return () -> {
                for (final LogEvent e : events) {
                    stock.append(e);
                    spool.append(e);
                    if (run != DifferentialRun.ARGUMENTS_UNCHANGED) {
                        changeArguments(e);
                    }
                }
            };
        });
        final long onCaller = spool.logObject().stats().getEventsRenderedOnCaller();
        stock.stop();
        spool.stop();
        // HtmlLayout's header says when the layout made it, to the second: that line alone may differ.
        final List<String> stockLines = withoutSessionStart(Files.readAllLines(dir.resolve("stock.log")));
        final List<String> spoolLines = withoutSessionStart(Files.readAllLines(dir.resolve("spool.log")));
        assertTrue(stockLines.size() >= THREADS * EVENTS, stockLines.size() + " lines");
        assertSameLines("the sorted lines", sorted(stockLines), sorted(spoolLines));
        assertEquals(Files.size(dir.resolve("stock.log")), Files.size(dir.resolve("spool.log")), "same bytes");
        assertSameLinesOfEachThread(stockLines, spoolLines, THREADS, t -> "worker-" + t);
        assertEquals(0, onCaller, "every event laid out on the preproc thread");
    }

    private static List<String> withoutSessionStart(final List<String> lines) {
        return lines.stream().filter(l -> !l.contains("Log session start time ")).toList();
    }
}
