package dev.spool.jcstress;

import dev.spool.engine.buffer.LogBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * One writer is already inside when the race starts. Actor 1 is a second writer; actor 2 seals
 * and then lets the first writer out. Only the last writer out of the sealed buffer hands it on:
 * exactly one hand-off in all (invariant 3). Results count hand-offs; -1: the second writer found
 * the buffer sealed.
 */
@JCStressTest
@Outcome(id = {"-1, 1", "0, 1"}, expect = Expect.ACCEPTABLE, desc = "the first writer was the last out")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the second writer was the last out")
@Outcome(expect = Expect.FORBIDDEN, desc = "handed on twice, or never")
@State
public class LastWriterOutHandsOn {
    private final LogBuffer buffer = Buffers.open(3);

    public LastWriterOutHandsOn() {
        buffer.checkout(Buffers.ENTRY); // the writer already inside
    }

    @Actor
    public void secondWriter(final II_Result r) {
        r.r1 = Buffers.writeOnce(buffer);
    }

    @Actor
    public void sealerThenFirstWriterLeaves(final II_Result r) {
        int handOffs = buffer.seal() ? 1 : 0;
        handOffs += buffer.checkin() ? 1 : 0;
        r.r2 = handOffs;
    }
}
