package dev.spool.engine.testing;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks a file of lines {@code t<thread> <n>}: every thread's events 0 to count - 1, once each, in order. */
public final class PerThreadOrder {
    private PerThreadOrder() {
    }

    public static void assertEveryEventOnceInOrder(final Path file, final int threads, final int events) throws IOException {
        final int[] next = new int[threads];
        long lines = 0;
        for (final String line : TestFiles.lines(file)) {
            final int space = line.indexOf(' ');
            final int t = Integer.parseInt(line.substring(1, space));
            assertEquals(next[t], Integer.parseInt(line.substring(space + 1)), "thread t" + t + " in order, once each");
            next[t]++;
            lines++;
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(events, next[t], "events of thread t" + t);
        }
        assertEquals((long) threads * events, lines);
    }
}
