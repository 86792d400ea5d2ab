package dev.spool.engine.cli;

import dev.spool.engine.format.FieldType;
import dev.spool.engine.format.MessageTemplates;
import dev.spool.engine.format.StoredField;
import dev.spool.engine.format.StoredThrowable;
import dev.spool.engine.format.TextOutput;
import dev.spool.engine.record.PairCursor;
import dev.spool.engine.record.RecordView;
import dev.spool.engine.record.StringCache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record of a binary log seen as an event, for a framework's layout ({@link FrameworkLayout}):
 * the standard fields it stores ({@code level}, {@code logger}, {@code thread}, {@code marker},
 * {@code mdc}, {@code msg}, {@code throwable}), each null when the log does not store it. One
 * instance per reader, refilled for each record.
 */
public final class StoredEvent {
    private final int level;
    private final int logger;
    private final int thread;
    private final int marker;
    private final int context;
    private final int message;
    private final int throwable;
    private final FieldType messageType;
    private final StringCache strings = new StringCache(256);
    private final TextOutput scratch = new TextOutput();
    private RecordView view;

    /** For the records of a log that stores {@code stored}. */
    StoredEvent(final List<StoredField> stored) {
        level = slot(stored, "level");
        logger = slot(stored, "logger");
        thread = slot(stored, "thread");
        marker = slot(stored, "marker");
        context = slot(stored, "mdc");
        message = slot(stored, "msg");
        throwable = slot(stored, "throwable");
        messageType = message < 0 ? null : stored.get(message).type();
    }

    /** The slot of the field {@code name} stored without a key, or -1. */
    private static int slot(final List<StoredField> stored, final String name) {
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).name().equals(name) && stored.get(i).key() == null) {
                return i;
            }
        }
        return -1;
    }

    StoredEvent of(final RecordView record) {
        this.view = record;
        return this;
    }

    public long timestampNanos() {
        return view.timestampNanos();
    }

    public String level() {
        return string(level);
    }

    public String loggerName() {
        return string(logger);
    }

    public String threadName() {
        return string(thread);
    }

    public String marker() {
        return string(marker);
    }

    /** The formatted message. */
    public String message() {
        if (message < 0 || view.isNull(message)) {
            return null;
        }
        return messageType == FieldType.MESSAGE ? MessageTemplates.string(view, message, scratch)
            : view.getString(message, strings);
    }

    /** The context (MDC) in the order the event had it; empty when none is stored. */
    public Map<String, String> context() {
        if (context < 0 || view.isNull(context)) {
            return Collections.emptyMap();
        }
        final Map<String, String> m = new LinkedHashMap<>();
        for (final PairCursor c = view.pairs(context); c.next(); ) {
            m.put(c.key(strings), c.value(strings));
        }
        return m;
    }

    /** The throwable's tree, or null. */
    public StoredThrowable throwable() {
        return throwable < 0 ? null : StoredThrowable.read(view, throwable);
    }

    private String string(final int slot) {
        return slot < 0 || view.isNull(slot) ? null : view.getString(slot, strings);
    }
}
