package dev.spool.engine.adapter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why an appender's events are laid out on the caller's thread, said once per reason: the stock
 * asynchronous setups run every layout on their background thread, and Spool aims to do the same
 * on its preproc thread, so each event that cannot is counted
 * ({@code LogObject.accessRenderedOnCaller}) and each reason named once in the framework's status
 * output. Reasons are constant strings, so telling a known one costs no allocation.
 */
public final class CallerRendering {
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    /** Whether {@code reason} is new for this appender (the caller then reports it). */
    public boolean firstTime(final String reason) {
        return !told.contains(reason) && told.add(reason);
    }

    /** The status line for a reason, the same in both adapters. */
    public static String message(final String appender, final String reason) {
        return "Spool appender \"" + appender + "\": events are laid out on the caller's thread: " + reason
            + " (counted in EventsRenderedOnCaller; said once per reason)";
    }
}
