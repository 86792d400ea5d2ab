package dev.spool.engine.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A real tmpfs of a given size, for tests of a disk that fills up and gets room again. Mounting
 * needs root: where it is not permitted, the test is skipped with that reason.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mount;

    private SmallDisk(final Path mount) {
        this.mount = mount;
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it: "256k", "2m") at {@code at}. */
    public static SmallDisk mount(final Path at, final String size) throws IOException, InterruptedException {
        Files.createDirectories(at);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString()),
            "skipped: mounting a tmpfs is not permitted here (the test needs root)");
        return new SmallDisk(at);
    }

    public Path path() {
        return mount;
    }

    /** Fills what is left to the last byte with a file, and returns it (delete it to make room). */
    public Path fill() throws IOException {
        final Path filler = mount.resolve("filler");
        try (FileChannel c = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
            final ByteBuffer block = ByteBuffer.allocate(4096);
            while (true) {
                block.clear();
                c.write(block);
            }
        } catch (final IOException full) {
            return filler; // no space left on device
        }
    }

    /** Gives the file system a new size while files on it stay open, as growing a volume does. */
    public void resize(final String size) throws IOException, InterruptedException {
        if (!run("mount", "-o", "remount,size=" + size, mount.toString())) {
            throw new IOException("cannot resize the tmpfs at " + mount + " to " + size);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run("umount", mount.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a command; whether it ended with status 0 within 30 s. */
    public static boolean run(final String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
