package dev.spool.engine;

import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogMode;
import dev.spool.engine.object.LogObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void writesTextLines() throws Exception {
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("a").file(dir.resolve("a.log")).format("%<level> %<msg>").bufferSize(4096).build())
            .object(LogObjectConfig.builder("b").file(dir.resolve("b.blog")).mode(LogMode.BINARY).bufferSize(4096).build())
            .build());
        final MutableLogEvent e = new MutableLogEvent();
        for (int i = 0; i < 1000; i++) {
            log.access(e.clear().timestampNanos(System.currentTimeMillis() * 1_000_000L).level("INFO").message("m" + i));
        }
        log.stop();
        final List<String> lines = Files.readAllLines(dir.resolve("a.log"));
        assertEquals(1000, lines.size());
        assertEquals("INFO m0", lines.get(0));
        assertEquals("INFO m999", lines.get(999));
        System.out.println(Files.size(dir.resolve("b.blog")));
    }
}
