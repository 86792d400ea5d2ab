package dev.spool.kafka;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The entry point of {@link KafkaBroker}'s child JVMs: runs another class's {@code main} and halts
 * this JVM as soon as the process that started it is gone.
 *
 * <p>{@link KafkaBroker}'s shutdown hook covers a test JVM that exits; this covers one that is
 * killed (kill -9, the OOM killer, an IDE's stop button), which runs no hook and would otherwise
 * leave a broker behind holding its ports and half a gigabyte.
 *
 * <p>Usage: {@code java -Dspool.parent.pid=PID -cp ... dev.spool.kafka.TetheredMain MAIN ARGS...}.
 * The parent is named by pid rather than asked of the operating system, because a parent that
 * died before this JVM got that far has already been replaced by another process.
 */
final class TetheredMain {
    static final String PARENT_PID = "spool.parent.pid";

    private TetheredMain() {
    }

    public static void main(final String[] args) throws Throwable {
        final Optional<ProcessHandle> parent = ProcessHandle.of(Long.getLong(PARENT_PID, -1));
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("TetheredMain: parent process " + System.getProperty(PARENT_PID) + " is gone");
            Runtime.getRuntime().halt(2);
        }
        // halt, not exit: the broker's own shutdown could wait on a client that is gone too.
        parent.get().onExit().thenRun(() -> {
            System.err.println("TetheredMain: parent process exited; halting");
            Runtime.getRuntime().halt(3);
        });
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (final InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
