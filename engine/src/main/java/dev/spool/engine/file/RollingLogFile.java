package dev.spool.engine.file;

import dev.spool.engine.buffer.WriteBatch;
import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.rolling.Compressor;
import dev.spool.engine.file.rolling.FileNamePattern;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollSchedule;
import dev.spool.engine.file.rolling.RolledFiles;
import dev.spool.engine.file.rolling.RollingConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
/**
 * A log file that rolls: by time, by size, or both ({@link RollMode}). It rolls only between two
 * units of a {@link WriteBatch} (two events of a text log, two buffers of a binary one), so no
 * event is split across files, none is lost and none is written twice.
 *
 * <p>The flush thread does the minimum: close the file, move it to a hand-over name, reopen. The
 * {@link Housekeeper} gives it its final name, compresses it and prunes old files, on its own
 * thread ({@link RolledFiles}).
 *
 * <p>Time rolls follow the events' timestamps, not the clock at write time: the first event at or
 * past the boundary starts the new file. With a {@code %d} pattern the boundaries are those of its
 * finest field; otherwise every {@code interval} from local midnight plus {@code offsetHour}.
 *
 * <p>Over 400 lines because deciding a roll, rolling and starting a period share the active file's
 * state (its size, the next boundary, the file index).
 */
public final class RollingLogFile implements LogFile {
    /** The file being written; with {@code activeFromPattern} a new one at every roll. */
    private PlainLogFile active;
    /** With {@code activeFromPattern}: whether the first file has been chosen, and its index. */
    private boolean chosen;
    private boolean wroteOnce;
    private int activeIndex;
    private final RollingConfig config;
    private final Housekeeper housekeeper;
    private final RolledFiles rolled;
    private final String what;
    private long size = -1;
    private long periodStartMillis;
    /** The time that names this period's file: its start, or with {@code nameByLastUnit} its last unit. */
    private long periodNameMillis;
    private long nextBoundaryMillis = Long.MIN_VALUE;
    /** How long past {@link #nextBoundaryMillis} this period's time roll waits ({@code maxRandomDelay}). */
    private long rollDelayMillis;
    /** Whether the file found at start has been checked for {@code rollAtStart}. */
    private boolean startChecked;
    private boolean recovered;
    private long nextRollAttemptMillis;
    private long rolls;
    private final ErrorListener errors;

    public RollingLogFile(final PlainLogFile active, final RollingConfig config, final FileContext context) {
        this.active = active;
        this.config = config;
        this.housekeeper = context.housekeeper();
        this.rolled = new RolledFiles(active.path(), config, context.errors());
        context.space().register(active.path(), rolled);
        this.what = "log file " + active.path();
        this.errors = context.errors();
    }

    @Override
    public Path path() {
        return active.path();
    }

    @Override
    public boolean ensureOpen(final long nowNanos) {
        if (config.activeFromPattern() && !chosen) {
            chosen = true;
            chooseFirst(System.currentTimeMillis());
        }
        if (!recovered) {
            recovered = true;
            housekeeper.submit("recovering rolled files of " + what, rolled::recover);
        }
        if (!active.ensureOpen(nowNanos)) {
            size = -1;
            return false;
        }
        if (size < 0) {
            long lastWritten = Long.MAX_VALUE;
            try {
                size = Files.size(active.path());
                lastWritten = Files.getLastModifiedTime(active.path()).toMillis();
                if (nextBoundaryMillis == Long.MIN_VALUE && size > 0 && !config.continueExistingFile()) {
                    // A file left by an earlier run belongs to the period it was last written in;
                    // a new file's period starts with its first event.
                    startPeriod(lastWritten);
                }
            } catch (final IOException e) {
                size = 0;
            }
            if (!startChecked) {
                startChecked = true;
                // The file found at start gets the header too (a roll at start gave the new one its own).
                if (!rollAtStart(lastWritten) && (size == 0 || config.headerAlways())) {
                    writeEnd(config.header());
                }
            }
        }
        return true;
    }

