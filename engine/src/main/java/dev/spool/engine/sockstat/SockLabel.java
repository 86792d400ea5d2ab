package dev.spool.engine.sockstat;

import java.util.concurrent.atomic.LongAdder;

/**
 * One purpose the application sends and receives bytes for ("api", "db", "metrics"), with its
 * running totals. Any number of threads may count at once: the counters are striped adders, with
 * no lock and, once warm, no allocation. Made by {@link SockStats#label}.
 */
public final class SockLabel {
    private final String name;
    private final int number;
    private final LongAdder tx = new LongAdder();
    private final LongAdder rx = new LongAdder();

    SockLabel(final String name, final int number) {
        this.name = name;
        this.number = number;
    }

    /** The label's name, the key of its deltas in sockstat events. */
    public String name() {
        return name;
    }

    /** The label's stable number, the key with {@code labelKeys=number}. */
    public int number() {
        return number;
    }

    /** Counts {@code bytes} sent. */
    public void sent(final long bytes) {
        if (bytes > 0) {
            tx.add(bytes);
        }
    }

    /** Counts {@code bytes} received. */
    public void received(final long bytes) {
        if (bytes > 0) {
            rx.add(bytes);
        }
    }

    /** Bytes sent so far. */
    public long tx() {
        return tx.sum();
    }

    /** Bytes received so far. */
    public long rx() {
        return rx.sum();
    }

    @Override
    public String toString() {
        return name + "#" + number + "[tx=" + tx() + ", rx=" + rx() + "]";
    }
}
