package dev.spool.engine.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lines as test data: fixed-size numbered lines, lines compared without their order, and lines
 * compared with a failure short enough to read (differential tests log 100 KB messages).
 */
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

    /** Equal lists, or a failure that shows the first pair of lines that differ, shortened. */
    public static void assertSameLines(final String what, final List<String> expected, final List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                assertEquals(cut(expected.get(i)), cut(actual.get(i)), what + ": line " + i);
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": line count");
    }

    private static String cut(final String line) {
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
