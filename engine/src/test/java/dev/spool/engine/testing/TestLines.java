package dev.spool.engine.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lines as test data: fixed-size numbered lines, a sample application log, lines compared without
 * their order, and lines compared with a failure short enough to read (differential tests log
 * 100 KB messages).
 */
public final class TestLines {
    private TestLines() {
    }

    /** Line {@code i} of 100 bytes with the line break: four digits and 95 dashes. */
    public static String line100(final int i) {
        return String.format("%04d", i) + "-".repeat(95);
    }

    /**
     * About {@code bytes} bytes (whole lines, UTF-8) of an application's log, the same at every call:
     * timestamps, levels, threads, loggers and messages with numbers in them, so compressible as
     * logs are, and differently at different levels.
     */
    public static String sampleLog(final int bytes) {
        final String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
        final String[] loggers = {"shop.orders.OrderService", "shop.http.RequestLog", "org.hibernate.SQL",
            "shop.payments.PaymentGateway", "com.zaxxer.hikari.pool.HikariPool"};
        final Random random = new Random(42);
        final StringBuilder b = new StringBuilder(bytes + 200);
        long millis = 1_795_000_000_000L;
        while (b.length() < bytes) {
            millis += random.nextInt(50);
            b.append(Instant.ofEpochMilli(millis)).append(' ').append(levels[random.nextInt(levels.length)])
                .append(" [worker-").append(random.nextInt(32)).append("] ")
                .append(loggers[random.nextInt(loggers.length)]).append(" - ");
            switch (random.nextInt(3)) {
                case 0:
                    b.append("GET /api/orders/").append(random.nextInt(1_000_000)).append(" 200 in ")
                        .append(random.nextInt(400)).append(" ms");
                    break;
                case 1:
                    b.append("order ").append(Long.toHexString(random.nextLong())).append(" placed by customer ")
                        .append(random.nextInt(100_000)).append(", ").append(1 + random.nextInt(9)).append(" items");
                    break;
                default:
                    b.append("pool stats (total=10, active=").append(random.nextInt(11)).append(", idle=")
                        .append(random.nextInt(11)).append(')');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A sorted copy, for comparing the lines of several threads whatever their interleaving. */
    public static List<String> sorted(final List<String> lines) {
        final List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }

    /**
     * Equal lists, or a failure that shows the first pair of lines that differ, cut to the stretch
     * around their first differing character (wherever it is in a 100 KB line).
     */
    public static void assertSameLines(final String what, final List<String> expected, final List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            final String e = expected.get(i);
            final String a = actual.get(i);
            if (!e.equals(a)) {
                final int at = firstDifference(e, a);
                assertEquals(around(e, at), around(a, at), what + ": line " + i + ", from character " + at);
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": line count");
    }

    /**
     * The lines of each of {@code threads} threads (those containing {@code mark.apply(t)}) the same
     * in both lists and in the same order: what a differential test of several threads asserts.
     */
    public static void assertSameLinesOfEachThread(final List<String> expected, final List<String> actual,
                                                   final int threads, final IntFunction<String> mark) {
        for (int t = 0; t < threads; t++) {
            final String m = mark.apply(t);
            assertSameLines("thread " + t + "'s lines in its order", expected.stream().filter(l -> l.contains(m)).toList(),
                actual.stream().filter(l -> l.contains(m)).toList());
        }
    }

    /** Runs {@code body.apply(t)} on each of {@code threads} new threads, all at once, and waits for them. */
    public static void runOnThreads(final int threads, final IntFunction<Runnable> body) throws InterruptedException {
        final Thread[] running = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            running[t] = new Thread(body.apply(t));
            running[t].start();
        }
        for (final Thread t : running) {
            t.join();
        }
    }

    private static int firstDifference(final String a, final String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** The stretch of the line from 100 characters before {@code at} to 200 after it. */
    private static String around(final String line, final int at) {
        final int from = Math.max(0, at - 100);
        final int to = Math.min(line.length(), at + 200);
        return (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
    }

    /**
     * The same lines in both, and for each marker (a thread's name, say) the lines with it in the
     * same order: threads interleave differently from run to run and appender to appender.
     */
    public static void assertSameLines(final List<String> stock, final List<String> spool, final List<String> markers) {
        final List<String> onlyStock = new ArrayList<>(stock);
        spool.forEach(onlyStock::remove);
        final List<String> onlySpool = new ArrayList<>(spool);
        stock.forEach(onlySpool::remove);
        assertTrue(sorted(stock).equals(sorted(spool)), "the same lines; only stock: "
            + onlyStock.subList(0, Math.min(5, onlyStock.size())) + ", only Spool: "
            + onlySpool.subList(0, Math.min(5, onlySpool.size())));
        for (final String m : markers) {
            assertTrue(stock.stream().filter(l -> l.contains(m)).toList()
                .equals(spool.stream().filter(l -> l.contains(m)).toList()), m + ": the same lines in order");
        }
    }

    /** Runs {@code caller} on a thread of its own and says whether it finished within 30 seconds. */
    public static boolean finishesWithin30s(final Runnable caller) throws InterruptedException {
        final Thread t = new Thread(caller, "caller");
        t.start();
        t.join(30_000);
        return !t.isAlive();
    }

    /** Runs {@code body(id)} on {@code n} threads named {@code prefix + id} at once, and waits for them all. */
    public static void onThreads(final String prefix, final int n, final IntConsumer body) throws InterruptedException {
        final Thread[] threads = new Thread[n];
        for (int t = 0; t < n; t++) {
            final int id = t;
            threads[t] = new Thread(() -> body.accept(id), prefix + t);
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
    }
}
