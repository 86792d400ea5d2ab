package dev.spool.engine.file;

import dev.spool.engine.TestLogs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HousekeeperTest {
    @Test
    void stopRunsEveryJobQueuedBeforeIt() {
        final List<String> errors = TestLogs.errors();
        final Housekeeper h = new Housekeeper("test-housekeeping", (m, c) -> errors.add(m));
        final List<Integer> done = new CopyOnWriteArrayList<>();
        h.submit("slow", () -> {
            Thread.sleep(200);
            done.add(1);
        });
        h.submit("queued behind it", () -> done.add(2));
        h.stop(10_000);
        assertEquals(List.of(1, 2), done, "a rolled file waiting to be placed is placed before stop returns");
        assertEquals(List.of(), errors);
    }

    @Test
    void aFailingJobIsReportedAndTheNextOneStillRuns() {
        final List<String> errors = TestLogs.errors();
        final Housekeeper h = new Housekeeper("test-housekeeping", (m, c) -> errors.add(m + " / " + c));
        final List<Integer> done = new CopyOnWriteArrayList<>();
        h.submit("placing rolled file x", () -> {
            throw new java.io.IOException("disk gone");
        });
        h.submit("next", () -> done.add(1));
        h.stop(10_000);
        assertEquals(List.of(1), done);
        assertEquals(List.of("placing rolled file x failed; it is tried again at the next roll or start"
            + " / java.io.IOException: disk gone"), errors);
    }
}
