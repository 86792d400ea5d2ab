package dev.spool.engine.file;

import dev.spool.engine.event.ErrorListener;

/**
 * What a {@link LogFileFactory} gets from the engine besides the log object's settings: where to
 * report, the engine's housekeeping thread for work that must not run on the flush thread, and the
 * space budgets of its log directories.
 */
public record FileContext(ErrorListener errors, Housekeeper housekeeper, SpaceGuard space) {
}
