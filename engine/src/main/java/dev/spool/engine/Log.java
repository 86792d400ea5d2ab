package dev.spool.engine;

import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.event.LogEvent;
import dev.spool.engine.file.FileContext;
import dev.spool.engine.file.Housekeeper;
import dev.spool.engine.file.LogFileFactory;
import dev.spool.engine.file.SpaceGuard;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.LogObjectManager;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.object.ObjectParts;
import dev.spool.engine.thread.EmitterScheduler;
import dev.spool.engine.thread.FlushThread;
import dev.spool.engine.thread.ObjectLane;
import dev.spool.engine.thread.PreprocThread;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine, and its whole API: {@link #start} it with a {@link LogConfig}, {@link #access} with
 * events, {@link #error} for its own diagnostics, {@link #stop} to flush and close.
 *
 * <p>{@code stop()} guarantees that every event whose {@code access} returned before stop began is
 * on disk when it returns, unless the files cannot be written or {@code stopTimeout} passes; what
 * it could not write is counted and reported. A JVM shutdown hook does the same when the
 * configuration asks for one (the default).
 */
public final class Log {
    private final LogConfig config;
    private final LogObjectManager objects;
    private final Map<LogObject, ObjectLane> lanes = new ConcurrentHashMap<>();
    private final List<PreprocThread> preprocs = new ArrayList<>();
    private final Housekeeper housekeeper;
    private final SpaceGuard space;
    private final FileContext files;
    private final EmitterScheduler emitters;
    private final Stats stats;
    private final Jmx jmx;
    private final ErrorListener listener;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private int attached;
    /**
     * Errors said while the constructor ran, before {@link #stats} existed (by a log object's file
     * factory, or a thread it started), counted into the stats once they exist.
     */
    private final AtomicInteger errorsBeforeStats = new AtomicInteger();
    private Thread shutdownHook;

    private Log(final LogConfig config) {
        this.config = config;
        this.listener = config.errorListener();
        final ErrorListener errors = this::error;
        final String prefix = "spool-" + config.engineName() + "-";
        this.housekeeper = new Housekeeper(prefix + "housekeeping", errors);
        this.space = new SpaceGuard(config.spaceBudgets(), errors);
        this.files = new FileContext(errors, housekeeper, space);
        for (int i = 0; i < config.preprocThreads(); i++) {
            preprocs.add(new PreprocThread(prefix + "preproc-" + i, errors));
        }
        this.emitters = new EmitterScheduler(prefix + "emitters", errors, config.stopTimeout());
        final List<LogObject> list = new ArrayList<>();
        try {
            for (final LogObjectConfig oc : config.objects()) {
                list.add(attach(oc));
            }
        } catch (final RuntimeException | Error e) {
            // A later object's file could not be made (a refused setting, a spool in use): the files
            // made already are closed, so that none keeps what it started (a Kafka object's shipper
            // thread and spool lock) for an engine that never runs.
            for (final ObjectLane lane : lanes.values()) {
                lane.abandonUnstarted();
            }
            throw e;
        }
        this.objects = new LogObjectManager(list);
        this.stats = new Stats(objects);
        for (int i = errorsBeforeStats.getAndSet(0); i > 0; i--) {
            stats.errorReported();
        }
        this.jmx = new Jmx(this);
    }

    /**
     * Starts an engine: its threads, its log objects, its MXBeans and (if configured) its
     * shutdown hook. Files are opened on first write; a file that cannot be opened is reported and
     * retried, it does not stop the start.
     */
    public static Log start(final LogConfig config) {
        final Log log = new Log(config);
        log.startThreads();
        return log;
    }

    private void startThreads() {
        for (final ObjectLane lane : lanes.values()) {
            lane.startWriting();
        }
        for (final PreprocThread p : preprocs) {
            p.start();
        }
        space.start(housekeeper);
        if (config.jmx()) {
            jmx.registerEngine(stats);
            for (final LogObject o : objects.all()) {
                jmx.register(o);
            }
        }
        if (config.shutdownHook()) {
            shutdownHook = new Thread(this::stop, "spool-" + config.engineName() + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Builds a log object and gives it a lane on a preproc thread (round robin) and a flush thread
     * of its own (started by {@link #startThreads}, or at once for an object added later).
     */
    private LogObject attach(final LogObjectConfig oc) {
        final ObjectParts parts = ObjectParts.assemble(oc, config.fields(), this::error);
        final PreprocThread p = preprocs.get(attached++ % preprocs.size());
        final FlushThread flush = new FlushThread("spool-" + config.engineName() + "-flush-" + oc.name(), this::error);
        final LogFileFactory factory = oc.files() != null ? oc.files() : config.files();
        final ObjectLane lane = new ObjectLane(parts, factory.create(oc.fileDescription(), files), p, flush,
            this::error);
        lanes.put(parts.object(), lane);
        return parts.object();
    }

    /**
     * Adds a log object to the running engine; it receives events offered from now on.
     *
     * @throws LogConfigException for bad settings, or a name or file another object has
     * @throws IllegalStateException once the engine is stopped
     */
    public synchronized LogObject addObject(final LogObjectConfig config) {
        if (stopped.get()) {
            throw new IllegalStateException("the engine is stopped");
        }
        LogConfig.check(config, this.config.fields());
        for (final LogObject o : objects.all()) {
            if (o.name().equals(config.name())) {
                throw new LogConfigException("log object \"" + config.name() + "\" is configured twice");
            }
            if (o.config().file().toAbsolutePath().normalize().equals(config.file().toAbsolutePath().normalize())) {
                throw new LogConfigException("log object \"" + config.name() + "\": file " + config.file()
                    + " is already written by another log object");
            }
        }
        final LogObject o = attach(config);
        lanes.get(o).startWriting();
        objects.add(o);
        if (this.config.jmx()) {
            jmx.register(o);
        }
        return o;
    }

    /**
     * Takes a log object out of the running engine: events offered from now on do not reach it,
     * what it holds is written (waiting at most stopTimeout, reporting what it gives up on), and
     * its file is closed. Events sent to it directly afterwards are counted as lost.
     */
    public synchronized void removeObject(final LogObject o) {
        final ObjectLane lane = lanes.get(o);
        if (lane == null || !objects.all().contains(o)) {
            return;
        }
        stats.retire(o, () -> objects.remove(o));
        final long deadline = keepTryingUntilTimeout(List.of(lane));
        lane.close();
        if (!awaitWritten(List.of(lane), deadline, ObjectLane::drained, "removing it")) {
            lane.abandonWaiters();
        }
        lane.detach();
        lanes.remove(o);
        jmx.unregister(o);
    }

    /**
     * Writes everything logged to {@code o} so far and waits for it (up to the stop timeout, then
     * reports the object as stuck); the object stays open. For an adapter whose appender stops
     * while a new one may still take the file over.
     *
     * @return whether everything was written in time
     */
    public boolean flush(final LogObject o) {
        final ObjectLane lane = lanes.get(o);
        if (lane == null) {
            return true; // removed: written (or counted) by the removal
        }
        final long deadline = keepTryingUntilTimeout(List.of(lane));
        final long target = lane.flushTarget();
        return awaitWritten(List.of(lane), deadline, l -> l.writtenUpTo(target), "flushing");
    }

    /**
     * Before a stop, flush or removal seals the lanes' buffers: until the stop timeout from now, a
     * write that fails is kept and tried again rather than counted as lost.
     *
     * @return the deadline, for {@link #awaitWritten}
     */
    private long keepTryingUntilTimeout(final List<ObjectLane> waitFor) {
        final long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        for (final ObjectLane lane : waitFor) {
            lane.retryFailedWritesUntil(deadline);
        }
        return deadline;
    }

    /**
     * Waits, until {@code deadline}, until {@code written} holds for every lane; reports each lane
     * for which it does not.
     *
     * @param what what gave up, for the message ("stop", "flushing", "removing it")
     * @return whether it held for all of them in time
     */
    private boolean awaitWritten(final List<ObjectLane> waitFor, final long deadline, final LanePredicate written,
                                 final String what) {
        boolean all = false;
        while (!all && System.nanoTime() - deadline < 0) {
            all = true;
            for (final ObjectLane lane : waitFor) {
                all &= written.test(lane);
            }
            if (!all) {
                LockSupport.parkNanos(200_000L);
            }
        }
        if (all) {
            return true;
        }
        for (final ObjectLane lane : waitFor) {
            if (!written.test(lane)) {
                final LogObject o = lane.object();
                error("log object \"" + o.name() + "\": " + what + " gave up after " + config.stopTimeout().toMillis()
                    + " ms with buffers not yet written (file " + o.config().file() + " stuck?)");
            }
        }
        return false;
    }

    /** What {@link #awaitWritten} waits for, per lane. */
    @FunctionalInterface
    private interface LanePredicate {
        boolean test(ObjectLane lane);
    }

    /**
     * Registers an emitter and starts polling it every {@link Emitter#period()}. Idempotent: an
     * emitter already registered is left as it is.
     *
     * @return whether it is running (its {@code start} may decline)
     * @throws IllegalStateException once the engine is stopped
     */
    public synchronized boolean addEmitter(final Emitter emitter) {
        if (stopped.get()) {
            throw new IllegalStateException("the engine is stopped");
        }
        if (emitters.contains(emitter)) {
            return true;
        }
        if (!emitter.start(this)) {
            return false;
        }
        emitters.schedule(emitter, emitter.name(), emitter.period(), emitter::poll, emitter::stop);
        return true;
    }

    /**
     * Stops polling the emitter and calls its {@code stop} (on the emitter thread, after any poll
     * under way), waiting for it. Idempotent.
     */
    public void removeEmitter(final Emitter emitter) {
        emitters.cancel(emitter);
    }

    /** Offers the event to every log object; never throws, never keeps a reference to it. */
    public void access(final LogEvent event) {
        objects.access(event);
    }

    /** The log object of that name, or {@code null}; for sending events to one object only. */
    public LogObject object(final String name) {
        return objects.find(name);
    }

    public List<LogObject> objects() {
        return objects.all();
    }

    /**
     * Reopens every log object's file before its next write, for rotation tools that move the file
     * away (a moved or deleted file is also noticed by itself within a quarter second).
     */
    public void reopen() {
        for (final LogObject o : objects.all()) {
            final ObjectLane lane = lanes.get(o);
            if (lane != null) {
                lane.reopen();
            }
        }
    }

    /** Reports one of the engine's own diagnostics to the configured listener. */
    public void error(final String message, final Throwable cause) {
        final Stats s = stats;
        if (s != null) {
            s.errorReported();
        } else {
            errorsBeforeStats.incrementAndGet(); // said while the engine is built: counted once the stats exist
        }
        try {
            listener.onError(message, cause);
        } catch (final RuntimeException e) {
            ErrorListener.STDERR.onError(message, cause);
        }
    }

    public void error(final String message) {
        error(message, null);
    }

    public Stats stats() {
        return stats;
    }

    public LogConfig config() {
        return config;
    }

    public boolean isStopped() {
        return stopped.get();
    }

    /**
     * Flushes and closes. Every event whose {@code access} returned before this call is written
     * when it returns (or counted and reported as lost if its file cannot be written or the stop
     * timeout passes). Later events are counted as lost. Idempotent.
     */
    public synchronized void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        final long startNanos = System.nanoTime();
        // Emitters first: their last poll goes into log objects that are still open.
        emitters.shutdown();
        final List<ObjectLane> all = new ArrayList<>();
        for (final LogObject o : objects.all()) {
            all.add(lanes.get(o));
        }
        final long deadline = keepTryingUntilTimeout(all);
        final long[] writeLossesBefore = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            writeLossesBefore[i] = writeLosses(all.get(i).object());
            all.get(i).close();
        }
        if (!awaitWritten(all, deadline, ObjectLane::drained, "stop")) {
            for (final ObjectLane lane : all) {
                lane.abandonWaiters();
            }
        }
        for (final PreprocThread p : preprocs) {
            p.shutdown(1000);
        }
        housekeeper.stop(Math.max(1000, config.stopTimeout().toMillis() - (System.nanoTime() - startNanos) / 1_000_000));
        for (int i = 0; i < all.size(); i++) {
            final ObjectLane lane = all.get(i);
            lane.detach();
            final long unwritten = writeLosses(lane.object()) - writeLossesBefore[i];
            if (unwritten > 0) {
                error("log object \"" + lane.name() + "\": " + unwritten + " events could not be written to "
                    + lane.object().config().file() + " by the end of the stop and are counted as lost");
            }
            final long unreported = lane.lostNotYetWritten();
            if (unreported > 0) {
                error("log object \"" + lane.name() + "\": " + unreported + " events were lost after its last buffer"
                    + " (see its stats for the causes)");
            }
        }
        jmx.unregisterAll();
        removeShutdownHook();
    }

    /** Events the flush side could not write (the file failing, or its directory over budget). */
    private static long writeLosses(final LogObject o) {
        return o.stats().lost(LossCause.WRITE_FAILED) + o.stats().lost(LossCause.NO_SPACE);
    }

    private void removeShutdownHook() {
        final Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException e) {
                // The JVM is shutting down already; the hook is running or has run.
            }
        }
    }

    /** Events counted as lost for {@code cause}, over every log object the engine has had. */
    public long lost(final LossCause cause) {
        return stats.lost(cause);
    }
}
