package dev.spool.jcstress;

import dev.spool.engine.buffer.LogBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two writers race for the last segment: one gets it, the other finds no room and seals the
 * buffer; the segment never goes to both, and the buffer past its end to neither (invariants 1
 * and 2). The winner never checks in; the loser's checkout sealed the buffer, so it hands it on
 * with the winner inside (the consumer waits for the checkin): its code is -2
 * ({@code SEALED_HAND_OFF}), never -1 ({@code SEALED}, which would leave the buffer to nobody).
 */
@JCStressTest
@Outcome(id = {"56, -2", "-2, 56"}, expect = Expect.ACCEPTABLE, desc = "one gets the segment, the other seals")
@Outcome(expect = Expect.FORBIDDEN, desc = "both got it, neither did, or a wrong hand-off code")
@State
public class OneSegmentLeft {
    private final LogBuffer buffer = Buffers.open(1);

    @Actor
    public void writer1(final II_Result r) {
        r.r1 = buffer.checkout(Buffers.ENTRY);
    }

    @Actor
    public void writer2(final II_Result r) {
        r.r2 = buffer.checkout(Buffers.ENTRY);
    }
}
