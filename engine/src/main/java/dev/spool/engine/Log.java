package dev.spool.engine;

import dev.spool.engine.file.FileContext;
import dev.spool.engine.file.Housekeeper;
import dev.spool.engine.file.LogFile;
import dev.spool.engine.file.SpaceGuard;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.object.LogObjectManager;
import dev.spool.engine.object.LossCause;
import dev.spool.engine.thread.FlushThread;
import dev.spool.engine.thread.PreprocThread;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.spool.engine.event.LogEvent;
import dev.spool.engine.event.ErrorListener;
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
    private final FlushThread flush;
    private final List<PreprocThread> preprocs = new ArrayList<>();
    private final Stats stats;
    private final ErrorListener listener;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<ObjectName> mbeans = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Housekeeper housekeeper;
    private final SpaceGuard space;
    private final FileContext files;
    private final java.util.Map<LogObject, PreprocThread> preprocOf = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Emitter, java.util.concurrent.ScheduledFuture<?>> emitters = new java.util.LinkedHashMap<>();
    private java.util.concurrent.ScheduledThreadPoolExecutor emitterThread;
    private final java.util.Map<LogObject, ObjectName> mbeanOf = new java.util.concurrent.ConcurrentHashMap<>();
    private int attached;
    private String jmxEngine;
    private Thread shutdownHook;

    private Log(final LogConfig config) {
        this.config = config;
        this.listener = config.errorListener();
        final ErrorListener errors = this::error;
        this.housekeeper = new Housekeeper("spool-" + config.engineName() + "-housekeeping", errors);
        this.space = new SpaceGuard(config.spaceBudgets(), errors);
        this.files = new FileContext(errors, housekeeper, space);
        final List<LogObject> list = new ArrayList<>();
        for (final LogObjectConfig oc : config.objects()) {
            final LogFile file = config.files().create(oc.fileDescription(), files);
            list.add(new LogObject(oc, config.fields(), file, errors));
        }
        this.objects = new LogObjectManager(list);
        this.stats = new Stats(objects);
        this.flush = new FlushThread("spool-" + config.engineName() + "-flush", errors);
        for (int i = 0; i < config.preprocThreads(); i++) {
            preprocs.add(new PreprocThread("spool-" + config.engineName() + "-preproc-" + i, flush, errors));
        }
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
        flush.start();
        for (final LogObject o : objects.all()) {
            attach(o);
        }
        for (final PreprocThread p : preprocs) {
            p.start();
        }
        space.start(housekeeper);
        if (config.jmx()) {
            registerMBeans();
        }
        if (config.shutdownHook()) {
            shutdownHook = new Thread(this::stop, "spool-" + config.engineName() + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Gives an object its preproc thread (round robin) and the flush thread. */
    private void attach(final LogObject o) {
        final PreprocThread p = preprocs.get(attached++ % preprocs.size());
        preprocOf.put(o, p);
        o.start(p::submit);
        p.add(o);
        flush.add(o);
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
        final LogObject o = new LogObject(config, this.config.fields(), this.config.files().create(config.fileDescription(), files), this::error);
        attach(o);
        objects.add(o);
        if (this.config.jmx()) {
            registerObjectMBean(o);
        }
        return o;
    }

    /**
     * Takes a log object out of the running engine: events offered from now on do not reach it,
     * what it holds is written (waiting at most stopTimeout, reporting what it gives up on), and
     * its file is closed. Events sent to it directly afterwards are counted as lost.
     */
    public synchronized void removeObject(final LogObject o) {
        if (!objects.all().contains(o)) {
            return;
        }
        objects.remove(o);
        o.close();
        final PreprocThread p = preprocOf.remove(o);
        if (p != null) {
            p.wake();
        }
        final long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        while (!o.drained() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(200_000L);
        }
        if (!o.drained()) {
            error("log object \"" + o.name() + "\": removing it gave up after " + config.stopTimeout().toMillis()
                + " ms with buffers not yet written (file " + o.config().file() + " stuck?)");
            o.abandonWaiters();
        }
        if (p != null) {
            p.remove(o);
        }
        flush.remove(o);
        o.closeFile();
        final ObjectName name = mbeanOf.remove(o);
        if (name != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (final JMException e) {
                // Already gone.
            }
            mbeans.remove(name);
        }
    }

    /**
     * Writes everything logged to {@code o} so far and waits for it (up to the stop timeout, then
     * reports the object as stuck); the object stays open. For an adapter whose appender stops
     * while a new one may still take the file over.
     *
     * @return whether everything was written in time
     */
    public boolean flush(final LogObject o) {
        final long target = o.flushTarget();
        final PreprocThread p = preprocOf.get(o);
        if (p != null) {
            p.wake();
        }
        final long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        while (!o.writtenUpTo(target) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(200_000L);
        }
        if (!o.writtenUpTo(target)) {
            error("log object \"" + o.name() + "\": flushing gave up after " + config.stopTimeout().toMillis()
                + " ms with buffers not yet written (file " + o.config().file() + " stuck?)");
            return false;
        }
        return true;
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
        if (emitters.containsKey(emitter)) {
            return true;
        }
        if (!emitter.start(this)) {
            return false;
        }
        final long periodNanos = Math.max(1_000_000L, emitter.period().toNanos());
        final java.util.concurrent.ScheduledFuture<?> f = emitterThread().scheduleAtFixedRate(() -> {
            try {
                emitter.poll(System.currentTimeMillis());
            } catch (final RuntimeException | LinkageError e) {
                error("emitter \"" + emitter.name() + "\": a poll failed; it goes on being polled", e);
            }
        }, periodNanos, periodNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        emitters.put(emitter, f);
        return true;
    }

    /**
     * Stops polling the emitter and calls its {@code stop} (on the emitter thread, after any poll
     * under way), waiting for it. Idempotent.
     */
    public void removeEmitter(final Emitter emitter) {
        final java.util.concurrent.ScheduledFuture<?> f;
        synchronized (this) {
            f = emitters.remove(emitter);
        }
        if (f != null) {
            stopEmitter(emitter, f);
        }
    }

    private void stopEmitter(final Emitter emitter, final java.util.concurrent.ScheduledFuture<?> f) {
        f.cancel(false);
        try {
            emitterThread().submit(() -> {
                try {
                    emitter.stop();
                } catch (final RuntimeException | LinkageError e) {
                    error("emitter \"" + emitter.name() + "\": stopping failed", e);
                }
            }).get(config.stopTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (final java.util.concurrent.TimeoutException e) {
            error("emitter \"" + emitter.name() + "\": stopping did not finish within " + config.stopTimeout().toMillis()
                + " ms");
        } catch (final java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            error("emitter \"" + emitter.name() + "\": stopping failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized java.util.concurrent.ScheduledThreadPoolExecutor emitterThread() {
        if (emitterThread == null) {
            emitterThread = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                final Thread t = new Thread(r, "spool-" + config.engineName() + "-emitters");
                t.setDaemon(true);
                return t;
            });
            emitterThread.setRemoveOnCancelPolicy(true);
        }
        return emitterThread;
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

    /** Reopens every log object's file before its next write (see {@link LogObject#reopen}). */
    public void reopen() {
        for (final LogObject o : objects.all()) {
            o.reopen();
        }
    }

    /** Reports one of the engine's own diagnostics to the configured listener. */
    public void error(final String message, final Throwable cause) {
        stats.errorReported();
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
        // Emitters first: their last poll goes into log objects that are still open.
        for (final java.util.Map.Entry<Emitter, java.util.concurrent.ScheduledFuture<?>> e : emitters.entrySet()) {
            stopEmitter(e.getKey(), e.getValue());
        }
        emitters.clear();
        if (emitterThread != null) {
            emitterThread.shutdown();
        }
        for (final LogObject o : objects.all()) {
            o.close();
        }
        for (final PreprocThread p : preprocs) {
            p.wake();
        }
        final long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        boolean drained = false;
        while (!drained && System.nanoTime() - deadline < 0) {
            drained = true;
            for (final LogObject o : objects.all()) {
                drained &= o.drained();
            }
            if (!drained) {
                LockSupport.parkNanos(200_000L);
            }
        }
        if (!drained) {
            for (final LogObject o : objects.all()) {
                if (!o.drained()) {
                    error("log object \"" + o.name() + "\": stop gave up after " + config.stopTimeout().toMillis()
                        + " ms with buffers not yet written (file " + o.config().file() + " stuck?)");
                }
                o.abandonWaiters();
            }
        }
        for (final PreprocThread p : preprocs) {
            p.shutdown(1000);
        }
        flush.shutdown(1000);
        final long left = Math.max(1000, (deadline - System.nanoTime()) / 1_000_000);
        housekeeper.stop(left);
        for (final LogObject o : objects.all()) {
            o.closeFile();
            final long unreported = o.lostNotYetReported();
            if (unreported > 0) {
                error("log object \"" + o.name() + "\": " + unreported + " events were lost after its last buffer"
                    + " (see its stats for the causes)");
            }
        }
        unregisterMBeans();
        removeShutdownHook();
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

    private void registerMBeans() {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String engine = config.engineName();
        for (int attempt = 1; ; attempt++) {
            try {
                final ObjectName name = new ObjectName("dev.spool:type=Engine,name=" + engine);
                server.registerMBean(stats, name);
                mbeans.add(name);
                break;
            } catch (final InstanceAlreadyExistsException e) {
                engine = config.engineName() + "-" + (attempt + 1);
            } catch (final JMException e) {
                error("cannot publish the engine's stats in JMX", e);
                return;
            }
        }
        jmxEngine = engine;
        for (final LogObject o : objects.all()) {
            registerObjectMBean(o);
        }
    }

    private void registerObjectMBean(final LogObject o) {
        try {
            final ObjectName name = new ObjectName("dev.spool:type=LogObject,engine=" + jmxEngine
                + ",name=" + ObjectName.quote(o.name()));
            ManagementFactory.getPlatformMBeanServer().registerMBean(o.stats(), name);
            mbeans.add(name);
            mbeanOf.put(o, name);
        } catch (final JMException e) {
            error("cannot publish the stats of log object \"" + o.name() + "\" in JMX", e);
        }
    }

    private void unregisterMBeans() {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (final ObjectName name : mbeans) {
            try {
                server.unregisterMBean(name);
            } catch (final JMException e) {
                // Already gone.
            }
        }
        mbeans.clear();
    }

    /** Events counted as lost for {@code cause}, over every log object. */
    public long lost(final LossCause cause) {
        long n = 0;
        for (final LogObject o : objects.all()) {
            n += o.stats().lost(cause);
        }
        return n;
    }
}
