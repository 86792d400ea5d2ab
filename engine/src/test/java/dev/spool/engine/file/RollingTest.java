package dev.spool.engine.file;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.object.LogObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static dev.spool.engine.testing.TestFiles.names;
import static dev.spool.engine.testing.TestFiles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollingTest {
    @TempDir
    Path dir;

    private final List<String> errors = TestLogs.errors();

    /** Epoch nanoseconds of a local time on 2026-11-22. */
    private static long at(final int hour, final int minute, final int second) {
        return LocalDateTime.of(2026, 11, 22, hour, minute, second).atZone(ZoneId.systemDefault()).toInstant()
            .toEpochMilli() * 1_000_000L;
    }

    private Log start(final RollingConfig.Builder rolling) {
        return Log.start(TestLogs.config(errors).object(LogObjectConfig.builder("app").file(dir.resolve("app.log"))
            .format("%<msg>").bufferSize(4096).rolling(rolling).build()).build());
    }

    private static void log(final Log log, final long timestamp, final String message) {
        log.access(new MutableLogEvent().timestampNanos(timestamp).level("INFO").message(message));
    }

    private static List<String> numbered(final String prefix, final int from, final int to) {
        final List<String> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(prefix + i);
        }
        return l;
    }

    @Test
    void sizeRollsBetweenEventsIntoAscendingIndexes() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000)
            .fileNamePattern(dir.resolve("app-%i.log").toString()));
        final String pad = "x".repeat(90);
        for (int i = 0; i < 50; i++) {
            log(log, at(10, 0, 0), String.format("%03d%s", i, pad)); // 94-byte lines: 11 fill 1000 bytes
        }
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-1.log", "app-2.log", "app-3.log", "app-4.log", "app.log")), names(dir));
        final List<String> all = new ArrayList<>();
        for (final String f : List.of("app-1.log", "app-2.log", "app-3.log", "app-4.log", "app.log")) {
            final List<String> lines = read(dir.resolve(f));
            assertEquals(f.equals("app.log") ? 6 : 11, lines.size(), f);
            assertTrue(Files.size(dir.resolve(f)) <= 1000 + 94, f + " holds at most one line past maxSize");
            all.addAll(lines);
        }
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(String.format("%03d%s", i, pad));
        }
        assertEquals(expected, all);
        assertEquals(List.of(), errors);
    }

    @Test
    void timeRollsFollowTheEventsTimestampsAndNameTheClosedPeriod() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.TIME)
            .fileNamePattern(dir.resolve("app-%d{yyyy-MM-dd_HH-mm}.log").toString()));
        for (int s = 0; s < 180; s += 10) { // 10:00:00 .. 10:02:50, one event per 10 s
            log(log, at(10, s / 60, s % 60), "at " + s);
        }
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-2026-11-22_10-00.log", "app-2026-11-22_10-01.log", "app.log")), names(dir));
        assertEquals(List.of("at 0", "at 10", "at 20", "at 30", "at 40", "at 50"), read(dir.resolve("app-2026-11-22_10-00.log")));
        assertEquals(List.of("at 60", "at 70", "at 80", "at 90", "at 100", "at 110"), read(dir.resolve("app-2026-11-22_10-01.log")));
        assertEquals(List.of("at 120", "at 130", "at 140", "at 150", "at 160", "at 170"), read(dir.resolve("app.log")));
    }

    @Test
    void timeAndSizeWithGzipCompressesInTheBackgroundAndLeavesNoPlainFile() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.TIME_OR_SIZE).maxSize(200)
            .fileNamePattern(dir.resolve("app-%d{yyyy-MM-dd-HH}-%i.log.gz").toString()));
        for (int i = 0; i < 10; i++) {
            log(log, at(9, 30, i), "nine " + i + " " + "y".repeat(40)); // 48-byte lines, 5 fill 200 bytes
        }
        for (int i = 0; i < 3; i++) {
            log(log, at(10, 5, i), "ten " + i);
        }
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-2026-11-22-09-1.log.gz", "app-2026-11-22-09-2.log.gz", "app.log")), names(dir));
        assertEquals(numbered("nine ", 0, 5).stream().map(s -> s + " " + "y".repeat(40)).collect(Collectors.toList()),
            read(dir.resolve("app-2026-11-22-09-1.log.gz")));
        assertEquals(numbered("nine ", 5, 10).stream().map(s -> s + " " + "y".repeat(40)).collect(Collectors.toList()),
            read(dir.resolve("app-2026-11-22-09-2.log.gz")));
        assertEquals(numbered("ten ", 0, 3), read(dir.resolve("app.log")));
    }

    @Test
    void aFixedWindowShiftsOlderFilesUpAndDropsThoseBeyondMaxIndex() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.SIZE).maxSize(10).shifting(true).minIndex(1)
            .maxIndex(3).fileNamePattern(dir.resolve("app.%i.log.zip").toString()));
        for (int i = 0; i < 10; i++) {
            log(log, at(10, 0, 0), "event-" + i); // 8 bytes a line: every second line starts a new file
        }
        log.stop();
        assertEquals(new TreeSet<>(List.of("app.1.log.zip", "app.2.log.zip", "app.3.log.zip", "app.log")), names(dir), errors.toString());
        assertEquals(List.of("event-8", "event-9"), read(dir.resolve("app.log")));
        assertEquals(List.of("event-6", "event-7"), read(dir.resolve("app.1.log.zip")), "newest at the lowest index");
        assertEquals(List.of("event-4", "event-5"), read(dir.resolve("app.2.log.zip")));
        assertEquals(List.of("event-2", "event-3"), read(dir.resolve("app.3.log.zip")), "event-0 and -1 dropped");
    }

    @Test
    void pastMaxIndexTheLowestIsDroppedAndTheRestMoveDown() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.SIZE).maxSize(10).minIndex(1).maxIndex(2)
            .fileNamePattern(dir.resolve("app-%i.log").toString()));
        for (int i = 0; i < 8; i++) {
            log(log, at(10, 0, 0), "event-" + i);
        }
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-1.log", "app-2.log", "app.log")), names(dir));
        assertEquals(List.of("event-2", "event-3"), read(dir.resolve("app-1.log")), "the oldest, event-0 and -1, dropped");
        assertEquals(List.of("event-4", "event-5"), read(dir.resolve("app-2.log")));
        assertEquals(List.of("event-6", "event-7"), read(dir.resolve("app.log")));
    }

    @Test
    void withoutAPatternRolledFilesGetAtsNames() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.TIME).interval(Duration.ofHours(1)));
        log(log, at(10, 15, 0), "first hour");
        log(log, at(11, 15, 0), "second hour");
        log.stop();
        final List<String> old = names(dir).stream().filter(n -> n.endsWith(".old")).collect(Collectors.toList());
        assertEquals(1, old.size(), names(dir).toString());
        assertTrue(old.get(0).matches("app\\.log\\.20261122\\.10h00m00s-\\d{8}\\.\\d\\dh\\d\\dm\\d\\ds\\.old"), old.get(0));
        assertEquals(List.of("first hour"), read(dir.resolve(old.get(0))));
        assertEquals(List.of("second hour"), read(dir.resolve("app.log")));
    }

    @Test
    void intervalsAreAlignedToLocalMidnightPlusTheOffsetHour() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.TIME).interval(Duration.ofDays(1)).offsetHour(6));
        log(log, at(5, 0, 0), "before six");
        log(log, at(7, 0, 0), "after six");   // past the 06:00 boundary: rolls
        log(log, at(23, 0, 0), "late");       // same day from 06:00: no roll
        log.stop();
        final List<String> old = names(dir).stream().filter(n -> n.endsWith(".old")).collect(Collectors.toList());
        assertEquals(1, old.size(), names(dir).toString());
        assertTrue(old.get(0).startsWith("app.log.20261121.06h00m00s-"), old.get(0));
        assertEquals(List.of("before six"), read(dir.resolve(old.get(0))));
        assertEquals(List.of("after six", "late"), read(dir.resolve("app.log")));
    }

    @Test
    void rollEmptyRollsByTheClockEvenWithoutEvents() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.TIME).interval(Duration.ofSeconds(1)).rollEmpty(true));
        log(log, System.currentTimeMillis() * 1_000_000L, "first");
        Thread.sleep(3200);
        log(log, System.currentTimeMillis() * 1_000_000L, "last");
        log.stop();
        final List<String> old = names(dir).stream().filter(n -> n.endsWith(".old")).collect(Collectors.toList());
        assertTrue(old.size() >= 3, "a rolled file per second: " + old);
        int empty = 0;
        int withFirst = 0;
        for (final String n : old) {
            final List<String> lines = read(dir.resolve(n));
            empty += lines.isEmpty() ? 1 : 0;
            withFirst += lines.equals(List.of("first")) ? 1 : 0;
        }
        assertEquals(1, withFirst, old.toString());
        assertEquals(old.size() - 1, empty, "the quiet seconds left empty rolled files");
        assertEquals(List.of("last"), read(dir.resolve("app.log")));
    }

    @Test
    void withoutRollEmptyAQuietPeriodLeavesNoFile() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.TIME).interval(Duration.ofSeconds(1)));
        log(log, System.currentTimeMillis() * 1_000_000L, "first");
        Thread.sleep(2200);
        log(log, System.currentTimeMillis() * 1_000_000L, "last");
        log.stop();
        final List<String> old = names(dir).stream().filter(n -> n.endsWith(".old")).collect(Collectors.toList());
        assertEquals(1, old.size(), old.toString());
        assertEquals(List.of("first"), read(dir.resolve(old.get(0))));
    }

    @Test
    void retentionAlsoRunsAtStart() throws Exception {
        for (int i = 1; i <= 5; i++) {
            Files.writeString(dir.resolve("app-" + i + ".log"), "old " + i + "\n");
        }
        final Log log = start(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1 << 20).maxCount(2)
            .fileNamePattern(dir.resolve("app-%i.log").toString()));
        log(log, at(10, 0, 0), "new");
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-4.log", "app-5.log", "app.log")), names(dir));
    }

    @Test
    void timeWhenOverSizeKeepsASmallFileAcrossTheBoundary() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.TIME_WHEN_OVER_SIZE).maxSize(20)
            .fileNamePattern(dir.resolve("app-%d{HH}.log").toString()));
        log(log, at(8, 0, 0), "small");         // 6 bytes: under 20 at the 9:00 boundary
        log(log, at(9, 0, 0), "still the same file, now long enough");
        log(log, at(10, 0, 0), "new file");     // over 20 bytes at 10:00: rolls
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-09.log", "app.log")), names(dir));
        assertEquals(List.of("small", "still the same file, now long enough"), read(dir.resolve("app-09.log")));
        assertEquals(List.of("new file"), read(dir.resolve("app.log")));
    }

    @Test
    void retentionKeepsMaxCountNewestAndDropsWhatIsOlderThanMaxAge() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.TIME).maxCount(2)
            .fileNamePattern(dir.resolve("app-%d{yyyy-MM-dd_HH}.log").toString()));
        for (int h = 0; h < 6; h++) {
            log(log, at(h, 0, 0), "hour " + h);
        }
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-2026-11-22_03.log", "app-2026-11-22_04.log", "app.log")), names(dir));

        final Path old = dir.resolve("aged");
        Files.createDirectories(old);
        final Log aged = Log.start(TestLogs.config(errors).object(LogObjectConfig.builder("aged").file(old.resolve("a.log"))
            .format("%<msg>").rolling(RollingConfig.builder().mode(RollMode.TIME).maxAge(Duration.ofDays(2))
                .fileNamePattern(old.resolve("a-%d{yyyy-MM-dd}.log").toString())).build()).build());
        final long now = System.currentTimeMillis() * 1_000_000L;
        for (int d = 5; d >= 0; d--) {
            log(aged, now - d * 86_400_000_000_000L, "day -" + d);
        }
        aged.stop();
        try (Stream<Path> s = Files.list(old)) {
            assertEquals(3, s.count(), "the active file, and the rolled days within two days");
        }
    }

    @Test
    void totalSizeCapDropsTheOldestButKeepsMinCount() throws Exception {
        final Log log = start(RollingConfig.builder().mode(RollMode.SIZE).maxSize(100).totalSizeCap(250).minCount(1)
            .fileNamePattern(dir.resolve("app-%i.log").toString()));
        for (int i = 0; i < 10; i++) {
            log(log, at(10, 0, 0), i + "z".repeat(99)); // 101-byte lines: one per file
        }
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-8.log", "app-9.log", "app.log")), names(dir), "two files fit 250 bytes");
    }

    @Test
    void rollingUnderLoadLosesAndDoublesNothing() throws Exception {
        final Log log = Log.start(TestLogs.config(errors).object(LogObjectConfig.builder("app").file(dir.resolve("app.log"))
            .format("%<thread> %<msg>").bufferSize(8192).rolling(RollingConfig.builder().mode(RollMode.SIZE)
                .maxSize(64 * 1024).fileNamePattern(dir.resolve("app-%i.log").toString())).build()).build());
        TestLogs.logFromThreads(log, 4, 50_000);
        log.stop();
        final List<String> files = new ArrayList<>();
        for (final String n : names(dir)) {
            if (n.startsWith("app-")) {
                files.add(n);
            }
        }
        files.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(4, a.length() - 4)),
            Integer.parseInt(b.substring(4, b.length() - 4))));
        files.add("app.log");
        assertTrue(files.size() > 20, files.size() + " files");
        final List<String> all = new ArrayList<>();
        for (final String f : files) {
            all.addAll(read(dir.resolve(f)));
        }
        TestLogs.checkThreadOrder(all, 4, 50_000);
        assertEquals(0, log.stats().getEventsLost());
    }

    @Test
    void aCrashDuringCompressionLeavesAWholeFileWhichTheNextStartFinishes() throws Exception {
        final String pattern = dir.resolve("app-%i.log.gz").toString();
        // Crash 1: the plain file is whole, a partial .gz.tmp beside it.
        Files.writeString(dir.resolve("app-1.log"), "one\n");
        Files.write(dir.resolve("app-1.log.gz.tmp"), new byte[] {31, -117, 8});
        // Crash 2: the .gz was complete, the plain file not yet deleted.
        Files.writeString(dir.resolve("app-2.log"), "two\n");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("app-2.log.gz")))) {
            gz.write("two\n".getBytes(StandardCharsets.UTF_8));
        }
        // Crash 3: the flush thread had handed a roll over; the housekeeper never placed it.
        Files.writeString(dir.resolve("app.log.rolling.1.0.0.0"), "three\n"); // run 1, an earlier run
        final Log log = start(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000).fileNamePattern(pattern));
        log(log, at(10, 0, 0), "four");
        log.stop();
        assertEquals(new TreeSet<>(List.of("app-1.log.gz", "app-2.log.gz", "app-3.log.gz", "app.log")), names(dir));
        assertEquals(List.of("one"), read(dir.resolve("app-1.log.gz")));
        assertEquals(List.of("two"), read(dir.resolve("app-2.log.gz")));
        assertEquals(List.of("three"), read(dir.resolve("app-3.log.gz")));
        assertEquals(List.of("four"), read(dir.resolve("app.log")));
    }

    @Test
    void activeFromPatternNamesTheFileBeingWrittenByItsPeriodAndIndexAndCompressesClosedOnes() throws Exception {
        // The periods are the last hour and this one, by the wall clock: at a restart, rolled files
        // of periods the clock says are over are compressed, so "the same period" must be now.
        final LocalDateTime thisHour = currentHourWithTimeToSpare();
        final LocalDateTime lastHour = thisHour.minusHours(1);
        final java.time.format.DateTimeFormatter hourName = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HH");
        final String last = "app-" + hourName.format(lastHour);
        final String now = "app-" + hourName.format(thisHour);
        final RollingConfig.Builder rolling = RollingConfig.builder().mode(RollMode.TIME_OR_SIZE).maxSize(200)
            .activeFromPattern(true).fileNamePattern(dir.resolve("app-%d{yyyy-MM-dd-HH}-%i.log.gz").toString());
        final Log log = start(rolling);
        for (int i = 0; i < 10; i++) {
            log(log, nanos(lastHour.plusMinutes(30).plusSeconds(i)), "nine " + i + " " + "y".repeat(40)); // 48-byte lines, 5 fill 200 bytes
        }
        for (int i = 0; i < 3; i++) {
            log(log, nanos(thisHour.plusMinutes(5).plusSeconds(i)), "ten " + i);
        }
        log.stop();
        // No app.log: the file being written is named by the pattern, and only it stays plain.
        assertEquals(new TreeSet<>(List.of(last + "-1.log.gz", last + "-2.log.gz", now + "-1.log")), names(dir));
        assertEquals(numbered("nine ", 0, 5).stream().map(s -> s + " " + "y".repeat(40)).collect(Collectors.toList()),
            read(dir.resolve(last + "-1.log.gz")));
        assertEquals(numbered("nine ", 5, 10).stream().map(s -> s + " " + "y".repeat(40)).collect(Collectors.toList()),
            read(dir.resolve(last + "-2.log.gz")));
        assertEquals(numbered("ten ", 0, 3), read(dir.resolve(now + "-1.log")));

        // A restart in the same period goes on in the file that was being written.
        final Log again = start(rolling);
        log(again, nanos(thisHour.plusMinutes(6)), "ten 3");
        again.stop();
        assertEquals(numbered("ten ", 0, 4), read(dir.resolve(now + "-1.log")));
        assertEquals(3, names(dir).size(), names(dir).toString());
        assertEquals(List.of(), errors);
    }

    /** The start of the current hour; waits for the next one when this one has under 20 seconds left. */
    private static LocalDateTime currentHourWithTimeToSpare() throws InterruptedException {
        LocalDateTime now = LocalDateTime.now();
        final LocalDateTime next = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusHours(1);
        if (Duration.between(now, next).getSeconds() < 20) {
            Thread.sleep(Duration.between(now, next).toMillis() + 100);
            now = LocalDateTime.now();
        }
        return now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    }

    private static long nanos(final LocalDateTime time) {
        return time.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() * 1_000_000L;
    }

    @Test
    void badRollingSettingsNameTheObjectAndTheSetting() {
        assertEquals("log object \"app\": rolling: fileNamePattern \"a-%d.log\" needs %i: rolling by size can roll more"
            + " than once per period", assertThrows(LogConfigException.class, () -> LogObjectConfig.builder("app")
            .rolling(RollingConfig.builder().mode(RollMode.SIZE).maxSize(10).fileNamePattern("a-%d.log"))).getMessage());
        assertEquals("log object \"app\": rolling: maxSize=0: rolling mode SIZE needs a positive size",
            assertThrows(LogConfigException.class, () -> LogObjectConfig.builder("app")
                .rolling(RollingConfig.builder().mode(RollMode.SIZE))).getMessage());
        assertEquals("log object \"app\": rolling: fileNamePattern \"a-%q.log\": unknown conversion \"%q\" at position 2"
            + " (only %d{...} and %i)", assertThrows(LogConfigException.class, () -> LogObjectConfig.builder("app")
            .rolling(RollingConfig.builder().mode(RollMode.TIME).fileNamePattern("a-%q.log"))).getMessage());
        assertEquals("log object \"app\": rolling: fileNamePattern \"a-%d{yyyy.log\": unclosed \"{\" at position 4",
            assertThrows(LogConfigException.class, () -> LogObjectConfig.builder("app")
                .rolling(RollingConfig.builder().mode(RollMode.TIME).fileNamePattern("a-%d{yyyy.log"))).getMessage());
        assertEquals("log object \"app\": rolling: activeFromPattern needs a fileNamePattern with a %d, rolling mode"
            + " TIME or TIME_OR_SIZE and no fixed window (the file being written is named by the pattern's period)",
            assertThrows(LogConfigException.class, () -> LogObjectConfig.builder("app").rolling(RollingConfig.builder()
                .mode(RollMode.SIZE).maxSize(10).activeFromPattern(true).fileNamePattern("a-%i.log"))).getMessage());
    }
}
