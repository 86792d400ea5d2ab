package dev.spool.engine.sockstat;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The delta cases: nothing moved, one label, several labels, a counter that was reset. */
class DeltasTest {
    private static Map<String, long[]> counters(final Object... keyTxRx) {
        final Map<String, long[]> m = new LinkedHashMap<>();
        for (int i = 0; i < keyTxRx.length; i += 3) {
            m.put((String) keyTxRx[i], new long[] {((Number) keyTxRx[i + 1]).longValue(), ((Number) keyTxRx[i + 2]).longValue()});
        }
        return m;
    }

    private static String show(final Map<String, long[]> m) {
        final StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append('=').append(v[0]).append('/').append(v[1]).append(' '));
        return b.toString().trim();
    }

    @Test
    void nothingMovedGivesNoDelta() {
        final Map<String, long[]> a = counters("api", 10, 20, "db", 0, 0);
        assertEquals("", show(Deltas.between(a, counters("api", 10, 20, "db", 0, 0))));
        assertEquals("", show(Deltas.between(Map.of(), counters("idle", 0, 0))));
    }

    @Test
    void oneLabelMoved() {
        assertEquals("api=5/100", show(Deltas.between(counters("api", 10, 20, "db", 3, 4),
            counters("api", 15, 120, "db", 3, 4))));
    }

    @Test
    void severalLabelsMovedInTheOrderOfTheNewSnapshotAndANewLabelCountsFromZero() {
        assertEquals("api=1/0 db=0/7 new=2/3", show(Deltas.between(counters("api", 10, 20, "db", 3, 4),
            counters("api", 11, 20, "db", 3, 11, "new", 2, 3))));
    }

    @Test
    void aCounterThatWentDownRestartsFromZero() {
        // An interface that went away and came back: its counters start again, and the delta is
        // what it counted since, not a wrapped-around unsigned difference.
        assertEquals("if:wlan0=40/7", show(Deltas.between(counters("if:wlan0", 1_000_000, 9_000_000),
            counters("if:wlan0", 40, 7))));
        // Only the side that went down restarts.
        assertEquals("x=3/5", show(Deltas.between(counters("x", 10, 100), counters("x", 3, 105))));
    }

    @Test
    void theEventJsonIsCompactAndHasCOnlyWhenCellular() {
        final Map<String, long[]> moved = counters("api", 1520, 88210, "if:eth0", 2113, 90120);
        assertEquals("{\"t\":1763802902100,\"d\":100,\"s\":{\"api\":[1520,88210],\"if:eth0\":[2113,90120]}}",
            SockStatsEmitter.json(1_763_802_902_100L, 100, false, moved));
        assertEquals("{\"t\":5,\"d\":101,\"c\":1,\"s\":{\"3\":[1,0]}}",
            SockStatsEmitter.json(5, 101, true, counters("3", 1, 0)));
    }
}
