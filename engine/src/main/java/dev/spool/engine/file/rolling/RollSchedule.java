package dev.spool.engine.file.rolling;

/**
 * Where time periods begin, for rolling that follows a schedule of its own (a cron expression)
 * rather than the units of the pattern's {@code %d}. A period runs from one boundary to the next;
 * the rolled file is named by its period's start, as with {@code %d} periods. Its
 * {@code toString} says what it is: configurations are told apart by it.
 */
public interface RollSchedule {
    /** The last boundary at or before {@code millis}: the start of the period that holds it. */
    long periodStart(long millis);

    /** The first boundary after {@code millis}: the end of the period that holds it. */
    long nextBoundary(long millis);
}
