package dev.spool.jcstress;

import dev.spool.engine.buffer.LogBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A writer (checkout, checkin) races with a seal: exactly one of them hands the buffer on, never
 * both, never neither (invariant 3). Results: 1 handed on, 0 did not, -1 the writer found the
 * buffer sealed and wrote nothing.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the writer was inside at the seal and hands it on")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the writer left before the seal, which hands it on")
@Outcome(id = "-1, 1", expect = Expect.ACCEPTABLE, desc = "sealed before the writer came; the seal hands it on")
@Outcome(expect = Expect.FORBIDDEN, desc = "handed on twice, or never")
@State
public class SealedBufferIsHandedOnOnce {
    private final LogBuffer buffer = Buffers.open(2);

    @Actor
    public void writer(final II_Result r) {
        r.r1 = Buffers.writeOnce(buffer);
    }

    @Actor
    public void sealer(final II_Result r) {
        r.r2 = buffer.seal() ? 1 : 0;
    }
}
