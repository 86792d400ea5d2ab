package dev.spool.jcstress;

import dev.spool.engine.buffer.LogBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A writer fills its segment with plain stores and checks in while another thread seals. The
 * thread that hands the buffer on reads the segment: it must see every byte (invariant 4: checkin
 * releases, the hand-off acquires).
 */
@JCStressTest
@Outcome(id = "-2, 0", expect = Expect.ACCEPTABLE, desc = "sealed first: nothing was written, the sealer reads zeros")
@Outcome(id = "1234605616436508552, -1", expect = Expect.ACCEPTABLE, desc = "the writer handed on and read its bytes")
@Outcome(id = "-1, 1234605616436508552", expect = Expect.ACCEPTABLE, desc = "the sealer handed on and saw the bytes")
@Outcome(expect = Expect.FORBIDDEN, desc = "the one that handed on missed bytes written before the checkin,"
    + " or it was handed on twice or never")
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
        r.r1 = buffer.checkin() ? read() : -1;
    }

    @Actor
    public void sealer(final JJ_Result r) {
        r.r2 = buffer.seal() ? read() : -1;
    }

    private long read() {
        return buffer.data().getLong(Buffers.FIRST_PAYLOAD);
    }
}
