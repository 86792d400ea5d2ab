package dev.spool.log4j2;

import dev.spool.engine.cli.FrameworkLayout;
import dev.spool.engine.cli.StoredEvent;
import dev.spool.engine.format.StoredThrowable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.StringMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Log4j2's PatternLayout for {@code spool-cat --layout log4j2:PATTERN}: each record of a binary
 * log becomes a Log4j2 event, its throwable rebuilt from the stored tree (the same text, classes
 * and frames; printed as the original would have been), and is laid out by a PatternLayout of the
 * pattern. Found by spool-cat through {@link java.util.ServiceLoader}.
 */
public final class Log4j2Layouts implements FrameworkLayout {
    @Override
    public String framework() {
        return "log4j2";
    }

    @Override
    public Renderer compile(final String pattern) {
        final PatternLayout layout = PatternLayout.newBuilder().setPattern(pattern)
            .setConfiguration(new DefaultConfiguration()).build();
        return e -> layout.toSerializable(event(e));
    }

    static Log4jLogEvent event(final StoredEvent e) {
        final MutableInstant instant = new MutableInstant();
        instant.initFromEpochSecond(Math.floorDiv(e.timestampNanos(), 1_000_000_000L),
            (int) Math.floorMod(e.timestampNanos(), 1_000_000_000L));
        final StringMap context = ContextDataFactory.createContextData();
        for (final Map.Entry<String, String> c : e.context().entrySet()) {
            context.putValue(c.getKey(), c.getValue());
        }
        final StoredThrowable t = e.throwable();
        return Log4jLogEvent.newBuilder().setLoggerName(e.loggerName()).setLevel(Level.toLevel(e.level(), Level.INFO))
            .setThreadName(e.threadName()).setInstant(instant).setContextData(context)
            .setMarker(e.marker() == null ? null : MarkerManager.getMarker(e.marker()))
            .setMessage(new SimpleMessage(e.message() == null ? "" : e.message()))
            .setThrown(t == null ? null : new Rebuilt(t, new StackTraceElement[0], new ArrayList<>())).build();
    }

    /**
     * A throwable rebuilt from its stored tree: {@code toString()} gives the original's text, the
     * trace is the stored frames followed by the frames it shared with the one enclosing it.
     */
    static final class Rebuilt extends Throwable {
        private static final long serialVersionUID = 1L;
        private final String text;

        Rebuilt(final StoredThrowable t, final StackTraceElement[] enclosing, final List<Rebuilt> built) {
            super(t.message()); // the cause left unset, for initCause
            this.text = t.text();
            built.add(this);
            final List<StackTraceElement> trace = new ArrayList<>();
            for (final String frame : t.frames()) {
                trace.add(frame(frame));
            }
            final int shared = Math.min(t.commonFrames(), enclosing.length);
            trace.addAll(Arrays.asList(enclosing).subList(enclosing.length - shared, enclosing.length));
            setStackTrace(trace.toArray(new StackTraceElement[0]));
            final StackTraceElement[] mine = getStackTrace();
            for (final StoredThrowable s : t.suppressed()) {
                final Throwable x = s.circular() ? earlier(s, built) : new Rebuilt(s, mine, built);
                if (x != null && x != this) {
                    addSuppressed(x);
                }
            }
            if (t.cause() != null) {
                final Throwable cause = t.cause().circular() ? earlier(t.cause(), built)
                    : new Rebuilt(t.cause(), mine, built);
                if (cause != null && cause != this) {
                    initCause(cause);
                }
            }
        }

        /** A throwable met again: the one built earlier with its text. */
        private static Rebuilt earlier(final StoredThrowable t, final List<Rebuilt> built) {
            for (final Rebuilt r : built) {
                if (r.text.equals(t.text())) {
                    return r;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * The frame a {@code StackTraceElement.toString()} text stands for, such that its
     * {@code toString()} gives the text back: {@code [loader/][module[@version]/]class.method(where)}.
     */
    static StackTraceElement frame(final String text) {
        final int open = text.indexOf('(');
        if (open < 0 || !text.endsWith(")")) {
            return new StackTraceElement(text, "", null, -1);
        }
        final String head = text.substring(0, open);
        final String where = text.substring(open + 1, text.length() - 1);
        final int dot = head.lastIndexOf('.');
        final String method = dot < 0 ? "" : head.substring(dot + 1);
        final String[] parts = (dot < 0 ? head : head.substring(0, dot)).split("/", -1);
        final String className = parts[parts.length - 1];
        final String loader = parts.length == 3 ? parts[0] : null;
        final String moduleAndVersion = parts.length == 3 ? parts[1] : parts.length == 2 ? parts[0] : null;
        String module = moduleAndVersion == null || moduleAndVersion.isEmpty() ? null : moduleAndVersion;
        String version = null;
        if (module != null && module.indexOf('@') > 0) {
            version = module.substring(module.indexOf('@') + 1);
            module = module.substring(0, module.indexOf('@'));
        }
        String file = null;
        int line = -1;
        if (where.equals("Native Method")) {
            line = -2;
        } else if (!where.equals("Unknown Source")) {
            final int colon = where.lastIndexOf(':');
            if (colon > 0 && where.substring(colon + 1).matches("\\d+")) {
                file = where.substring(0, colon);
                line = Integer.parseInt(where.substring(colon + 1));
            } else {
                file = where;
            }
        }
        return new StackTraceElement(loader, module, version, className, method, file, line);
    }
}
