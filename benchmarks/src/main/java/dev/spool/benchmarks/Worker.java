package dev.spool.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One benchmark thread: a thread name like a service's worker, the event's argument values, the
 * count of events it logged, and the JMH secondary result {@code lost}.
 *
 * <p>{@code lost} is what the trial's loss check found (events logged but not in the file). JMH
 * reads it after every iteration, and the check runs in the trial's teardown, which JMH runs
 * before reading the last iteration's counters; so it reads 0 until the last iteration, only the
 * first worker reports it (JMH sums counters over threads), and the summary line's total over
 * the iterations is the trial's loss.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Worker {
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    final Arguments args = new Arguments();
    long logged;
    private boolean reporter;
    private boolean reported;

    @Setup(Level.Trial)
    public void register() {
        final int n = NUMBERS.incrementAndGet();
        Thread.currentThread().setName("worker-" + n);
        reporter = n == 1;
        EventLedger.INSTANCE.register(this);
    }

    /** The trial's lost events, reported once by the first worker; 0 otherwise. */
    public long lost() {
        final long lost = EventLedger.INSTANCE.lost();
        if (!reporter || reported || lost < 0) {
            return 0;
        }
        reported = true;
        return lost;
    }
}