    /**
     * {@code rollAtStart}: rolls a big enough file that an earlier run left, before anything is
     * written to it.
     *
     * @return whether it rolled
     */
    private boolean rollAtStart(final long lastWritten) {
        if (config.rollAtStartMinSize() < 0 || size <= 0 || size < config.rollAtStartMinSize()
            || lastWritten >= config.rollAtStartWrittenBefore()) {
            return false;
        }
        try {
            roll(System.currentTimeMillis(), true);
            return true;
        } catch (final IOException e) {
            errors.onError("cannot roll " + what + " at start (" + PlainLogFile.describe(e) + "); it is appended to", null);
            return false;
        }
    }

    @Override
    public void write(final ByteBuffer bytes) throws IOException {
        final int length = bytes.remaining();
        final long now = System.currentTimeMillis() * 1_000_000L;
        write(new WriteBatch() {
            @Override
            public ByteBuffer bytes() {
                return bytes;
            }

            @Override
            public int units() {
                return 1;
            }

            @Override
            public int unitEnd(final int i) {
                return length;
            }

            @Override
            public long unitTimestamp(final int i) {
                return now;
            }
        });
    }

    @Override
    public void write(final WriteBatch batch) throws IOException {
        if (config.activeFromPattern() && !wroteOnce && batch.units() > 0) {
            wroteOnce = true;
            startWithFirstEvent(Math.floorDiv(batch.unitTimestamp(0), 1_000_000L));
        }
        final ByteBuffer bytes = batch.bytes();
        final int base = bytes.position();
        final int end = bytes.limit();
        int from = 0;
        int fromUnit = 0;
        try {
            for (int i = 0; i < batch.units(); i++) {
                final int start = i == 0 ? 0 : batch.unitEnd(i - 1);
                final long millis = Math.floorDiv(batch.unitTimestamp(i), 1_000_000L);
                final long sizeBefore = size + (start - from);
                if (rollDue(millis, sizeBefore)) {
                    writeRange(bytes, base + from, base + start);
                    from = start;
                    fromUnit = i;
                    roll(millis);
                }
            }
            writeRange(bytes, base + from, end);
        } catch (final IOException e) {
            if (fromUnit > 0) {
                throw new PartlyWrittenException(fromUnit, e); // the units before the roll are in the rolled file
            }
            throw e;
        }
    }

    private void writeRange(final ByteBuffer bytes, final int from, final int to) throws IOException {
        if (to <= from) {
            return;
        }
        final ByteBuffer part = bytes.duplicate().limit(to).position(from);
        active.write(part);
        size += to - from;
    }

    /** Whether to roll before an event at {@code millis} when the file holds {@code sizeNow} bytes. */
    private boolean rollDue(final long millis, final long sizeNow) {
        final RollMode mode = config.mode();
        if (nextBoundaryMillis == Long.MIN_VALUE) {
            startPeriod(millis);
        }
        if (nextRollAttemptMillis != 0 && System.currentTimeMillis() < nextRollAttemptMillis) {
            return false; // a roll failed a moment ago: keep writing this file for now
        }
        if (mode.byTime() && millis >= nextBoundaryMillis + rollDelayMillis) {
            final boolean roll = config.activeFromPattern()
                || (mode == RollMode.TIME_WHEN_OVER_SIZE
                    ? (config.rollWhenOverSize() ? sizeNow > config.maxSize() : sizeNow >= config.maxSize())
                    : sizeNow > 0 || config.rollEmpty());
            if (roll) {
                return true;
            }
            startPeriod(millis); // the file carries on into the new period
        }
        return (mode == RollMode.SIZE || mode == RollMode.TIME_OR_SIZE) && sizeNow > 0
            && (config.rollWhenOverSize() ? sizeNow > config.maxSize() : sizeNow >= config.maxSize());
    }

    /**
     * With {@code activeFromPattern}: the file to write at start, for the clock's period. With a
     * {@code %i}, the highest index the period already has, if that file is not yet compressed
     * (it was being written when the last run ended), else the next one.
     */
    private void chooseFirst(final long nowMillis) {
        startPeriod(nowMillis);
        int index = config.minIndex();
        if (config.pattern().hasIndex()) {
            try {
                final RolledFiles.Rolled latest = rolled.latestOf(periodNameMillis);
                if (latest != null) {
                    index = latest.compressed() ? latest.index() + 1 : latest.index();
                }
            } catch (final IOException e) {
                errors.onError("cannot list the rolled files of " + what + " (" + PlainLogFile.describe(e) + "); "
                    + "starting at index " + index, null);
            }
        }
        switchTo(index);
    }

