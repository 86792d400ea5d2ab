package dev.spool.engine.file.rolling;

import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.Housekeeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
/**
 * The rolled files of one log: placing a just-rolled file under its final name, compressing it,
 * and pruning old ones. Runs on the housekeeping thread ({@code file.Housekeeper}) only.
 *
 * <p>The flush thread hands a roll over as
 * {@code <file>.rolling.<run>.<period start ms>.<roll ms>.<sequence>}; if the process dies before it
 * is placed, the next start places it.
 *
 * <p>Over 400 lines because placing, recovery and pruning read one listing of the directory by
 * the same name rules; apart, each would parse the names again.
 */
public final class RolledFiles {
    static final String ROLLING = ".rolling.";
    private static final DateTimeFormatter ATS_TIME = DateTimeFormatter.ofPattern("yyyyMMdd.HH'h'mm'm'ss's'")
        .withZone(ZoneId.systemDefault());

    /** The file being written; with {@code activeFromPattern} it changes at every roll. */
    private volatile Path active;
    private final RollingConfig config;
    private final FileNamePattern pattern;
    private final Pattern atsNames;
    /** Tells this run's hand-overs from those a crashed run left. */
    private final long run = System.nanoTime() ^ java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;

    public RolledFiles(final Path active, final RollingConfig config, final ErrorListener errors) {
        this.active = active;
        this.config = config;
        this.pattern = config.pattern();
        this.atsNames = Pattern.compile(Pattern.quote(active.getFileName().toString())
            + "\\.(\\d{8}\\.\\d\\dh\\d\\dm\\d\\ds)-\\d{8}\\.\\d\\dh\\d\\dm\\d\\ds(\\.\\d+)?\\.old");
    }

    /** With {@code activeFromPattern}: the file now being written, which is never rolled or pruned. */
    public void active(final Path path) {
        active = path;
    }

    /**
     * With {@code activeFromPattern}: the file the flush thread has just closed already has its
     * final name; compress it if the pattern says so, and prune.
     */
    public void closed(final Path plain) throws IOException {
        if (pattern.compression() != Compression.NONE && Files.exists(plain)) {
            compressOrDrop(plain);
        }
        prune(System.currentTimeMillis());
    }

    /**
     * With {@code activeFromPattern}: the highest index an existing file of this period has, and
     * whether that file is compressed (so finished); {@code null} when the period has none.
     */
    public Rolled latestOf(final long periodMillis) throws IOException {
        Rolled latest = null;
        for (final Rolled r : list()) {
            if (r.periodMillis == periodMillis && (latest == null || r.index > latest.index)) {
                latest = r;
            }
        }
        return latest;
    }

    /**
     * The name the flush thread moves the active file to when it rolls: unique even for two rolls
     * in one millisecond (a rename onto an existing name would replace that file).
     */
    public Path handOverName(final long periodStartMillis, final long rollMillis, final long sequence) {
        return handOverName(run, periodStartMillis, rollMillis, sequence);
    }

    private Path handOverName(final long runId, final long periodStartMillis, final long rollMillis, final long sequence) {
        return active.resolveSibling(active.getFileName() + ROLLING + runId + "." + periodStartMillis + "." + rollMillis
            + "." + sequence);
    }

    /** At start: place rolls a crash left behind, finish interrupted compressions, prune (if {@code pruneAtStart}). */
    public void recover() throws IOException {
        final Path dir = directory(active);
        if (!Files.isDirectory(dir)) {
            return;
        }
        placeHandOvers(false);
        if (pattern != null && pattern.compression() != Compression.NONE) {
            final long now = System.currentTimeMillis();
            for (final Rolled r : list()) {
                // With activeFromPattern, a plain file of a period not yet over may be the one this
                // run goes on writing: only those of ended periods were left by an earlier run.
                if (!r.compressed && (!config.activeFromPattern() || r.periodMillis + periodMillis() <= now)) {
                    compressOrDrop(r.path);
                }
            }
        }
        for (final Path tmp : tmpFiles()) {
            Files.deleteIfExists(tmp);
        }
        if (config.pruneAtStart()) {
            prune(System.currentTimeMillis());
        }
    }

    /**
     * Places this run's hand-overs, oldest roll first: the one just handed over, and any an earlier
     * job could not place (a failed job is made good by the next).
     */
    public void placePending() throws IOException {
        placeHandOvers(true);
    }

    /** Places hand-overs of this run ({@code ours}) or of earlier runs (at start), in roll order. */
    private void placeHandOvers(final boolean ours) throws IOException {
        final String prefix = active.getFileName() + ROLLING;
        final List<long[]> pending = new ArrayList<>();
        for (final Path p : files(directory(active), 1)) {
            final String name = p.getFileName().toString();
            if (name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                final String[] n = name.substring(prefix.length()).split("\\.");
                final long[] l = {Long.parseLong(n[0]), Long.parseLong(n[1]), Long.parseLong(n[2]), Long.parseLong(n[3])};
                if ((l[0] == run) == ours) {
                    pending.add(l);
                }
            }
        }
        pending.sort(Comparator.<long[]>comparingLong(l -> l[2]).thenComparingLong(l -> l[3]));
        for (final long[] l : pending) {
            place(handOverName(l[0], l[1], l[2], l[3]), l[1], l[2]);
        }
    }

