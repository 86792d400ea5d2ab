package dev.spool.engine.adapter;

import dev.spool.engine.Log;
import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Log objects shared by file across a framework's reconfigurations, with one engine per framework
 * context (the key, compared by identity: a Log4j2 LoggerContext, a Logback Context).
 *
 * <p>The first user of a key starts its engine (one preproc, one flush, one housekeeping thread
 * for all the context's appenders). A user acquires the log object for its file: the one already
 * open for that file, which it then takes over (same buffers, same open file, so nothing is lost,
 * doubled or reordered across a reconfiguration), or a new one. A takeover cannot change the
 * object's buffers, mode or rolling; the user is warned of what it asked for and does not get.
 * {@code append=false} truncates the file only when the object is opened anew, never on a
 * takeover, which would erase what the previous configuration wrote a moment ago.
 *
 * <p>What differs between frameworks is a setting ({@link Builder}): whether two live users may
 * share a file (Log4j2 lets a new appender start before the old one stops; Logback refuses, as
 * its own appenders do), and how long an object its last user released stays open for
 * stragglers and a takeover (none for Log4j2, whose reconfiguration starts the new appenders
 * before it stops the old ones; a grace period for Logback, whose reload stops every appender
 * before it reads the new configuration). When an object's last user is gone and its grace period
 * is over it is removed (writing what it holds), and when the key's last object and last holder
 * are gone its engine stops. Holders use the engine without a log object (a sockstat emitter that
 * writes into an appender's objects).
 *
 * <p>One lock guards the table. Objects are flushed and removed, and engines stopped, outside it:
 * those wait for the flush thread, which must not hold up another appender's start or stop.
 *
 * <p>Over 400 lines with its {@link Builder}: one table under one lock, whose every operation
 * (acquire, release, grace, holders, close) keeps the same counts.
 *
 * @param <K> the framework's context
 * @param <R> the adapter's record renderer
 */
public final class SharedLogObjects<K, R extends RendererSwitch.Renderer> {
    private final String enginePrefix;
    private final boolean shutdownHook;
    private final Function<K, ErrorListener> errors;
    private final Duration grace;
    private final boolean sharedFiles;
    private final String rendererKind;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<K, Engine<R>> engines = new IdentityHashMap<>();
    /** Engines started so far, for their names; guarded by {@link #lock}. */
    private int started;
    /** Runs the removals after a grace period; made at the first one. Guarded by {@link #lock}. */
    private ScheduledExecutorService timer;

    /** What {@link #acquire} gives: the log object, and the renderer switch it was opened with (null if none). */
    public record Acquired<R extends RendererSwitch.Renderer>(LogObject object, RendererSwitch<R> renderers) {
    }

    private static final class Engine<R extends RendererSwitch.Renderer> {
        final Log log;
        final Map<Path, Shared<R>> objects = new HashMap<>();
        /** Users of the engine that hold no log object. */
        int holders;

        Engine(final Log log) {
            this.log = log;
        }

        boolean unused() {
            return objects.isEmpty() && holders == 0;
        }
    }

    private static final class Shared<R extends RendererSwitch.Renderer> {
        final Acquired<R> acquired;
        /** The user that acquired it last, named when another is refused. */
        String owner;
        int users;
        /** The removal at the end of the grace period, while one is pending. */
        ScheduledFuture<?> removal;

        Shared(final Acquired<R> acquired, final String owner) {
            this.acquired = acquired;
            this.owner = owner;
        }
    }

    /** An object to take out of its engine, and the engine to stop after it if it was the last. */
    private record Removal(Log log, LogObject object, boolean stopEngine) {
        void run() {
            log.removeObject(object);
            if (stopEngine) {
                log.stop();
            }
        }
    }

    private SharedLogObjects(final Builder<K, R> b) {
        this.enginePrefix = b.enginePrefix;
        this.shutdownHook = b.shutdownHook;
        this.errors = b.errors;
        this.grace = b.grace;
        this.sharedFiles = b.sharedFiles;
        this.rendererKind = b.rendererKind;
    }

    /**
     * Rules for a framework whose engines are named {@code enginePrefix-1}, {@code enginePrefix-2}
     * and so on.
     */
    public static <K, R extends RendererSwitch.Renderer> Builder<K, R> builder(final String enginePrefix) {
        return new Builder<>(enginePrefix);
    }

    /** {@link #acquire(Object, String, LogObjectConfig, RendererSwitch, boolean, Consumer)} for an object without a switch. */
    public LogObject acquire(final K key, final String user, final LogObjectConfig config, final boolean truncate,
                             final Consumer<String> warn) {
        return acquire(key, user, config, null, truncate, warn).object();
    }

    /**
     * The log object for {@code config}'s file in the key's engine (started if it has none): the
     * one already open for that file, taken over, or a new one with {@code renderers} as its
     * renderer, its file truncated first if {@code truncate}. On a takeover the object keeps the
     * switch it was opened with (or its lack of one), and {@code warn} receives the settings that do
     * not apply, as a sentence that starts with "takes over the open file".
     *
     * @param user names the appender, in messages about the file
     * @param renderers the renderer for a new object's records, or null (it uses its format)
     * @throws IllegalArgumentException for bad settings ({@link dev.spool.engine.object.LogConfigException}),
     *     or when files are not shared and a live user writes this one
     */
    public Acquired<R> acquire(final K key, final String user, final LogObjectConfig config,
                               final RendererSwitch<R> renderers, final boolean truncate, final Consumer<String> warn) {
        synchronized (lock) {
            final Engine<R> engine = engine(key);
            final Path file = fileOf(config);
            final Shared<R> open = engine.objects.get(file);
            if (open != null) {
                takeOver(open, file, user, config, warn);
                return open.acquired;
            }
            if (truncate) {
                truncate(file);
            }
            final LogObject object;
            try {
                final LogObjectConfig named = uniqueName(engine, config);
                object = engine.log.addObject(renderers == null ? named : named.withRenderer(renderers));
            } catch (final RuntimeException e) {
                if (engine.unused()) {
                    engines.remove(key);
                    engine.log.stop();
                }
                throw e;
            }
            final Shared<R> added = new Shared<>(new Acquired<>(object, renderers), user);
            added.users = 1;
            engine.objects.put(file, added);
            return added.acquired;
        }
    }

    /**
     * The config under a name no other log object of the engine has: appenders of one name may
     * write different files (sifted appenders do), and the second is then {@code name-2}.
     */
    private static LogObjectConfig uniqueName(final Engine<?> engine, final LogObjectConfig config) {
        String name = config.name();
        for (int n = 2; engine.log.object(name) != null; n++) {
            name = config.name() + "-" + n;
        }
        return name.equals(config.name()) ? config : config.withName(name);
    }

    private void takeOver(final Shared<R> open, final Path file, final String user, final LogObjectConfig config,
                          final Consumer<String> warn) {
        if (open.users > 0 && !sharedFiles) {
            throw new IllegalArgumentException("file " + file + " is already written by appender \"" + open.owner + "\"");
        }
        if (open.removal != null) {
            open.removal.cancel(false);
            open.removal = null;
        }
        final String changed = open.acquired.object().config().settingsChangedBy(config);
        if (!changed.isEmpty()) {
            // Where files are shared, several appenders may hold it and it stays open while any
            // does; otherwise it is taken from the one that stopped, and closed when its last
            // appender stops and the grace period ends.
            warn.accept(sharedFiles
                ? "takes over the open file " + file + ": its " + rendererKind + " applies at once, but " + changed
                    + " stay as they were until no appender uses the file"
                : "takes over the open file " + file + " from appender \"" + open.owner + "\": its " + rendererKind
                    + " applies at once, but " + changed + " stay as they were until the file is closed");
        }
        open.owner = user;
        open.users++;
    }

    /** Empties the file; a file that does not exist or cannot be opened is left to the engine to report. */
    private static void truncate(final Path file) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(0);
        } catch (final IOException e) {
            // No file yet, or it cannot be opened: the engine reports that when it writes.
        }
    }

    /** How many users hold {@code object} now (0 when it is not this table's); a footer is written by the last. */
    public int users(final K key, final LogObject object) {
        synchronized (lock) {
            final Engine<R> engine = engines.get(key);
            final Shared<R> shared = engine == null ? null : find(engine, object);
            return shared == null ? 0 : shared.users;
        }
    }

    /**
     * A user gives its log object back. The last user's object is removed (writing what it holds)
     * at once without a grace period; with one, what it holds is written now and the object stays
     * open for the grace period, then is removed unless taken over. The engine stops with its
     * last object or holder.
     */
    public void release(final K key, final LogObject object) {
        final Log log;
        final Removal now;
        synchronized (lock) {
            final Engine<R> engine = engines.get(key);
            final Shared<R> shared = engine == null ? null : find(engine, object);
            if (shared == null || shared.users == 0 || --shared.users > 0) {
                return;
            }
            log = engine.log;
            now = grace.isZero() ? detachIfUnused(key, object) : null;
        }
        if (grace.isZero()) {
            now.run();
            return;
        }
        log.flush(object);
        synchronized (lock) {
            final Engine<R> engine = engines.get(key);
            final Shared<R> shared = engine == null ? null : find(engine, object);
            if (shared != null && shared.users == 0 && shared.removal == null) {
                shared.removal = timer().schedule(() -> removeIfUnused(key, object), grace.toNanos(),
                    TimeUnit.NANOSECONDS);
            }
        }
    }

    private void removeIfUnused(final K key, final LogObject object) {
        final Removal removal;
        synchronized (lock) {
            removal = detachIfUnused(key, object);
        }
        if (removal != null) {
            removal.run();
        }
    }

    /** Takes the object out of the table if no one uses it; the caller runs the removal. Holds {@link #lock}. */
    private Removal detachIfUnused(final K key, final LogObject object) {
        final Engine<R> engine = engines.get(key);
        final Shared<R> shared = engine == null ? null : find(engine, object);
        if (shared == null || shared.users > 0) {
            return null;
        }
        engine.objects.remove(fileOf(object.config()));
        final boolean last = engine.unused();
        if (last) {
            engines.remove(key);
        }
        return new Removal(engine.log, object, last);
    }

    /** The key's engine (started if it has none), kept running until {@link #releaseEngine}, for a user without a log object. */
    public Log retainEngine(final K key) {
        synchronized (lock) {
            final Engine<R> engine = engine(key);
            engine.holders++;
            return engine.log;
        }
    }

    /** Gives back what {@link #retainEngine} took; the engine's last user stops it. */
    public void releaseEngine(final K key) {
        final Log stop;
        synchronized (lock) {
            final Engine<R> engine = engines.get(key);
            if (engine == null || engine.holders == 0) {
                return;
            }
            engine.holders--;
            if (!engine.unused()) {
                return;
            }
            engines.remove(key);
            stop = engine.log;
        }
        stop.stop();
    }

    /** The key's engine while it has log objects or holders, else null. */
    public Log engineOf(final K key) {
        synchronized (lock) {
            final Engine<R> engine = engines.get(key);
            return engine == null ? null : engine.log;
        }
    }

    /** The context stops: every object of the key is removed (and written) now, in grace or not, and the engine stopped. */
    public void close(final K key) {
        final Engine<R> engine;
        final List<LogObject> objects = new ArrayList<>();
        synchronized (lock) {
            engine = engines.remove(key);
            if (engine == null) {
                return;
            }
            for (final Shared<R> shared : engine.objects.values()) {
                if (shared.removal != null) {
                    shared.removal.cancel(false);
                }
                objects.add(shared.acquired.object());
            }
        }
        for (final LogObject o : objects) {
            engine.log.removeObject(o);
        }
        engine.log.stop();
    }

    /** The key's engine, started if it has none. Holds {@link #lock}. */
    private Engine<R> engine(final K key) {
        Engine<R> engine = engines.get(key);
        if (engine == null) {
            engine = new Engine<>(Log.start(LogConfig.builder()
                .engineName(enginePrefix + "-" + (++started))
                .shutdownHook(shutdownHook)
                .errorListener(errors.apply(key))
                .build()));
            engines.put(key, engine);
        }
        return engine;
    }

    private static <R extends RendererSwitch.Renderer> Shared<R> find(final Engine<R> engine, final LogObject object) {
        final Shared<R> shared = engine.objects.get(fileOf(object.config()));
        return shared != null && shared.acquired.object() == object ? shared : null;
    }

    /** The identity of an object's file: two spellings of one path are one file. */
    private static Path fileOf(final LogObjectConfig config) {
        return config.file().toAbsolutePath().normalize();
    }

    /** Holds {@link #lock}. */
    private ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread t = new Thread(r, "spool-" + enginePrefix + "-release");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    /** The rules of one framework; by default those of Log4j2: files shared, no grace period, no shutdown hook. */
    public static final class Builder<K, R extends RendererSwitch.Renderer> {
        private final String enginePrefix;
        private boolean shutdownHook;
        private Function<K, ErrorListener> errors = key -> ErrorListener.STDERR;
        private Duration grace = Duration.ZERO;
        private boolean sharedFiles = true;
        private String rendererKind = "layout";

        private Builder(final String enginePrefix) {
            this.enginePrefix = Objects.requireNonNull(enginePrefix, "enginePrefix");
        }

        /** Whether the engines install their own JVM shutdown hook (when the framework's may be off). */
        public Builder<K, R> shutdownHook(final boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        /** Where an engine's diagnostics go, made from the key it runs for. */
        public Builder<K, R> errors(final Function<K, ErrorListener> errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        /**
         * How long an object its last user released stays open for stragglers and a takeover;
         * {@link Duration#ZERO} removes it at once.
         */
        public Builder<K, R> grace(final Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace=" + grace + " is negative");
            }
            this.grace = grace;
            return this;
        }

        /**
         * Whether a user may acquire a file another live user writes (both then write into the one
         * object), or is refused with "file X is already written by appender "Y"".
         */
        public Builder<K, R> sharedFiles(final boolean sharedFiles) {
            this.sharedFiles = sharedFiles;
            return this;
        }

        /** What the framework calls the renderer a takeover applies at once ("layout", "encoder"), for the warning. */
        public Builder<K, R> rendererKind(final String rendererKind) {
            this.rendererKind = Objects.requireNonNull(rendererKind, "rendererKind");
            return this;
        }

        public SharedLogObjects<K, R> build() {
            return new SharedLogObjects<>(this);
        }
    }
}