    /**
     * With {@code activeFromPattern}: the file chosen by the clock is for another period than the
     * first event (logged just before a boundary and written just after, say) and still empty:
     * take the first event's period instead, and leave no empty file behind.
     */
    private void startWithFirstEvent(final long firstMillis) throws IOException {
        if ((firstMillis >= periodStartMillis && firstMillis < nextBoundaryMillis) || size != 0) {
            return;
        }
        final long clockPeriod = periodStartMillis;
        startPeriod(firstMillis);
        final RolledFiles.Rolled latest = rolled.latestOf(periodNameMillis);
        if (!config.pattern().hasIndex() && latest != null && latest.compressed()) {
            // That period's file is finished and compressed: go on in the clock's period instead.
            startPeriod(clockPeriod);
            return;
        }
        final Path empty = active.path();
        active.close();
        Files.deleteIfExists(empty);
        chooseFirst(firstMillis);
        reopenAfterRoll();
        if (size < 0 && active.ensureOpen(System.nanoTime())) {
            size = Files.size(active.path());
        }
    }

    /** With {@code activeFromPattern}: writes from now on go to the pattern's name for this period and index. */
    private void switchTo(final int index) {
        activeIndex = index;
        final Path next = Path.of(config.pattern().formatPlain(Instant.ofEpochMilli(periodNameMillis), index));
        active = active.withPath(next);
        rolled.active(next);
        size = -1;
    }

    /** Closes the file, hands it to the housekeeper under a name that says its period, opens a new one. */
    private void roll(final long eventMillis) throws IOException {
        roll(eventMillis, false);
    }

    /**
     * @param atStart a roll of the file an earlier run left ({@code rollAtStart}): that file got its
     *                footer when the earlier run stopped
     */
    private void roll(final long eventMillis, final boolean atStart) throws IOException {
        if (config.activeFromPattern()) {
            rollNamed(eventMillis, atStart);
            return;
        }
        final long rollMillis = System.currentTimeMillis();
        final long period = periodNameMillis;
        if (!atStart) {
            writeEnd(config.footer());
        }
        active.close();
        final Path handOver = rolled.handOverName(period, rollMillis, rolls++);
        try {
            Compressor.move(active.path(), handOver);
        } catch (final IOException e) {
            // Keep writing the same file rather than lose events; try again in a second.
            nextRollAttemptMillis = rollMillis + 1000;
            errors.onError("cannot roll " + what + " (" + PlainLogFile.describe(e) + "); it goes on growing (after the"
                + " layout's footer, if it has one), and the roll is tried again", null);
            reopenAfterRoll();
            return;
        }
        reopenAfterRoll();
        size = 0;
        if (config.mode().byTime() && eventMillis >= nextBoundaryMillis) {
            startPeriod(eventMillis);
        }
        writeEnd(config.header());
        housekeeper.submit("placing rolled file " + handOver, rolled::placePending);
        afterRoll();
    }

    /** Queues the configured after-roll actions behind the roll's own housekeeping. */
    private void afterRoll() {
        final Runnable action = config.afterRoll();
        if (action != null) {
            housekeeper.submit("the actions after a roll of " + what, action::run);
        }
    }

    /**
     * With {@code activeFromPattern}: the closed file already has its final name; the housekeeper
     * compresses it (if the pattern says so) and prunes, and writing goes on in the next name: the
     * new period's first index, or the next index of the same period after a size roll.
     */
    private void rollNamed(final long eventMillis, final boolean atStart) {
        final Path done = active.path();
        if (!atStart) {
            writeEnd(config.footer());
        }
        active.close();
        rolls++;
        final int index;
        if (eventMillis >= nextBoundaryMillis) {
            startPeriod(eventMillis);
            index = config.minIndex();
        } else {
            index = activeIndex + 1;
        }
        switchTo(index);
        housekeeper.submit("finishing rolled file " + done, () -> rolled.closed(done));
        afterRoll();
        reopenAfterRoll();
        if (size < 0 && active.ensureOpen(System.nanoTime())) {
            try {
                size = Files.size(active.path());
            } catch (final IOException e) {
                size = 0;
            }
        }
        if (size == 0) {
            writeEnd(config.header());
        }
    }