    /** Gives a handed-over roll its final name, compresses it if the pattern says so, prunes. */
    public void place(final Path handedOver, final long periodStartMillis, final long rollMillis) throws IOException {
        final Path plain = finalPlainName(periodStartMillis, rollMillis);
        final Path dir = plain.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Compressor.move(handedOver, plain);
        if (pattern != null && pattern.compression() != Compression.NONE) {
            compressOrDrop(plain);
        }
        prune(System.currentTimeMillis());
    }

    private void compressOrDrop(final Path plain) throws IOException {
        final Path target = compressedName(plain);
        if (Files.exists(target)) {
            // A crash came after the compressed file was complete and before the plain one went.
            Files.deleteIfExists(plain);
            return;
        }
        Compressor.compress(plain, target, pattern.compression(), config.compressionLevel());
    }

    private Path compressedName(final Path plain) {
        return plain.resolveSibling(plain.getFileName() + pattern.compression().suffix());
    }

    private Path finalPlainName(final long periodStartMillis, final long rollMillis) throws IOException {
        if (pattern == null) {
            final String base = active.getFileName() + "." + ATS_TIME.format(Instant.ofEpochMilli(periodStartMillis)) + "-"
                + ATS_TIME.format(Instant.ofEpochMilli(rollMillis));
            Path p = active.resolveSibling(base + ".old");
            for (int n = 1; Files.exists(p); n++) {
                p = active.resolveSibling(base + "." + n + ".old");
            }
            return p;
        }
        final Instant period = Instant.ofEpochMilli(periodStartMillis);
        if (!pattern.hasIndex()) {
            return unused(Path.of(pattern.formatPlain(period, 0)));
        }
        if (config.shifting()) {
            shiftUp(period);
            return Path.of(pattern.formatPlain(period, config.minIndex()));
        }
        // The next index after the highest of this period, so that indexes keep the rolls' order
        // even after pruning has made gaps below.
        int highest = config.minIndex() - 1;
        for (final Rolled r : list()) {
            if (r.index > highest && (pattern.unit() == null || r.periodMillis == period.toEpochMilli())) {
                highest = r.index;
            }
        }
        if (highest >= config.maxIndex()) {
            shiftDown(period);
            return Path.of(pattern.formatPlain(period, config.maxIndex()));
        }
        return Path.of(pattern.formatPlain(period, highest + 1));
    }

    /** A name not taken yet: the name itself, or with {@code .1}, {@code .2} ... before its suffix. */
    private static Path unused(final Path p) {
        if (!takenInAnyForm(p)) {
            return p;
        }
        for (int n = 1; ; n++) {
            final Path q = p.resolveSibling(p.getFileName() + "." + n);
            if (!takenInAnyForm(q)) {
                return q;
            }
        }
    }

    /** Whether the plain name, or the name with any compressed ending, is an existing file. */
    private static boolean takenInAnyForm(final Path plain) {
        for (final Compression c : Compression.values()) {
            if (Files.exists(plain.resolveSibling(plain.getFileName() + c.suffix()))) {
                return true;
            }
        }
        return false;
    }

    /** Fixed window: drop the highest index, move each one up, freeing the lowest. */
    private void shiftUp(final Instant period) throws IOException {
        deleteAnyForm(period, config.maxIndex());
        for (int i = config.maxIndex() - 1; i >= config.minIndex(); i--) {
            moveAnyForm(period, i, i + 1);
        }
    }

    /** Past the highest index: drop the lowest, move each one down, freeing the highest. */
    private void shiftDown(final Instant period) throws IOException {
        deleteAnyForm(period, config.minIndex());
        for (int i = config.minIndex() + 1; i <= config.maxIndex(); i++) {
            moveAnyForm(period, i, i - 1);
        }
    }

    private void deleteAnyForm(final Instant period, final int index) throws IOException {
        Files.deleteIfExists(Path.of(pattern.formatPlain(period, index)));
        Files.deleteIfExists(Path.of(pattern.format(period, index)));
    }

    private void moveAnyForm(final Instant period, final int from, final int to) throws IOException {
        for (final boolean compressed : new boolean[] {false, true}) {
            final Path src = Path.of(compressed ? pattern.format(period, from) : pattern.formatPlain(period, from));
            if (Files.exists(src)) {
                Compressor.move(src, Path.of(compressed ? pattern.format(period, to) : pattern.formatPlain(period, to)));
            }
        }
    }

    /** One rolled file, with what its name says about its age. */
    public record Rolled(Path path, long periodMillis, int index, boolean compressed, long size, long ageMillis) {
    }

    /** Rolled files, oldest first; for the space guard. */
    public List<Rolled> listOldestFirst() throws IOException {
        return list();
    }

    public int minCount() {
        return config.minCount();
    }

