package dev.spool.jcstress;

import dev.spool.engine.buffer.LogBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A writer fills its segment with plain stores and checks in while another thread seals the
 * buffer, which hands it on at once, and then looks at it as the preproc thread does: once
 * {@code committed()} says every segment is checked in, it must see every byte written before
 * the checkin (invariant 4: the checkin's store releases, committed's load acquires); while it
 * says not, the writer is inside and nothing is read.
 */
@JCStressTest
@Outcome(id = "-2, 0", expect = Expect.ACCEPTABLE, desc = "sealed first: nothing was written, nothing is inside")
@Outcome(id = "0, 1234605616436508552", expect = Expect.ACCEPTABLE, desc = "checked in: the consumer saw every byte")
@Outcome(id = "0, -1", expect = Expect.ACCEPTABLE, desc = "the writer was still inside: the consumer waits")
@Outcome(expect = Expect.FORBIDDEN, desc = "committed, but bytes written before the checkin are missing")
@State
public class HandOffSeesTheWrittenBytes {
    /** 0x1122334455667788: eight bytes written one by one. */
    private static final long VALUE = 0x1122334455667788L;

    private final LogBuffer buffer = Buffers.open(2);

    @Actor
    public void writer(final JJ_Result r) {
        final int at = buffer.checkout(Buffers.ENTRY);
        if (at < 0) {
            r.r1 = -2;
            return;
        }
        for (int i = 0; i < 8; i++) {
            buffer.data().put(at + 24 + i, (byte) (VALUE >>> (8 * i)));
        }
        buffer.checkin(at, Buffers.ENTRY);
        r.r1 = 0;
    }

    @Actor
    public void sealerThenConsumer(final JJ_Result r) {
        if (!buffer.seal()) {
            r.r2 = -3; // only this actor seals: cannot happen
            return;
        }
        r.r2 = buffer.committed() ? buffer.data().getLong(Buffers.FIRST_PAYLOAD) : -1;
    }
}
