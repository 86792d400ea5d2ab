package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.html.HTMLLayout;
import ch.qos.logback.classic.log4j.XMLLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.BasicSequenceNumberGenerator;
import ch.qos.logback.core.status.Status;
import dev.spool.engine.testing.DifferentialRun;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.composite.loggingevent.ArgumentsJsonProvider;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventPatternJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.ansi.AnsiOutput;
import org.springframework.boot.logging.logback.ColorConverter;
import org.springframework.boot.logging.logback.CorrelationIdConverter;
import org.springframework.boot.logging.logback.EnclosedInSquareBracketsConverter;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;
import org.springframework.boot.logging.logback.WhitespaceThrowableProxyConverter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.spool.engine.testing.TestLines.assertSameLines;
import static dev.spool.engine.testing.TestLines.assertSameLinesOfEachThread;
import static dev.spool.engine.testing.TestLines.runOnThreads;
import static dev.spool.engine.testing.TestLines.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same events, from several threads, through a stock {@code FileAppender} and a
 * {@code SpoolAppender} with the same encoder settings: the two files hold the same lines, byte
 * for byte, each thread's lines in its order, and no event is encoded on the caller's thread.
 * Covers PatternLayoutEncoder with common patterns (dates, padding, logger abbreviation, MDC,
 * markers, key-value pairs, caller data, exceptions, colours, replace, an application's converter
 * that reads the arguments), Spring Boot's file and console patterns with its converters,
 * logstash-logback-encoder's LogstashEncoder and a composite encoder, Logback's JsonEncoder, and
 * Logback's HTMLLayout and log4j XMLLayout. Cases are run as {@link DifferentialRun} says:
 * HTMLLayout's threads take turns and its files are compared whole, in order.
 */
class EncoderDifferentialTest {
    static final int THREADS = 3;
    static final int EVENTS = 400;

    @TempDir
    Path dir;

    /**
     * Spring Boot's FILE_LOG_PATTERN (its logback/defaults.xml) with its properties given:
     * LOG_DATEFORMAT_PATTERN and LOG_LEVEL_PATTERN their defaults, PID 4242,
     * LOG_CORRELATION_PATTERN as Boot sets it when tracing is on, LOG_EXCEPTION_CONVERSION_WORD
     * its default.
     */
    static final String SPRING_BOOT_FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p 4242 --- %esb(){APPLICATION_NAME}"
        + "%esb{APPLICATION_GROUP}[%t] %correlationId%-40.40logger{39} : %m%n%wEx";
    /** Spring Boot's CONSOLE_LOG_PATTERN, with the same properties. */
    static final String SPRING_BOOT_CONSOLE_PATTERN = "%clr(%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}){faint} %clr(%5p){}"
        + " %clr(4242){magenta} %clr(--- %esb(){APPLICATION_NAME}%esb{APPLICATION_GROUP}[%15.15t] %correlationId){faint}"
        + "%clr(%-40.40logger{39}){cyan} %clr(:){faint} %m%n%wEx";