    /** Rolled files, oldest first. */
    private List<Rolled> list() throws IOException {
        final List<Rolled> out = new ArrayList<>();
        if (pattern == null) {
            for (final Path p : files(directory(active), 1)) {
                final Matcher m = atsNames.matcher(p.getFileName().toString());
                if (m.matches()) {
                    final long start = Instant.from(ATS_TIME.parse(m.group(1))).toEpochMilli();
                    out.add(new Rolled(p, start, 0, false, size(p), start));
                }
            }
        } else {
            for (final Path p : files(patternBase(), patternDepth())) {
                if (p.getFileName().toString().endsWith(Compressor.TMP)) {
                    continue;
                }
                final FileNamePattern.Match m = pattern.match(p.toString());
                if (m != null && !p.toAbsolutePath().normalize().equals(active.toAbsolutePath().normalize())) {
                    // Without a %d the index alone orders them; age then comes from the file.
                    final long period = m.periodStart() != null ? m.periodStart().toEpochMilli() : 0;
                    final long age = m.periodStart() != null ? period + periodMillis() : modified(p);
                    out.add(new Rolled(p, period, m.index(), m.compressed(), size(p), age));
                }
            }
        }
        final Comparator<Rolled> byIndex = config.shifting()
            ? Comparator.comparingInt(Rolled::index).reversed() : Comparator.comparingInt(Rolled::index);
        out.sort(Comparator.comparingLong(Rolled::periodMillis).thenComparing(byIndex));
        return out;
    }

    private List<Path> tmpFiles() throws IOException {
        final List<Path> out = new ArrayList<>();
        if (pattern == null) {
            return out;
        }
        for (final Path p : files(patternBase(), patternDepth())) {
            final String name = p.toString();
            if (!name.endsWith(Compressor.TMP)) {
                continue;
            }
            final String target = name.substring(0, name.length() - Compressor.TMP.length());
            if (Compression.of(target) != Compression.NONE && pattern.match(target) != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The directory the pattern's names start in: the part before the first conversion. */
    private Path patternBase() {
        final String p = pattern.pattern();
        final int first = p.indexOf('%');
        final String fixed = first < 0 ? p : p.substring(0, first);
        final int slash = Math.max(fixed.lastIndexOf('/'), fixed.lastIndexOf('\\'));
        return slash < 0 ? Path.of("") : Path.of(fixed.substring(0, slash));
    }

    /**
     * Regular files below {@code base}, at most {@code depth} levels down. A file that vanishes
     * while the directory is read (the flush thread rolling) is skipped, not an error.
     */
    public static List<Path> files(final Path base, final int depth) throws IOException {
        final List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return out;
        }
        Files.walkFileTree(base, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), depth,
            new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(final Path file,
                                                               final java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        out.add(file);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(final Path file, final IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        return out;
    }

    /** How many directory levels below the base the pattern's names reach. */
    private int patternDepth() {
        final String p = pattern.pattern();
        final int first = p.indexOf('%');
        final String rest = first < 0 ? "" : p.substring(first);
        return 1 + (int) rest.chars().filter(c -> c == '/' || c == '\\').count();
    }

    /** Deletes rolled files past maxCount, older than maxAge, or beyond totalSizeCap. */
    public void prune(final long nowMillis) throws IOException {
        if (config.maxCount() == 0 && config.maxAge() == null && config.totalSizeCap() == 0) {
            return;
        }
        final List<Rolled> rolled = list();
        final List<Rolled> keep = new ArrayList<>(rolled);
        for (final Rolled r : rolled) {
            final boolean tooMany = config.maxCount() > 0 && keep.size() > config.maxCount();
            final boolean tooOld = config.maxAge() != null && r.ageMillis < nowMillis - config.maxAge().toMillis();
            if (tooMany || tooOld) {
                delete(r);
                keep.remove(r);
            }
        }
        if (config.totalSizeCap() > 0) {
            long total = keep.stream().mapToLong(Rolled::size).sum();
            for (final Rolled r : new ArrayList<>(keep)) {
                if (total <= config.totalSizeCap() || keep.size() <= config.minCount()) {
                    break;
                }
                delete(r);
                keep.remove(r);
                total -= r.size;
            }
        }
    }

    /** Length of one period, to date a rolled file by its period's end; 0 when unknown. */
    private long periodMillis() {
        if (config.unit() != null) {
            return config.unit().getDuration().toMillis() * config.intervalUnits();
        }
        return pattern == null && config.interval() != null ? config.interval().toMillis() : 0;
    }

    public static void delete(final Rolled r) throws IOException {
        try {
            Files.delete(r.path);
        } catch (final NoSuchFileException e) {
            // Gone already.
        }
    }

    private static long modified(final Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (final IOException e) {
            return Long.MAX_VALUE; // vanished: never the oldest
        }
    }

    private static long size(final Path p) {
        try {
            return Files.size(p);
        } catch (final IOException e) {
            return 0;
        }
    }

    private static Path directory(final Path file) {
        final Path dir = file.toAbsolutePath().getParent();
        return dir == null ? Path.of("") : dir;
    }
}
