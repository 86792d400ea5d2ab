package dev.spool.engine.file;

import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.file.rolling.RolledFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
/**
 * Keeps log directories within their {@link SpaceBudget}s. On the housekeeping thread, every
 * second and after every roll, it measures each budget's directory; when the files take too much
 * or the file system has too little free, it deletes the oldest rolled files of the log objects
 * in it (never below a log object's {@code minCount}). If that is not enough the budget is
 * exhausted: log files in the directory report no room until it is met again, and their log
 * objects apply their {@code whenFull} policy. Both changes are reported once.
 */
public final class SpaceGuard {
    /** The runtime state of one budget. */
    public static final class Budget {
        private final SpaceBudget limits;
        private final List<RolledFiles> logs = new CopyOnWriteArrayList<>();
        private volatile boolean exhausted;

        Budget(final SpaceBudget limits) {
            this.limits = limits;
        }

        /** Whether the directory is over budget even after deleting every rolled file it could. */
        public boolean exhausted() {
            return exhausted;
        }
    }

    private final List<Budget> budgets = new ArrayList<>();
    private final ErrorListener errors;

    public SpaceGuard(final List<SpaceBudget> budgets, final ErrorListener errors) {
        for (final SpaceBudget b : budgets) {
            this.budgets.add(new Budget(b));
        }
        this.errors = errors;
    }

    /** The budget of the directory a file is in, or {@code null}. */
    public Budget budgetFor(final Path file) {
        final Path dir = file.toAbsolutePath().normalize().getParent();
        for (final Budget b : budgets) {
            if (b.limits.directory().toAbsolutePath().normalize().equals(dir)) {
                return b;
            }
        }
        return null;
    }

    void register(final Path file, final RolledFiles rolled) {
        final Budget b = budgetFor(file);
        if (b != null) {
            b.logs.add(rolled);
        }
    }

    /** Starts the periodic check on the housekeeping thread. */
    public void start(final Housekeeper housekeeper) {
        if (!budgets.isEmpty()) {
            housekeeper.every(1000, "checking log directory space", this::check);
        }
    }

    /** Measures every budget, deletes what it may, updates and reports the exhausted state. */
    void check() throws IOException {
        for (final Budget b : budgets) {
            check(b);
        }
    }

    private void check(final Budget b) throws IOException {
        final Path dir = b.limits.directory();
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (!over(b)) {
            recovered(b);
            return;
        }
        final List<RolledFiles.Rolled> candidates = new ArrayList<>();
        for (final RolledFiles log : b.logs) {
            final List<RolledFiles.Rolled> rolled = log.listOldestFirst();
            candidates.addAll(rolled.subList(0, Math.max(0, rolled.size() - log.minCount())));
        }
        candidates.sort(Comparator.comparingLong(RolledFiles.Rolled::ageMillis));
        for (final RolledFiles.Rolled r : candidates) {
            RolledFiles.delete(r);
            if (!over(b)) {
                recovered(b);
                return;
            }
        }
        if (!b.exhausted) {
            b.exhausted = true;
            errors.onError("log directory " + dir + " is over its space budget (" + describe(b) + ") with no rolled file"
                + " left to delete; its log objects now apply whenFull (block: callers wait; drop: events are counted"
                + " as lost) until there is room", null);
        }
    }

    private void recovered(final Budget b) {
        if (b.exhausted) {
            b.exhausted = false;
            errors.onError("log directory " + b.limits.directory() + " is within its space budget again; writing resumes",
                null);
        }
    }

    private static boolean over(final Budget b) throws IOException {
        final SpaceBudget l = b.limits;
        if (l.maxBytes() > 0 && usage(l.directory()) > l.maxBytes()) {
            return true;
        }
        return l.headroomBytes() > 0 && Files.getFileStore(l.directory()).getUsableSpace() < l.headroomBytes();
    }

    private static String describe(final Budget b) throws IOException {
        final SpaceBudget l = b.limits;
        return "files " + usage(l.directory()) + " bytes, limit " + (l.maxBytes() == 0 ? "none" : l.maxBytes())
            + "; free " + Files.getFileStore(l.directory()).getUsableSpace() + " bytes, headroom "
            + (l.headroomBytes() == 0 ? "none" : l.headroomBytes());
    }

    private static long usage(final Path dir) throws IOException {
        long total = 0;
        for (final Path p : RolledFiles.files(dir, 3)) {
            try {
                total += Files.size(p);
            } catch (final IOException e) {
                // vanished while counting
            }
        }
        return total;
    }
}
