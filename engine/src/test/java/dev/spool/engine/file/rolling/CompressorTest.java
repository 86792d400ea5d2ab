package dev.spool.engine.file.rolling;

import com.github.luben.zstd.Zstd;
import dev.spool.engine.testing.TestFiles;
import dev.spool.engine.testing.TestLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each compression format, written by {@link Compressor} and read back by its own library or the JDK. */
class CompressorTest {
    /** 300 KB of log lines. */
    private static final byte[] LOG = TestLines.sampleLog(300_000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** Writes the sample log to {@code name} and compresses it to {@code name} + the suffix; the target. */
    private Path compress(final String name, final Compression kind, final int level) throws IOException {
        final Path plain = dir.resolve(name);
        Files.createDirectories(plain.getParent());
        Files.write(plain, LOG);
        final Path target = dir.resolve(name + kind.suffix());
        Compressor.compress(plain, target, kind, level);
        return target;
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void eachFormatReadsBackAsTheSameBytesAndLeavesNeitherThePlainFileNorATmpFile(final Compression kind)
        throws Exception {
        final Path target = compress("app.1.log", kind, Compression.DEFAULT_LEVEL);
        assertEquals(new TreeSet<>(Set.of("app.1.log" + kind.suffix())), TestFiles.names(dir));
        assertTrue(Files.size(target) < LOG.length / 3, kind + " compressed " + Files.size(target) + " bytes");
        assertArrayEquals(LOG, TestFiles.bytes(target));
    }

    @ParameterizedTest
    @CsvSource({"GZIP, 1, 9", "ZIP, 1, 9", "DEFLATE, 1, 9", "BZIP2, 1, 9", "XZ, 0, 6", "ZSTD, 1, 19"})
    void aHigherLevelWritesASmallerFileThatReadsBackTheSame(final Compression kind, final int low, final int high)
        throws Exception {
        // xz's highest preset is not among them: presets 7 to 9 take 184 to 672 MiB of heap.
        final Path fast = compress("fast.log", kind, low);
        final Path small = compress("small.log", kind, high);
        assertTrue(Files.size(small) < Files.size(fast), kind + " level " + high + ": " + Files.size(small)
            + " bytes, level " + low + ": " + Files.size(fast));
        assertArrayEquals(LOG, TestFiles.bytes(fast));
        assertArrayEquals(LOG, TestFiles.bytes(small));
    }

    @ParameterizedTest
    @CsvSource({"GZIP, 6", "ZIP, 6", "DEFLATE, 6", "BZIP2, 9", "XZ, 6", "ZSTD, 3"})
    void theDefaultLevelIsTheFormatsOwnDefault(final Compression kind, final int formatsDefault) throws Exception {
        // The same name in two directories: a zip holds the name.
        assertEquals(Files.size(compress("named/app.log", kind, formatsDefault)),
            Files.size(compress("default/app.log", kind, Compression.DEFAULT_LEVEL)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void anEmptyFileCompressesToOneThatReadsBackEmpty(final Compression kind) throws Exception {
        final Path plain = dir.resolve("empty.log");
        Files.write(plain, new byte[0]);
        final Path target = dir.resolve("empty.log" + kind.suffix());
        Compressor.compress(plain, target, kind, Compression.DEFAULT_LEVEL);
        assertArrayEquals(new byte[0], TestFiles.bytes(target));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void eachFormatIsAvailableWithItsLibraryOnTheClassPath(final Compression kind) {
        assertNull(kind.unavailableReason()); // the engine's tests have its optional dependencies
    }

    @Test
    void zstdsHighestLevelIsTheLibrarys() {
        assertEquals(Zstd.maxCompressionLevel(), Compression.ZSTD.maxLevel());
    }

    @ParameterizedTest
    @CsvSource({
        "app.%i.log.gz, 10, 'compressionLevel=10: .gz compression takes 0 to 9, or -1 for its default'",
        "app.%i.log.zip, -2, 'compressionLevel=-2: .zip compression takes 0 to 9, or -1 for its default'",
        "app.%i.log.deflate, 10, 'compressionLevel=10: .deflate compression takes 0 to 9, or -1 for its default'",
        "app.%i.log.bz2, 0, 'compressionLevel=0: .bz2 compression takes 1 to 9, or -1 for its default'",
        "app.%i.log.bz2, 10, 'compressionLevel=10: .bz2 compression takes 1 to 9, or -1 for its default'",
        "app.%i.log.xz, 10, 'compressionLevel=10: .xz compression takes 0 to 9, or -1 for its default'",
        "app.%i.log.zst, 0, 'compressionLevel=0: .zst compression takes 1 to 22, or -1 for its default'",
        "app.%i.log.zst, 23, 'compressionLevel=23: .zst compression takes 1 to 22, or -1 for its default'",
        "app.%i.log, 5, 'compressionLevel=5 needs a fileNamePattern that compresses (ending in .gz, .zip, .deflate,"
            + " .bz2, .xz, .zst)'",
    })
    void aLevelOutsideTheFormatsRangeIsRefusedNamingTheSettingAndTheRange(final String pattern, final int level,
                                                                           final String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> RollingConfig.builder()
            .mode(RollMode.SIZE).maxSize(1000).fileNamePattern(pattern).compressionLevel(level).build()).getMessage());
    }

    @Test
    void theLevelIsASettingOfTheConfiguration() {
        final RollingConfig config = RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000)
            .fileNamePattern("app.%i.log.xz").compressionLevel(9).build();
        assertEquals(9, config.compressionLevel());
        assertTrue(config.toString().contains(", compressionLevel=9,"), config.toString());
        assertEquals(Compression.DEFAULT_LEVEL, RollingConfig.builder().build().compressionLevel());
    }
}
