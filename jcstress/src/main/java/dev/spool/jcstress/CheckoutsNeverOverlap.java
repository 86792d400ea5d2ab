package dev.spool.jcstress;

import dev.spool.engine.buffer.LogBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two writers race for a buffer with room for two entries: they get the two segments, in either
 * order, never the same one (invariant 1). (jcstress runs two actors on a 2-core machine; with
 * more it would not run at all.)
 */
@JCStressTest
@Outcome(id = {"56, 88", "88, 56"}, expect = Expect.ACCEPTABLE, desc = "disjoint segments")
@Outcome(expect = Expect.FORBIDDEN, desc = "overlapping or lost segments")
@State
public class CheckoutsNeverOverlap {
    private final LogBuffer buffer = Buffers.open(2);

    @Actor
    public void writer1(final II_Result r) {
        r.r1 = buffer.checkout(Buffers.ENTRY);
    }

    @Actor
    public void writer2(final II_Result r) {
        r.r2 = buffer.checkout(Buffers.ENTRY);
    }
}
