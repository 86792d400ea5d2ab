package dev.spool.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReportTest {
    private static String[] line(final String text) {
        return text.split(" ");
    }

    /** Setups run more than once get their lowest, median and highest p50 and p99.9; single runs are left to the raw table. */
    @Test
    void latencyAcrossRunsShowsLowestMedianAndHighest() {
        final List<String[]> latency = List.of(
            line("log4j2-spool 1 100000 311 1055 3263 35839 675257 0"),
            line("log4j2-spool 1 100000 343 895 12367 17919 111817 0"),
            line("log4j2-spool 1 100000 335 1087 2623 19455 152077 0"),
            line("log4j2-spool 2 100000 400 1000 5000 9000 10000 0"),
            line("noop 1 100000 30 60 151 300 900 0"),
            line("noop 1 100000 31 61 351 301 901 0"));
        assertEquals("""
            ### Across runs (lowest / median / highest, ns)

            | setup | threads | runs | p50 | p99.9 |
            |---|---:|---:|---|---|
            | log4j2-spool | 1 | 3 | 311 / 335 / 343 | 2,623 / 3,263 / 12,367 |
            | noop | 1 | 2 | 30 / 30 / 31 | 151 / 251 / 351 |

            """, Report.latencySpread(latency));
    }
}
