package dev.spool.log4j2;

import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.testing.TestLines;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.RollingRandomAccessFileAppender;
import org.apache.logging.log4j.core.appender.rolling.CompositeTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.CronTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.DirectWriteRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.RolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TimeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TriggeringPolicy;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.spool.engine.testing.TestFiles.assertSameFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same events through a stock Log4j2 {@code RollingRandomAccessFile} and through the engine
 * with the same pattern and policy: the two directories hold the same file names with the same
 * contents. Events carry their own timestamps, which both sides roll by.
 */
class RolledNamesMatchLog4j2Test {
    @TempDir
    Path stock;

    @TempDir
    Path spool;

    /** One event: a timestamp and a line. */
    private record Event(long millis, String line) {
    }

    private void runStock(final String pattern, final TriggeringPolicy policy, final String max, final String fileIndex,
                          final List<Event> events) {
        final Configuration config = new DefaultConfiguration();
        final RollingRandomAccessFileAppender appender = RollingRandomAccessFileAppender.newBuilder()
            .setName("stock")
            .setFileName(stock.resolve("app.log").toString())
            .setFilePattern(stock.resolve(pattern).toString())
            .setPolicy(policy)
            .setStrategy(DefaultRolloverStrategy.newBuilder().setMax(max).setFileIndex(fileIndex).setConfig(config).build())
            .setLayout(PatternLayout.newBuilder().setPattern("%m%n").setConfiguration(config).build())
            .setImmediateFlush(true)
            .setConfiguration(config)
            .build();
        appender.start();
        for (final Event e : events) {
            appender.append(Log4jLogEvent.newBuilder().setLoggerName("stock").setLevel(Level.INFO)
                .setMessage(new SimpleMessage(e.line)).setTimeMillis(e.millis).build());
        }
        appender.stop(30, TimeUnit.SECONDS);
    }

