package dev.spool.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Logback event rebuilt from a record on the preproc thread, for the user's encoder: what
 * {@code prepareForDeferredProcessing} keeps (formatted message, thread name, MDC, key-value
 * pairs), plus level, logger, time, sequence number, markers and, when the pattern shows it, the
 * caller data, and the caller's throwable proxy kept beside the record. Reused from event to
 * event by one renderer. It has no arguments, which no converter of Logback's reads; a pattern
 * with an application's converter is encoded from the caller's event itself instead.
 */
final class ReplayedEvent implements ILoggingEvent {
    String threadName;
    Level level;
    String message;
    String formattedMessage;
    String loggerName;
    LoggerContextVO context;
    StackTraceElement[] callerData;
    final List<Marker> markers = new ArrayList<>(2);
    boolean hasMarkers;
    /** Insertion order is the order the caller's map iterated in, so %X prints the same. */
    final Map<String, String> mdc = new LinkedHashMap<>();
    private final Map<String, String> mdcView = Collections.unmodifiableMap(mdc);
    final List<KeyValuePair> keyValuePairs = new ArrayList<>(4);
    boolean hasKeyValuePairs;
    long epochSecond;
    int nanos;
    long sequenceNumber;
    /** The caller's event's proxy of its throwable, kept beside the record; made by Logback on the caller. */
    IThrowableProxy throwableProxy;

    void clear() {
        arguments = null;
        callerData = null;
        throwableProxy = null;
        markers.clear();
        hasMarkers = false;
        mdc.clear();
        keyValuePairs.clear();
        hasKeyValuePairs = false;
    }

    @Override
    public String getThreadName() {
        return threadName;
    }

    @Override
    public Level getLevel() {
        return level;
    }

    @Override
    public String getMessage() {
        return message != null ? message : formattedMessage;
    }

    /** The arguments: none for a replayed event (no converter of Logback's reads them); set by sample events. */
    Object[] arguments;

    @Override
    public Object[] getArgumentArray() {
        return arguments;
    }

    @Override
    public String getFormattedMessage() {
        return formattedMessage;
    }

    @Override
    public String getLoggerName() {
        return loggerName;
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return context;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return throwableProxy;
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return callerData;
    }

    @Override
    public boolean hasCallerData() {
        return callerData != null;
    }

    @Override
    public List<Marker> getMarkerList() {
        return hasMarkers ? markers : null;
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return mdc.isEmpty() ? Collections.emptyMap() : mdcView;
    }

    @Override
    @Deprecated
    public Map<String, String> getMdc() {
        return getMDCPropertyMap();
    }

    @Override
    public long getTimeStamp() {
        return epochSecond * 1000L + nanos / 1_000_000;
    }

    @Override
    public int getNanoseconds() {
        return nanos;
    }

    @Override
    public Instant getInstant() {
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    @Override
    public long getSequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return hasKeyValuePairs ? keyValuePairs : null;
    }

    @Override
    public void prepareForDeferredProcessing() {
    }

    @Override
    public String toString() {
        return "[" + level + "] " + formattedMessage;
    }
}
