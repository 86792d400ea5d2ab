package dev.spool.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The exception of the exception mix ({@code layout=patternEx}): what a request handler's failure
 * looks like in a service's log. An {@link IllegalStateException} about 20 frames deep, through
 * the JDK's collections, {@link Optional} and a stream pipeline (so its frames name many classes,
 * as a real trace does, not one class over and over), caused by the {@link NumberFormatException}
 * of {@link Integer#parseInt}.
 *
 * <p>Each thread makes one and logs it again and again ({@link Arguments#failure()}), so that the
 * benchmarks measure what logging a throwable costs (its trace walked and written), not its
 * construction. The frames below {@link #create()} are cut off, so the trace is the same whether
 * a JMH worker or the latency harness's thread asks for it.
 */
final class SampleFailure {
    private SampleFailure() {
    }

    /** A new sample exception, with its cause. */
    static IllegalStateException create() {
        try {
            final List<String> requests = new ArrayList<>(List.of("order 7300001: 2 x 73O0002"));
            Collections.unmodifiableList(requests).forEach(SampleFailure::dispatch);
        } catch (final IllegalStateException e) {
            cutBelowCreate(e);
            cutBelowCreate(e.getCause());
            return e;
        }
        throw new AssertionError("the sample request did not fail");
    }

    private static void dispatch(final String request) {
        new TreeMap<String, List<Integer>>().computeIfAbsent(request, SampleFailure::handle);
    }

    private static List<Integer> handle(final String request) {
        return Optional.of(request).map(r -> r.substring(r.indexOf(':') + 1)).map(SampleFailure::lines).orElseThrow();
    }

    private static List<Integer> lines(final String order) {
        return Stream.of(order.split(" x ")).map(String::trim).filter(f -> !f.isEmpty())
            .map(SampleFailure::quantityOrArticle).collect(Collectors.toList());
    }

    private static Integer quantityOrArticle(final String field) {
        try {
            return Integer.parseInt(field);
        } catch (final NumberFormatException e) {
            throw new IllegalStateException("Order line '" + field + "' names no article", e);
        }
    }

    /** Drops the frames of whoever called {@link #create()}. */
    private static void cutBelowCreate(final Throwable t) {
        final StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().equals(SampleFailure.class.getName()) && frames[i].getMethodName().equals("create")) {
                t.setStackTrace(Arrays.copyOf(frames, i + 1));
                return;
            }
        }
    }
}