    /**
     * Spring Boot's converters (its defaults.xml) registered in {@code context} as a
     * {@code <conversionRule>} registers them, and the application name Boot sets for
     * {@code %esb{APPLICATION_NAME}}; returns the rules, for more.
     */
    static Map<String, String> springBoot(final LoggerContext context) {
        context.putProperty("APPLICATION_NAME", "shop");
        final Map<String, String> rules = new HashMap<>();
        rules.put("clr", ColorConverter.class.getName());
        rules.put("correlationId", CorrelationIdConverter.class.getName());
        rules.put("esb", EnclosedInSquareBracketsConverter.class.getName());
        rules.put("wex", WhitespaceThrowableProxyConverter.class.getName());
        rules.put("wEx", ExtendedWhitespaceThrowableProxyConverter.class.getName());
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY, rules);
        return rules;
    }

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
            "%d{ISO8601} %-5level %arguments %logger{0} - %msg%n%ex",
            SPRING_BOOT_FILE_PATTERN,
            "%d %level %msg%n%wex");
        final List<Arguments> out = new ArrayList<>();
        for (final String p : patterns) {
            out.add(concurrently(p, context -> pattern(p)));
        }
        out.add(concurrently("Spring Boot's console pattern, coloured", context -> {
            // As Boot does for a console that shows colours.
            AnsiOutput.setEnabled(AnsiOutput.Enabled.ALWAYS);
            return pattern(SPRING_BOOT_CONSOLE_PATTERN);
        }));
        out.add(concurrently("LogstashEncoder", context -> new LogstashEncoder()));
        out.add(concurrently("LoggingEventCompositeJsonEncoder", context -> compositeJson()));
        // Its "arguments" are the arguments' toString() when it runs (see DifferentialRun).
        out.add(Arguments.of("JsonEncoder", (Function<LoggerContext, Encoder<ILoggingEvent>>) context -> new JsonEncoder(),
            DifferentialRun.ARGUMENTS_UNCHANGED));
        out.add(concurrently("XMLLayout", context -> {
            final XMLLayout layout = new XMLLayout();
            layout.setLocationInfo(true);
            layout.setProperties(true);
            return wrapping(layout, context);
        }));
        out.add(Arguments.of("HTMLLayout", (Function<LoggerContext, Encoder<ILoggingEvent>>) context -> {
            final HTMLLayout layout = new HTMLLayout();
            layout.setPattern("%date%relative%thread%level%logger%mdc%kvp%msg");
            return wrapping(layout, context);
        }, DifferentialRun.TAKING_TURNS));
        return out.stream();
    }

    private static Arguments concurrently(final String name, final Function<LoggerContext, Encoder<ILoggingEvent>> encoder) {
        return Arguments.of(name, encoder, DifferentialRun.CONCURRENTLY);
    }

    private static Encoder<ILoggingEvent> pattern(final String pattern) {
        final PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setPattern(pattern);
        return e;
    }

    /** A layout in a LayoutWrappingEncoder, started as Joran starts an {@code <encoder><layout>}. */
    private static Encoder<ILoggingEvent> wrapping(final LayoutBase<ILoggingEvent> layout, final LoggerContext context) {
        layout.setContext(context);
        layout.start();
        final LayoutWrappingEncoder<ILoggingEvent> e = new LayoutWrappingEncoder<>();
        e.setLayout(layout);
        return e;
    }

    /**
     * A composite JSON encoder with the providers an application typically lists: timestamp,
     * level, logger, thread, message, MDC, key-value pairs, structured arguments, a shortened
     * root-cause-first stack trace, and a pattern.
     */
    private static Encoder<ILoggingEvent> compositeJson() {
        final LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
        providers.addTimestamp(new LoggingEventFormattedTimestampJsonProvider());
        providers.addLogLevel(new LogLevelJsonProvider());
        providers.addLoggerName(new LoggerNameJsonProvider());
        providers.addThreadName(new LoggingEventThreadNameJsonProvider());
        providers.addMessage(new MessageJsonProvider());
        providers.addMdc(new MdcJsonProvider());
        providers.addKeyValuePairs(new KeyValuePairsJsonProvider());
        providers.addArguments(new ArgumentsJsonProvider());
        final ShortenedThrowableConverter throwables = new ShortenedThrowableConverter();
        throwables.setMaxDepthPerThrowable(8);
        throwables.setShortenedClassNameLength(25);
        throwables.setRootCauseFirst(true);
        throwables.setExcludes(List.of("^java\\.lang\\.reflect\\.", "^jdk\\.internal\\."));
        final StackTraceJsonProvider stackTrace = new StackTraceJsonProvider();
        stackTrace.setThrowableConverter(throwables);
        providers.addStackTrace(stackTrace);
        final LoggingEventPatternJsonProvider pattern = new LoggingEventPatternJsonProvider();
        pattern.setPattern("{\"app\":\"%contextName\",\"where\":\"%logger{20}\",\"user\":\"%X{user}\",\"seq\":\"#asLong{%sn}\"}");
        providers.addPattern(pattern);
        final LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
        encoder.setProviders(providers);
        return encoder;
    }

    /**
     * The events one thread logs: parameters (a structured argument among them, and a
     * StringBuilder the caller changes right after the call, see {@link #changeArguments}), MDC
     * (trace ids on some), markers, key-value pairs, exceptions with a cause and a suppressed one,
     * non-ASCII, huge messages.
     */
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
                i % 5 == 0 ? Level.WARN : Level.INFO, "event {} of thread {}: {} in {}", thrown, new Object[] {i, thread,
                    text, new StringBuilder("cart of worker-").append(thread).append(" #").append(i),
                    StructuredArguments.kv("step", "pay-" + i)});
            e.setThreadName("worker-" + thread);
            e.setTimeStamp(1_763_802_902_123L + i);
            final Map<String, String> mdc = new LinkedHashMap<>();
            mdc.put("user", "user-" + thread);
            if (i % 3 == 0) {
                mdc.put("request", "r" + i);
            }
            if (i % 8 == 0) {
                mdc.put("traceId", String.format("%032x", 0xabcdefL * (i + 1)));
                mdc.put("spanId", String.format("%016x", 0x1234L * (thread + 1)));
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

    /** The application reuses its StringBuilder arguments right after the call that logged them. */
    static void changeArguments(final ILoggingEvent event) {
        for (final Object a : event.getArgumentArray()) {
            if (a instanceof StringBuilder) {
                ((StringBuilder) a).setLength(0);
                ((StringBuilder) a).append("changed after the call");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void spoolWritesTheSameBytesAsTheStockAppender(final String name,
                                                  final Function<LoggerContext, Encoder<ILoggingEvent>> encoder,
                                                  final DifferentialRun run) throws Exception {
        final LoggerContext context = new LoggerContext();
        context.setName("shop");
        context.setSequenceNumberGenerator(new BasicSequenceNumberGenerator());
        context.setMDCAdapter(new LogbackMDCAdapter());
        // An application's converter too.
        springBoot(context).put("arguments", ArgumentsConverter.class.getName());
        final Logger logger = context.getLogger("com.example.shop.Checkout");
        final FileAppender<ILoggingEvent> stock = new FileAppender<>();
        stock.setContext(context);
        stock.setName("stock");
        stock.setFile(dir.resolve("stock.log").toString());
        stock.setImmediateFlush(false);
        stock.setEncoder(started(encoder.apply(context), context));
        stock.start();
        final SpoolAppender spool = new SpoolAppender();
        spool.setContext(context);
        spool.setName("spool");
        spool.setFile(dir.resolve("spool.log").toString());
        spool.setEncoder(started(encoder.apply(context), context));
        spool.start();
        assertTrue(spool.isStarted(), context.getStatusManager().getCopyOfStatusList().toString());
        // Every encoder runs off the caller's thread: pattern encoders of Logback's own converters
        // from records, others on the event itself (as AsyncAppender's worker runs them).
        assertTrue(spool.encodesOffThread());
        // Patterns of Logback's and Spring Boot's converters and LogstashEncoder travel as
        // records; a pattern with the application's converter (%arguments) and the other
        // encoders as the events themselves.
        assertEquals(name.startsWith("%") ? !name.contains("%arguments")
                : name.startsWith("Spring Boot") || name.equals("LogstashEncoder"),
            spool.encodesFromRecords(), "events travel as records");
        final Object turn = new Object();
        runOnThreads(THREADS, t -> {
            final List<LoggingEvent> events = events(logger, t);
            return () -> {
                for (final LoggingEvent e : events) {
                    if (run == DifferentialRun.TAKING_TURNS) {
                        synchronized (turn) {
                            stock.doAppend(e);
                            spool.doAppend(e);
                        }
                    } else {
                        stock.doAppend(e);
                        spool.doAppend(e);
                    }
                    if (run != DifferentialRun.ARGUMENTS_UNCHANGED) {
                        changeArguments(e);
                    }
                }
            };
        });
        final long onCaller = spool.logObject().stats().getEventsRenderedOnCaller();
        stock.stop();
        spool.stop();
        final List<String> stockLines = Files.readAllLines(dir.resolve("stock.log"));
        final List<String> spoolLines = Files.readAllLines(dir.resolve("spool.log"));
        assertTrue(stockLines.size() >= THREADS * EVENTS, stockLines.size() + " lines");
        if (run == DifferentialRun.TAKING_TURNS) {
            // HTMLLayout's header says when the file was started, to the second: that line alone
            // may differ.
            assertSameLines("the lines in order", withoutSessionStart(stockLines), withoutSessionStart(spoolLines));
        } else {
            assertSameLines("the sorted lines", sorted(stockLines), sorted(spoolLines));
            assertEquals(Files.size(dir.resolve("stock.log")), Files.size(dir.resolve("spool.log")), "same bytes");
        }
        assertEquals(0, onCaller, "every event encoded on the preproc thread");
        assertSameLinesOfEachThread(stockLines, spoolLines, THREADS, t -> "worker-" + t);
        final List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() >= Status.WARN).toList();
        assertEquals(List.of(), problems);
    }

    /** The lines but HTMLLayout's "Log session start time" line, which must be there once. */
    private static List<String> withoutSessionStart(final List<String> lines) {
        final List<String> out = lines.stream().filter(l -> !l.startsWith(SESSION_START)).toList();
        assertEquals(lines.size() - 1, out.size(), "one line starts with " + SESSION_START);
        return out;
    }

    private static final String SESSION_START = "<p>Log session start time ";

    private static Encoder<ILoggingEvent> started(final Encoder<ILoggingEvent> encoder, final LoggerContext context) {
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
