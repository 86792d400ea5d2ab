package dev.spool.engine.file.rolling;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.testing.ChildJvm;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine in a JVM without its optional codec libraries: it loads and rolls into .gz files, and a
 * pattern that asks for an absent library is refused with the Maven coordinates to add.
 */
class CompressionWithoutItsLibraryTest {
    private static final int EVENTS = 50;

    @TempDir
    Path dir;

    /** The child JVM: prints what each pattern's parse says, then logs into .gz rolled files in {@code args[0]}. */
    public static void main(final String[] args) throws Exception {
        for (final String pattern : List.of("app.%i.log.bz2", "app.%i.log.xz", "app.%i.log.zst", "app.%i.log.gz")) {
            try {
                System.out.println(pattern + ": " + FileNamePattern.parse(pattern).compression());
            } catch (final IllegalArgumentException e) {
                System.out.println(e.getMessage());
            }
        }
        System.out.println("BZIP2.unavailableReason(): " + Compression.BZIP2.unavailableReason());
        final Path dir = Path.of(args[0]);
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("app").file(dir.resolve("app.log")).format("%<msg>").bufferSize(4096)
                .rolling(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000)
                    .fileNamePattern(dir.resolve("app-%i.log.gz").toString()).compressionLevel(9))
                .build())
            .build());
        for (int i = 0; i < EVENTS; i++) {
            log.access(TestLogs.event("INFO", line(i))); // 94 bytes: 11 fill 1000
        }
        log.stop();
    }

    private static String line(final int i) {
        return String.format("%03d%s", i, "x".repeat(90));
    }

    @Test
    void withoutTheLibrariesAPatternThatNeedsOneIsRefusedNamingItAndGzipStillRolls() throws Exception {
        final Process child = ChildJvm.start(List.of(),
            ChildJvm.classPathWithout("commons-compress-", "xz-", "zstd-jni-"), CompressionWithoutItsLibraryTest.class,
            dir.toString());
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exited");
        assertEquals(0, child.exitValue(), output);
        assertEquals("fileNamePattern \"app.%i.log.bz2\": .bz2 compression needs org.apache.commons:commons-compress"
                + " on the class path\n"
                + "fileNamePattern \"app.%i.log.xz\": .xz compression needs org.tukaani:xz on the class path\n"
                + "fileNamePattern \"app.%i.log.zst\": .zst compression needs com.github.luben:zstd-jni on the class"
                + " path\n"
                + "app.%i.log.gz: GZIP\n"
                + "BZIP2.unavailableReason(): .bz2 compression needs org.apache.commons:commons-compress on the class"
                + " path\n",
            output);
        final List<String> all = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            all.addAll(TestFiles.read(dir.resolve("app-" + i + ".log.gz")));
        }
        all.addAll(TestFiles.read(dir.resolve("app.log")));
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            expected.add(line(i));
        }
        assertEquals(expected, all);
    }
}
