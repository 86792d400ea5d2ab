package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.status.Status;
import dev.spool.engine.cli.FrameworkLayout;
import dev.spool.engine.cli.StoredEvent;
import dev.spool.engine.format.StoredThrowable;
import org.slf4j.MarkerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Logback's pattern layout for {@code spool-cat --layout logback:PATTERN}: each record of a binary
 * log becomes a Logback event (its throwable a proxy of the stored tree) and is laid out by a
 * {@link PatternLayout} of the pattern. Found by spool-cat through {@link java.util.ServiceLoader}.
 */
public final class LogbackLayouts implements FrameworkLayout {
    @Override
    public String framework() {
        return "logback";
    }

    @Override
    public Renderer compile(final String pattern) {
        final LoggerContext context = new LoggerContext();
        final PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        final List<String> errors = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() == Status.ERROR).map(Status::getMessage).collect(Collectors.toList());
        if (!layout.isStarted() || !errors.isEmpty()) {
            throw new IllegalArgumentException(errors.isEmpty() ? "the layout did not start" : String.join("; ", errors));
        }
        return e -> layout.doLayout(event(e, context));
    }

    static ReplayedEvent event(final StoredEvent e, final LoggerContext context) {
        final ReplayedEvent event = new ReplayedEvent();
        event.clear();
        event.context = context.getLoggerContextRemoteView();
        event.loggerName = e.loggerName() == null ? "" : e.loggerName();
        event.level = Level.toLevel(e.level(), Level.INFO);
        event.threadName = e.threadName();
        event.epochSecond = Math.floorDiv(e.timestampNanos(), 1_000_000_000L);
        event.nanos = (int) Math.floorMod(e.timestampNanos(), 1_000_000_000L);
        event.formattedMessage = e.message();
        event.mdc.putAll(e.context());
        if (e.marker() != null) {
            event.hasMarkers = true;
            event.markers.add(MarkerFactory.getDetachedMarker(e.marker()));
        }
        final StoredThrowable t = e.throwable();
        event.throwableProxy = t == null ? null : new Proxy(t, new StackTraceElementProxy[0]);
        return event;
    }

    /** A stored throwable as Logback's converters read one. */
    static final class Proxy implements IThrowableProxy {
        private final StoredThrowable t;
        private final StackTraceElementProxy[] frames;

        /** Its trace as Logback keeps one: its own frames, then those it shares with {@code enclosing}'s. */
        Proxy(final StoredThrowable t, final StackTraceElementProxy[] enclosing) {
            this.t = t;
            final int shared = Math.min(t.commonFrames(), enclosing.length);
            this.frames = new StackTraceElementProxy[t.frames().size() + shared];
            for (int i = 0; i < t.frames().size(); i++) {
                frames[i] = new Frame(t.frames().get(i));
            }
            System.arraycopy(enclosing, enclosing.length - shared, frames, t.frames().size(), shared);
        }

        @Override
        public String getMessage() {
            return t.message();
        }

        /** Its first line as the original's proxy gives it: the throwable's own {@code toString()}. */
        @Override
        public String getOverridingMessage() {
            return t.text();
        }

        @Override
        public String getClassName() {
            return t.circular() ? t.text() : t.className();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return frames;
        }

        @Override
        public int getCommonFrames() {
            return t.commonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return t.cause() == null ? null : new Proxy(t.cause(), frames);
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            return t.suppressed().stream().map(s -> new Proxy(s, frames)).toArray(IThrowableProxy[]::new);
        }

        @Override
        public boolean isCyclic() {
            return t.circular();
        }
    }

    /** A frame as its stored text ({@code StackTraceElement.toString()}). */
    static final class Frame extends StackTraceElementProxy {
        private final String text;

        Frame(final String frame) {
            super(new StackTraceElement("?", "?", null, -1));
            this.text = "at " + frame;
        }

        @Override
        public String getSTEAsString() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
