package dev.spool.log4j2;

import dev.spool.engine.testing.ChildJvm;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.spool.engine.testing.TestFiles.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pattern whose compression needs a library the application does not have: the appender still
 * runs, rolls uncompressed files, and says once what is missing.
 */
class CompressionFallbackTest {
    @TempDir
    Path dir;

    /** The child: logs 100 lines of 60 bytes through bz2-without-library.xml and shuts down. */
    public static void main(final String[] args) {
        final Logger log = LogManager.getLogger("child");
        for (int i = 0; i < 100; i++) {
            log.info("line {} {}", String.format("%03d", i), "-".repeat(50));
        }
        LogManager.shutdown();
    }

    @Test
    void withoutTheCodecsLibraryRolledFilesAreLeftUncompressedWithOneWarning() throws Exception {
        final Process child = ChildJvm.start(List.of("-Dlog4j2.configurationFile=classpath:dropin/bz2-without-library.xml",
            "-Dspool.test.dir=" + dir), ChildJvm.classPathWithout("commons-compress-"), CompressionFallbackTest.class);
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("WARN Spool appender \"spool\": filePattern \"" + dir + "/app-%i.log.bz2\": .bz2"
            + " compression needs org.apache.commons:commons-compress on the class path; until it is there, rolled"
            + " files are left uncompressed, as \"" + dir + "/app-%i.log\""), "child printed: [" + out + "]");
        assertEquals(List.of("app-1.log", "app-2.log", "app-3.log", "app.log"), List.copyOf(names(dir)));
    }
}
