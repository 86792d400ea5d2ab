package dev.spool.jcstress;

import dev.spool.engine.buffer.LogBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A writer whose entry does not fit races with a seal (a swap, a flush or a close): both try to
 * seal the buffer, and exactly the one that sealed it hands it on, never both, never neither
 * (invariant 3). Results: 1 handed on, 0 did not.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the writer's checkout sealed it and hands it on")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the seal came first and hands it on")
@Outcome(expect = Expect.FORBIDDEN, desc = "handed on twice, or never")
@State
public class SealedBufferIsHandedOnOnce {
    private final LogBuffer buffer = Buffers.open(1);

    public SealedBufferIsHandedOnOnce() {
        buffer.checkout(Buffers.ENTRY); // full: a writer inside, who has nothing to do with the hand-off
    }

    @Actor
    public void writer(final II_Result r) {
        final int code = buffer.checkout(Buffers.ENTRY);
        r.r1 = code == LogBuffer.SEALED_HAND_OFF ? 1 : code == LogBuffer.SEALED ? 0 : 2;
    }

    @Actor
    public void sealer(final II_Result r) {
        r.r2 = buffer.seal() ? 1 : 0;
    }
}
