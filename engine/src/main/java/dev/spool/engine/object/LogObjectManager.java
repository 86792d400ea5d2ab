package dev.spool.engine.object;

import dev.spool.engine.event.LogEvent;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The log objects of an engine. Every event is offered to each of them; each one's filters decide
 * whether it keeps it, so one event can land in several files and formats. Objects can be added
 * and removed while the engine runs: the set is a copy-on-write array, so offering an event reads
 * one volatile reference and takes no lock.
 */
public final class LogObjectManager {
    private volatile LogObject[] objects;

    public LogObjectManager(final List<LogObject> objects) {
        this.objects = objects.toArray(new LogObject[0]);
    }

    /** Offers the event to every log object. */
    public void access(final LogEvent event) {
        for (final LogObject o : objects) {
            o.access(event);
        }
    }

    /** The object of that name, or {@code null}. */
    public LogObject find(final String name) {
        for (final LogObject o : objects) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    public List<LogObject> all() {
        return Collections.unmodifiableList(Arrays.asList(objects));
    }

    /** Adds an object; it receives events offered from now on. */
    public synchronized void add(final LogObject object) {
        final LogObject[] next = Arrays.copyOf(objects, objects.length + 1);
        next[objects.length] = object;
        objects = next;
    }

    /** Removes an object; events offered from now on do not reach it. */
    public synchronized void remove(final LogObject object) {
        objects = Arrays.stream(objects).filter(o -> o != object).toArray(LogObject[]::new);
    }
}
