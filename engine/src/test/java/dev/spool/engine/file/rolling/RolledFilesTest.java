package dev.spool.engine.file.rolling;

import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RolledFiles;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