    /**
     * Writes a header into the file just opened or a footer into the one about to be closed. A
     * failure is reported and rolling goes on: the events matter more than the frame around them.
     */
    private void writeEnd(final Supplier<byte[]> end) {
        if (end == null) {
            return;
        }
        try {
            final byte[] bytes = end.get();
            if (bytes != null && bytes.length > 0 && active.ensureOpen(System.nanoTime())) {
                active.write(ByteBuffer.wrap(bytes));
                size = Math.max(size, 0) + bytes.length;
            }
        } catch (final IOException | RuntimeException e) {
            errors.onError(what + ": writing the layout's header or footer at a roll failed (" + PlainLogFile.describe(e)
                + ")", null);
        }
    }

    private void reopenAfterRoll() {
        if (!active.ensureOpen(System.nanoTime())) {
            size = -1;
        }
    }

    /**
     * Starts the period that contains {@code millis} and computes its end (and, with
     * {@code maxRandomDelay}, how long past it the roll waits).
     */
    private void startPeriod(final long millis) {
        final Duration delay = config.maxRandomDelay();
        rollDelayMillis = delay == null || delay.isZero() ? 0 : ThreadLocalRandom.current().nextLong(delay.toMillis() + 1);
        final RollSchedule schedule = config.schedule();
        if (schedule != null) {
            periodStartMillis = schedule.periodStart(millis);
            periodNameMillis = periodStartMillis;
            nextBoundaryMillis = schedule.nextBoundary(millis);
            return;
        }
        final ChronoUnit unit = config.unit();
        if (unit != null) {
            final ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(config.pattern().zone());
            // Without modulate, a period of several units starts at the unit it is in (Log4j2).
            final ZonedDateTime start = FileNamePattern.periodStart(t, unit, config.modulate() ? config.intervalUnits() : 1);
            final ZonedDateTime end = start.plus(config.intervalUnits(), unit);
            periodStartMillis = start.toInstant().toEpochMilli();
            periodNameMillis = (config.nameByLastUnit() ? end.minus(1, unit) : start).toInstant().toEpochMilli();
            nextBoundaryMillis = end.toInstant().toEpochMilli();
            return;
        }
        final long interval = (config.interval() == null ? Duration.ofDays(1) : config.interval()).toMillis();
        final ZonedDateTime anchor = Instant.ofEpochMilli(millis).atZone(java.time.ZoneId.systemDefault())
            .truncatedTo(ChronoUnit.DAYS).plusHours(config.offsetHour());
        final long a = anchor.toInstant().toEpochMilli();
        final long start = a + Math.floorDiv(millis - a, interval) * interval;
        periodStartMillis = start;
        periodNameMillis = start;
        nextBoundaryMillis = start + interval;
    }

    /**
     * With {@code rollEmpty}, rolls by the clock too: a period that ends with no event still
     * leaves a (possibly empty) rolled file, as ATS does. Without it, rolls wait for the next event.
     */
    @Override
    public void tick(final long nowMillis) throws IOException {
        if (!config.rollEmpty() || !config.mode().byTime() || size < 0) {
            return;
        }
        if (nextBoundaryMillis == Long.MIN_VALUE) {
            startPeriod(nowMillis);
            return;
        }
        if (nowMillis >= nextBoundaryMillis + rollDelayMillis && rollDue(nowMillis, size)) {
            roll(nowMillis);
        }
    }

    @Override
    public void reopen() {
        active.reopen();
    }

    @Override
    public void recheck() {
        active.recheck();
    }

    @Override
    public boolean hasRoom() {
        return active.hasRoom();
    }

    /** Closes the file for good (the log object is removed): it ends with the footer. */
    @Override
    public void close() {
        if (size >= 0) {
            writeEnd(config.footer());
        }
        active.close();
    }
}
