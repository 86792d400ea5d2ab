package dev.spool.engine.thread;

import dev.spool.engine.buffer.BufferOwner;
import dev.spool.engine.buffer.LogBuffer;
import dev.spool.engine.buffer.LogEntryHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preproc thread takes a buffer as soon as it is sealed, but processes it only once every
 * writer inside has checked in; meanwhile it goes on with other buffers, and gives up a buffer
 * whose object has left the engine.
 */
class PreprocThreadTest {
    private static final byte[] DESCRIPTOR = "{}".getBytes(StandardCharsets.UTF_8);
    private static final int ENTRY = 32;

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final PreprocThread thread = new PreprocThread("preproc-test", (message, cause) -> errors.add(message));

    /** Records what it is given, with the entry length it saw at the first entry when processing. */
    static final class Owner implements BufferOwner {
        final String name;
        final LinkedBlockingQueue<Integer> processed = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<LogBuffer> handedOn = new LinkedBlockingQueue<>();
        volatile boolean detached;

        Owner(final String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void preprocess(final LogBuffer buffer) {
            processed.add(buffer.data().getInt(buffer.headerLength() + LogEntryHeader.LENGTH_OFFSET));
        }

        @Override
        public void handOn(final LogBuffer buffer) {
            handedOn.add(buffer);
        }

        @Override
        public void write(final LogBuffer buffer) {
            throw new AssertionError("not the preproc thread's step");
        }

        @Override
        public boolean detached() {
            return detached;
        }
    }

    @AfterEach
    void stop() {
        thread.shutdown(5_000);
    }

    private static LogBuffer open(final Owner owner) {
        final LogBuffer b = new LogBuffer(1024, DESCRIPTOR, false, owner);
        b.activate(0, System.nanoTime());
        return b;
    }

    @Test
    void aBufferHandedOnWithAWriterInsideIsProcessedOnlyAfterItsCheckinWhileOthersGoOn() throws Exception {
        thread.start();
        final Owner slow = new Owner("slow");
        final LogBuffer held = open(slow);
        final int at = held.checkout(ENTRY);
        assertTrue(held.seal(), "sealed with the writer inside, and handed on at once");
        thread.submit(held);

        final Owner other = new Owner("other");
        final LogBuffer ready = open(other);
        ready.checkin(ready.checkout(ENTRY), ENTRY);
        ready.seal();
        thread.submit(ready);
        assertEquals(ENTRY, other.processed.poll(10, TimeUnit.SECONDS), "another object's buffer goes on");
        assertSame(ready, other.handedOn.poll(10, TimeUnit.SECONDS));

        // Several retries of the buffer set aside have passed by now (every 50 us).
        assertNull(slow.processed.poll(200, TimeUnit.MILLISECONDS), "processed before the writer checked in");
        held.checkin(at, ENTRY);
        assertEquals(ENTRY, slow.processed.poll(10, TimeUnit.SECONDS), "processed after the checkin, and saw it");
        assertSame(held, slow.handedOn.poll(10, TimeUnit.SECONDS));
        assertEquals(List.of(), errors);
    }

    @Test
    void aBufferWhoseWriterNeverChecksInIsGivenUpOnceItsObjectIsDetachedAndTheThreadCanStop() throws Exception {
        thread.start();
        final Owner gone = new Owner("gone");
        final LogBuffer held = open(gone);
        held.checkout(ENTRY);
        held.seal();
        thread.submit(held);
        assertNull(gone.processed.poll(100, TimeUnit.MILLISECONDS));
        gone.detached = true;
        assertTrue(thread.shutdown(5_000), "the thread ends once it holds nothing it can still process");
        assertNull(gone.processed.poll(), "never processed: a writer may still be inside");
        assertNull(gone.handedOn.poll(), "never handed on: it may not be reused");
        assertEquals(List.of("preproc-test: buffer 0 of log object \"gone\" still had a caller writing into it"
            + " when the object was removed; it is not written"), errors);
    }
}