    private void runSpool(final RollingConfig.Builder rolling, final List<Event> events) {
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("spool").file(spool.resolve("app.log")).format("%<msg>")
                .rolling(rolling).build()).build());
        final MutableLogEvent e = new MutableLogEvent().level("INFO");
        for (final Event ev : events) {
            log.access(e.timestampNanos(ev.millis * 1_000_000L).message(ev.line));
        }
        log.stop();
    }

    /**
     * The events through a {@code Spool} appender built with the same policy and strategy as the
     * stock one, so that the adapter's mapping of them is what is tested.
     */
    private List<String> runSpoolAppender(final String fileName, final String pattern, final TriggeringPolicy policy,
                                          final RolloverStrategy strategy, final List<Event> events) {
        final Configuration config = new DefaultConfiguration();
        final StatusLines warnings = new StatusLines(Level.WARN).listen();
        try {
            final SpoolAppender appender = SpoolAppender.newBuilder().setName("spool")
                .setFileName(fileName == null ? null : spool.resolve(fileName).toString())
                .setFilePattern(spool.resolve(pattern).toString()).setPolicy(policy).setStrategy(strategy)
                .setLayout(PatternLayout.newBuilder().setPattern("%m%n").setConfiguration(config).build())
                .setConfiguration(config).build();
            appender.start();
            for (final Event e : events) {
                appender.append(Log4jLogEvent.newBuilder().setLoggerName("spool").setLevel(Level.INFO)
                    .setMessage(new SimpleMessage(e.line)).setTimeMillis(e.millis).build());
            }
            appender.stop(30, TimeUnit.SECONDS);
            return List.copyOf(warnings.lines());
        } finally {
            warnings.stop();
        }
    }

    private static DefaultRolloverStrategy strategy(final String max) {
        return DefaultRolloverStrategy.newBuilder().setMax(max).setConfig(new DefaultConfiguration()).build();
    }

    private static TimeBasedTriggeringPolicy everyMinutes(final int interval, final boolean modulate) {
        return TimeBasedTriggeringPolicy.newBuilder().setInterval(interval).setModulate(modulate).build();
    }

    private static List<Event> events(final int n, final long startMillis, final long stepMillis,
                                      final Function<Integer, String> line) {
        final List<Event> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new Event(startMillis + i * stepMillis, line.apply(i)));
        }
        return l;
    }

    @Test
    void sizeRollsWithAscendingIndexes() throws IOException {
        final List<Event> events = events(50, System.currentTimeMillis(), 1, TestLines::line100);
        runStock("app-%i.log", SizeBasedTriggeringPolicy.createPolicy("1000 B"), "7", "max", events);
        runSpool(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000).rollWhenOverSize(true).maxIndex(7)
            .fileNamePattern(spool.resolve("app-%i.log").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void pastMaxTheOldestIndexGoesAndTheOthersMoveDown() throws IOException {
        final List<Event> events = events(120, System.currentTimeMillis(), 1, TestLines::line100);
        runStock("app-%i.log", SizeBasedTriggeringPolicy.createPolicy("1000 B"), "3", "max", events);
        runSpool(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000).rollWhenOverSize(true).maxIndex(3)
            .fileNamePattern(spool.resolve("app-%i.log").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void fileIndexMinIsAFixedWindow() throws IOException {
        final List<Event> events = events(120, System.currentTimeMillis(), 1, TestLines::line100);
        runStock("app-%i.log", SizeBasedTriggeringPolicy.createPolicy("1000 B"), "3", "min", events);
        runSpool(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000).rollWhenOverSize(true).shifting(true)
            .minIndex(1).maxIndex(3).fileNamePattern(spool.resolve("app-%i.log").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void timeRollsNameTheClosedPeriod() throws IOException {
        final List<Event> events = events(40, System.currentTimeMillis(), 5000, i -> "event " + i); // over 3 minutes
        runStock("app-%d{yyyy-MM-dd-HH-mm}.log", TimeBasedTriggeringPolicy.newBuilder().setInterval(1).setModulate(true)
            .build(), "7", "max", events);
        runSpool(RollingConfig.builder().mode(RollMode.TIME)
            .fileNamePattern(spool.resolve("app-%d{yyyy-MM-dd-HH-mm}.log").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void timeAndSizeWithGzip() throws IOException {
        final List<Event> events = events(60, System.currentTimeMillis(), 3000, TestLines::line100);
        runStock("app-%d{yyyy-MM-dd-HH-mm}-%i.log.gz", CompositeTriggeringPolicy.createPolicy(
            TimeBasedTriggeringPolicy.newBuilder().setInterval(1).setModulate(true).build(),
            SizeBasedTriggeringPolicy.createPolicy("1000 B")), "7", "max", events);
        runSpool(RollingConfig.builder().mode(RollMode.TIME_OR_SIZE).maxSize(1000).rollWhenOverSize(true).maxIndex(7)
            .fileNamePattern(spool.resolve("app-%d{yyyy-MM-dd-HH-mm}-%i.log.gz").toString()), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void modulateFalseStartsAPeriodOfSeveralUnitsAtTheUnitItIsIn() throws IOException {
        // Periods of 3 minutes: modulated they start at multiples of 3, otherwise where the last one ended.
        final List<Event> events = events(60, System.currentTimeMillis(), 10_000, i -> "event " + i); // 10 minutes
        runStock("app-%d{yyyy-MM-dd-HH-mm}.log", everyMinutes(3, false), "7", "max", events);
        assertEquals(List.of(), runSpoolAppender("app.log", "app-%d{yyyy-MM-dd-HH-mm}.log", everyMinutes(3, false),
            strategy("7"), events));
        assertSameFiles(stock, spool);
    }

    @Test
    void modulateTrueStartsPeriodsAtMultiplesOfTheInterval() throws IOException {
        final List<Event> events = events(60, System.currentTimeMillis(), 10_000, i -> "event " + i);
        runStock("app-%d{yyyy-MM-dd-HH-mm}.log", everyMinutes(3, true), "7", "max", events);
        runSpoolAppender("app.log", "app-%d{yyyy-MM-dd-HH-mm}.log", everyMinutes(3, true), strategy("7"), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void modulatedPeriodsOfSeveralDaysBeginAtMultiplesOfTheDayOfTheYear() throws IOException {
        // Six days modulated, as Ignite ships it, over 40 days: past a year's end whenever this runs in December.
        final List<Event> events = events(80, System.currentTimeMillis(), 12 * 3_600_000L, i -> "event " + i);
        final TimeBasedTriggeringPolicy sixDays = TimeBasedTriggeringPolicy.newBuilder().setInterval(6).setModulate(true)
            .build();
        runStock("app-%d{yyyy-MM-dd}.log", sixDays, "7", "max", events);
        runSpoolAppender("app.log", "app-%d{yyyy-MM-dd}.log", TimeBasedTriggeringPolicy.newBuilder().setInterval(6)
            .setModulate(true).build(), strategy("7"), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void nomaxTakesTheNextIndexAndDeletesNone() throws IOException {
        final List<Event> events = events(150, System.currentTimeMillis(), 1, TestLines::line100);
        runStock("app-%i.log", SizeBasedTriggeringPolicy.createPolicy("1000 B"), null, "nomax", events);
        runSpoolAppender("app.log", "app-%i.log", SizeBasedTriggeringPolicy.createPolicy("1000 B"),
            DefaultRolloverStrategy.newBuilder().setFileIndex("nomax").setConfig(new DefaultConfiguration()).build(), events);
        assertSameFiles(stock, spool);
    }

    @Test
    void aTimePatternWithoutIndexRollsByTimeOnlyAndSaysSo() throws IOException {
        // HBase's shape: %d without %i and a size policy. Log4j2 would let a second size roll of a
        // day replace the first rolled file; Spool keeps every event and rolls by time only.
        final List<Event> events = events(60, System.currentTimeMillis(), 5000, TestLines::line100); // 5 minutes
        runStock("app.log.%d{yyyy-MM-dd-HH-mm}", everyMinutes(1, true), "7", "max", events);
        final List<String> warnings = runSpoolAppender("app.log", "app.log.%d{yyyy-MM-dd-HH-mm}",
            CompositeTriggeringPolicy.createPolicy(everyMinutes(1, true), SizeBasedTriggeringPolicy.createPolicy("1000 B")),
            strategy("7"), events);
        assertSameFiles(stock, spool);
        assertEquals(List.of("WARN Spool appender \"spool\": filePattern \"" + spool.resolve("app.log.%d{yyyy-MM-dd-HH-mm}")
            + "\" has no %i, so a second size roll in one period would replace the first rolled file; Spool rolls this"
            + " file by time only and leaves SizeBasedTriggeringPolicy out"), warnings);
    }

    @Test
    void cronPeriodsRunFromOneFireTimeToTheNext() throws Exception {
        final long start = System.currentTimeMillis();
        final List<Event> events = events(80, start, 5000, i -> "event " + i); // 400 s
        runSpoolAppender("app.log", "app-%d{HH-mm-ss}.log", CronTriggeringPolicy.createPolicy(new DefaultConfiguration(),
            "false", "0 0/2 * * * ?"), strategy("7"), events);
        // Each event is in the file of the even minute before it; the last period's in app.log.
        final Map<String, List<String>> expected = new TreeMap<>();
        final java.time.format.DateTimeFormatter hms = java.time.format.DateTimeFormatter.ofPattern("HH-mm-ss")
            .withZone(java.time.ZoneId.systemDefault());
        final long lastStart = periodOfTwoMinutes(events.get(events.size() - 1).millis);
        for (final Event e : events) {
            final long period = periodOfTwoMinutes(e.millis);
            expected.computeIfAbsent(period == lastStart ? "app.log" : "app-" + hms.format(Instant.ofEpochMilli(period))
                + ".log", k -> new ArrayList<>()).add(e.line);
        }
        final Map<String, List<String>> actual = new TreeMap<>();
        for (final Map.Entry<String, String> f : dev.spool.engine.testing.TestFiles.contents(spool).entrySet()) {
            actual.put(f.getKey(), List.of(f.getValue().split("\n")));
        }
        assertEquals(expected, actual);
        assertTrue(actual.size() >= 4, actual.keySet().toString());
    }

    private static long periodOfTwoMinutes(final long millis) {
        final java.time.ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(java.time.ZoneId.systemDefault())
            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return t.withMinute(t.getMinute() / 2 * 2).toInstant().toEpochMilli();
    }

    @Test
    void maxRandomDelayKeepsEventsPastTheBoundaryInThePeriodsFileUntilTheRoll() throws Exception {
        // One-minute periods, a delay of up to 50 s: a rolled file holds its minute's events and,
        // until the delayed roll, some of the next minute's; never an earlier minute's.
        final long start = System.currentTimeMillis();
        final List<Event> events = events(600, start, 1000, i -> String.valueOf(start + i * 1000L)); // 10 minutes
        runSpoolAppender("app.log", "app-%d{yyyy-MM-dd-HH-mm}.log", TimeBasedTriggeringPolicy.newBuilder()
            .setInterval(1).setMaxRandomDelay(50).build(), strategy("20"), events);
        final java.time.format.DateTimeFormatter minute = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm")
            .withZone(java.time.ZoneId.systemDefault());
        long delayed = 0;
        final List<Long> all = new ArrayList<>();
        for (final Map.Entry<String, String> f : new TreeMap<>(dev.spool.engine.testing.TestFiles.contents(spool))
            .entrySet()) {
            final List<Long> times = new ArrayList<>();
            for (final String line : f.getValue().split("\n")) {
                times.add(Long.parseLong(line));
            }
            all.addAll(f.getKey().equals("app.log") ? List.of() : times);
            if (!f.getKey().equals("app.log")) {
                final String name = f.getKey().substring("app-".length(), f.getKey().length() - ".log".length());
                final long periodStart = java.time.LocalDateTime.parse(name, minute).atZone(java.time.ZoneId.systemDefault())
                    .toInstant().toEpochMilli();
                assertTrue(times.get(0) >= periodStart, f.getKey() + " starts with " + times.get(0));
                final long last = times.get(times.size() - 1);
                assertTrue(last < periodStart + 60_000 + 50_000, f.getKey() + " holds " + last);
                delayed += last >= periodStart + 60_000 ? 1 : 0;
            }
        }
        final List<Long> sorted = new ArrayList<>(all);
        sorted.sort(null);
        assertEquals(sorted, all, "files in order, each event once");
        assertTrue(delayed >= 3, delayed + " of the rolls were delayed past their boundary");
    }

    @Test
    void withoutFileNameThePatternNamesTheFileBeingWritten() throws IOException {
        // A RollingFile without fileName writes straight into the pattern's names
        // (DirectWriteRolloverStrategy): each minute's events in that minute's file, no app.log.
        // (The stock appender does not roll by the events' own times here, so no side-by-side.)
        final List<Event> events = events(40, System.currentTimeMillis(), 5000, i -> "event " + i); // over 3 minutes
        assertEquals(List.of(), runSpoolAppender(null, "app-%d{yyyy-MM-dd-HH-mm}.log", everyMinutes(1, true),
            DirectWriteRolloverStrategy.newBuilder().setConfig(new DefaultConfiguration()).build(), events));
        final java.time.format.DateTimeFormatter minute = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd-HH-mm").withZone(java.time.ZoneId.systemDefault());
        final Map<String, List<String>> expected = new TreeMap<>();
        for (final Event e : events) {
            expected.computeIfAbsent("app-" + minute.format(Instant.ofEpochMilli(e.millis)) + ".log",
                k -> new ArrayList<>()).add(e.line);
        }
        final Map<String, List<String>> actual = new TreeMap<>();
        for (final Map.Entry<String, String> f : dev.spool.engine.testing.TestFiles.contents(spool).entrySet()) {
            actual.put(f.getKey(), List.of(f.getValue().split("\n")));
        }
        assertEquals(expected, actual);
        assertTrue(actual.size() >= 3, actual.keySet().toString());
    }
}
