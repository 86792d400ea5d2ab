package dev.spool.engine.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Lines as test data: fixed-size numbered lines, and lines compared without their order. */
public final class TestLines {
    private TestLines() {
    }

    /** Line {@code i} of 100 bytes with the line break: four digits and 95 dashes. */
    public static String line100(final int i) {
        return String.format("%04d", i) + "-".repeat(95);
    }

    /** A sorted copy, for comparing the lines of several threads whatever their interleaving. */
    public static List<String> sorted(final List<String> lines) {
        final List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }
}
