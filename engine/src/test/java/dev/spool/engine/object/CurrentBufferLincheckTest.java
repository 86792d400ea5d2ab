package dev.spool.engine.object;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Runs Lincheck's model checker over {@link CurrentBufferModel}: the swap token, sealing, the
 * ABA rule, dedicated buffers, flush and close, interleaved. It runs in a JVM of its own (see the
 * engine's POM), for the reason given in {@code LogBufferLincheckTest}.
 */
class CurrentBufferLincheckTest {
    @Test
    void buffersAreHandedOnOnceInSequenceAndEveryEventIsWrittenOnceOrCounted() {
        new ModelCheckingOptions()
            .iterations(30).invocationsPerIteration(300).threads(3).actorsPerThread(3).actorsBefore(0).actorsAfter(1)
            .check(CurrentBufferModel.class);
    }
}
