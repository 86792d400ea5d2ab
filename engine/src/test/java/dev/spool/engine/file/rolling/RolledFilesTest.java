package dev.spool.engine.file.rolling;

import dev.spool.engine.testing.TestFiles;
import dev.spool.engine.testing.TestLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolledFilesTest {
    @TempDir
    Path dir;

    @Test
    void aPlacementPlacesEveryPendingHandOverOfItsRunInRollOrder() throws Exception {
        final RollingConfig config = RollingConfig.builder().mode(RollMode.SIZE).maxSize(10)
            .fileNamePattern(dir.resolve("app-%i.log").toString()).build();
        final RolledFiles rolled = new RolledFiles(dir.resolve("app.log"), config, (m, c) -> { });
        // Two rolls handed over; the job of the first failed (say, the directory was being read
        // while it changed), so both are pending when the second job runs.
        Files.writeString(rolled.handOverName(0, 1000, 0), "first\n");
        Files.writeString(rolled.handOverName(0, 1000, 1), "second\n");
        rolled.placePending();
        assertEquals(List.of("first"), TestFiles.lines(dir.resolve("app-1.log")));
        assertEquals(List.of("second"), TestFiles.lines(dir.resolve("app-2.log")));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".rolling.")));
        }
    }

    /** Writes {@code text} to {@code name} and compresses it as {@code kind}, as an earlier roll did. */
    private void rolledEarlier(final String name, final String text, final Compression kind) throws Exception {
        Files.writeString(dir.resolve(name), text);
        Compressor.compress(dir.resolve(name), dir.resolve(name + kind.suffix()), kind, Compression.DEFAULT_LEVEL);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"DEFLATE", "BZIP2", "XZ", "ZSTD"})
    void rolledFilesOfEachFormatCountForTheNextIndexAndForPruning(final Compression kind) throws Exception {
        final String s = kind.suffix();
        final RollingConfig config = RollingConfig.builder().mode(RollMode.SIZE).maxSize(10).maxCount(2)
            .fileNamePattern(dir.resolve("app-%i.log" + s).toString()).build();
        rolledEarlier("app-1.log", "one\n", kind);
        rolledEarlier("app-2.log", "two\n", kind);
        final RolledFiles rolled = new RolledFiles(dir.resolve("app.log"), config, (m, c) -> { });
        Files.writeString(rolled.handOverName(0, 1000, 0), "three\n");
        rolled.placePending();
        assertEquals(new TreeSet<>(Set.of("app-2.log" + s, "app-3.log" + s)), TestFiles.names(dir), "app-1 pruned");
        assertEquals(List.of("two"), TestFiles.read(dir.resolve("app-2.log" + s)));
        assertEquals(List.of("three"), TestFiles.read(dir.resolve("app-3.log" + s)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"DEFLATE", "BZIP2", "XZ", "ZSTD"})
    void atStartACompressionACrashCutShortIsDoneAgainAndStrayTmpFilesGo(final Compression kind) throws Exception {
        final String s = kind.suffix();
        final RollingConfig config = RollingConfig.builder().mode(RollMode.SIZE).maxSize(10)
            .fileNamePattern(dir.resolve("app-%i.log" + s).toString()).build();
        Files.writeString(dir.resolve("app-1.log"), "one\n");
        Files.write(dir.resolve("app-1.log" + s + ".tmp"), new byte[] {1, 2, 3}); // cut short
        Files.write(dir.resolve("app-2.log" + s + ".tmp"), new byte[] {1, 2, 3}); // its plain file is gone
        new RolledFiles(dir.resolve("app.log"), config, (m, c) -> { }).recover();
        assertEquals(new TreeSet<>(Set.of("app-1.log" + s)), TestFiles.names(dir));
        assertEquals(List.of("one"), TestFiles.read(dir.resolve("app-1.log" + s)));
    }

    @Test
    void rolledFilesAreWrittenAtTheConfiguredLevel() throws Exception {
        final String log = TestLines.sampleLog(300_000);
        final Path direct = dir.resolve("direct.log");
        Files.writeString(direct, log);
        Compressor.compress(direct, dir.resolve("direct.log.bz2"), Compression.BZIP2, 1);
        final RollingConfig config = RollingConfig.builder().mode(RollMode.SIZE).maxSize(10).compressionLevel(1)
            .fileNamePattern(dir.resolve("app-%i.log.bz2").toString()).build();
        final RolledFiles rolled = new RolledFiles(dir.resolve("app.log"), config, (m, c) -> { });
        Files.writeString(rolled.handOverName(0, 1000, 0), log);
        rolled.placePending();
        assertEquals(Files.size(dir.resolve("direct.log.bz2")), Files.size(dir.resolve("app-1.log.bz2")),
            "100 kB blocks, not the default 900 kB");
    }

    @Test
    void listingSkipsFilesThatVanishWhileItReads() throws Exception {
        for (int i = 0; i < 50; i++) {
            Files.writeString(dir.resolve("f" + i), "x");
        }
        final Thread remover = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                dir.resolve("f" + i).toFile().delete();
            }
        });
        remover.start();
        final List<Path> files = RolledFiles.files(dir, 1); // must not throw, whatever it sees
        remover.join();
        assertTrue(files.size() <= 50);
    }
}
