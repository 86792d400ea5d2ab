package dev.spool.engine.file;

import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.file.rolling.RollMode;
import dev.spool.engine.file.rolling.RollingConfig;
import dev.spool.engine.object.LogConfig;
import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.testing.ChildJvm;
import dev.spool.engine.testing.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lockEachWrite} (Logback's prudent mode): each write takes the file's lock, so it waits
 * while another process holds it and lands after that process's write.
 */
class LockEachWriteTest {
    @TempDir
    Path dir;

    /** The child: appends "other\n" to the file while holding its lock for the given milliseconds. */
    public static void main(final String[] args) throws Exception {
        try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
            final FileLock lock = c.lock();
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            c.write(StandardCharsets.UTF_8.encode("other\n"));
            lock.release();
        }
    }

    @Test
    void aWriteWaitsForTheLockAnotherProcessHoldsAndLandsAfterItsWrite() throws Exception {
        final Path file = dir.resolve("shared.log");
        final Process child = ChildJvm.start(List.of(), LockEachWriteTest.class, file.toString(), "3000");
        final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false)
            .object(LogObjectConfig.builder("shared").file(file).format("%<msg>").lockEachWrite(true)
                .immediateFlush(true).build()).build());
        final LogObject o = log.object("shared");
        log.access(new MutableLogEvent().level("INFO").message("ours"));
        Thread.sleep(500);
        assertEquals("", Files.readString(file), "nothing written while the other process holds the lock");
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        Conditions.waitFor(() -> o.stats().getEventsWritten() == 1);
        log.stop();
        assertEquals("other\nours\n", Files.readString(file));
    }

    @Test
    void aFileThatIsRenamedOrCompressedWhenItRollsCannotBeShared() {
        final LogConfigException e = assertThrows(LogConfigException.class, () -> LogConfig.builder()
            .object(LogObjectConfig.builder("shared").file(dir.resolve("a.log")).lockEachWrite(true)
                .rolling(RollingConfig.builder().mode(RollMode.SIZE).maxSize(1000)
                    .fileNamePattern(dir.resolve("a-%i.log").toString())).build()).build());
        assertEquals("log object \"shared\": lockEachWrite: several processes can share a plain file, or one named by a"
            + " pattern that rolls by time only and is not compressed; not a pipe, a ring, a file that is renamed"
            + " when it rolls, or one that is compressed", e.getMessage());
    }
}
