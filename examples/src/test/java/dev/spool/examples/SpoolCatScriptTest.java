package dev.spool.examples;

import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bin/spool-cat}, the script next to the README, run as a user runs it (it finds the
 * engine jar the build made; this module is built after the engine, so the jar exists).
 */
class SpoolCatScriptTest {
    private static final Path SCRIPT = Path.of("..", "bin", "spool-cat").toAbsolutePath().normalize();
    private static final long T0 = 1_795_320_000_000L; // 2026-11-22T..., epoch ms

    @TempDir
    Path dir;
    Path blog;

    @BeforeEach
    void writeABinaryLog() {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        blog = dir.resolve("orders.blog");
        final Log log = Log.start(LogConfig.builder().engineName("spool-cat-script")
            .object(LogObjectConfig.builder("orders").file(blog).mode(LogMode.BINARY)
                .format("%<epoch_ms> %<level> %<logger> - %<msg>").build())
            .build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < 3; i++) {
            log.access(e.clear().timestampNanos((T0 + i * 1000L) * 1_000_000L).level(i == 2 ? "WARN" : "INFO")
                .loggerName("shop.Orders").threadName("main").message("order " + i + " paid"));
        }
        log.stop();
    }

    private static Result run(final String... args) throws Exception {
        final List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    record Result(int status, String out) {
    }

    @Test
    void helpExplainsEveryOptionWithAnExample() throws Exception {
        final Result r = run("--help");
        assertEquals(0, r.status(), r.out());
        for (final String option : List.of("--format", "--json", "--follow", "--since", "--until", "--level", "--logger",
            "--grep", "--stats", "--help")) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
        assertTrue(r.out().contains("spool-cat --stats logs/"), r.out());
    }

    @Test
    void printsTheEventsAsText() throws Exception {
        final Result r = run(blog.toString());
        assertEquals(0, r.status(), r.out());
        assertEquals(List.of(T0 + " INFO shop.Orders - order 0 paid", (T0 + 1000) + " INFO shop.Orders - order 1 paid",
            (T0 + 2000) + " WARN shop.Orders - order 2 paid"), r.out().lines().toList());
    }

    @Test
    void statsSummarizeTheFile() throws Exception {
        final Result r = run("--stats", blog.toString());
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("  logs:            orders\n"), r.out());
        assertTrue(r.out().contains("  events:          3\n"), r.out());
        assertTrue(r.out().contains("  events lost:     0 "), r.out());
        assertTrue(r.out().contains("  damaged regions: 0\n"), r.out());
    }

    @Test
    void aBadOptionIsExitStatusTwoAndSaysWhich() throws Exception {
        final Result r = run("--bogus", blog.toString());
        assertEquals(2, r.status(), r.out());
        assertTrue(r.out().contains("--bogus"), r.out());
    }
}
