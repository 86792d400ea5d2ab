package dev.spool.engine;

import dev.spool.engine.object.LogObject;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * An engine's MXBeans in the platform MBean server: {@code dev.spool:type=Engine,name=E} for the
 * engine's {@link Stats}, and {@code dev.spool:type=LogObject,engine=E,name="N"} for each log
 * object's stats. An engine name already taken (two engines of one name in a JVM) gets a suffix
 * ({@code -2}, {@code -3}...). Failures are reported, never thrown: JMX is an aid, not a reason
 * for an engine not to log.
 */
final class Jmx {
    private final Log log;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<Object, ObjectName> registered = new ConcurrentHashMap<>();
    private String engine;

    Jmx(final Log log) {
        this.log = log;
    }

    /** Publishes the engine's stats under its name, or the first free suffixed one. */
    synchronized void registerEngine(final Stats stats) {
        String name = log.config().engineName();
        for (int attempt = 1; ; attempt++) {
            try {
                final ObjectName on = new ObjectName("dev.spool:type=Engine,name=" + name);
                server.registerMBean(stats, on);
                registered.put(stats, on);
                engine = name;
                return;
            } catch (final InstanceAlreadyExistsException e) {
                name = log.config().engineName() + "-" + (attempt + 1);
            } catch (final JMException e) {
                log.error("cannot publish the engine's stats in JMX", e);
                return;
            }
        }
    }

    /** Publishes a log object's stats (once the engine's are). */
    synchronized void register(final LogObject o) {
        if (engine == null) {
            return;
        }
        try {
            final ObjectName on = new ObjectName("dev.spool:type=LogObject,engine=" + engine
                + ",name=" + ObjectName.quote(o.name()));
            server.registerMBean(o.stats(), on);
            registered.put(o, on);
        } catch (final JMException e) {
            log.error("cannot publish the stats of log object \"" + o.name() + "\" in JMX", e);
        }
    }

    /** Takes a log object's stats out. */
    void unregister(final LogObject o) {
        final ObjectName on = registered.remove(o);
        if (on != null) {
            unregister(on);
        }
    }

    /** Takes everything out. */
    void unregisterAll() {
        for (final ObjectName on : registered.values()) {
            unregister(on);
        }
        registered.clear();
    }

    private void unregister(final ObjectName on) {
        try {
            server.unregisterMBean(on);
        } catch (final JMException e) {
            // Already gone.
        }
    }
}
