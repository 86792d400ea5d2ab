package dev.spool.engine.buffer;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Runs Lincheck's model checker over {@link LogBufferModel}. It runs in a JVM of its own (see the
 * engine's POM): Lincheck instruments classes as they load, and a LogBuffer class loaded earlier
 * by another test would run uninstrumented, so no interleaving inside it would ever be explored.
 */
class LogBufferLincheckTest {
    @Test
    void checkoutCheckinAndSealAreLinearizableAndHandOnOnce() {
        // No operations before the parallel part: they would fill the buffer before the threads
        // start, and every concurrent append would meet a sealed buffer.
        new ModelCheckingOptions()
            .iterations(30).invocationsPerIteration(500).threads(3).actorsPerThread(2).actorsBefore(0).actorsAfter(1)
            .check(LogBufferModel.class);
    }
}
