package dev.spool.engine.adapter;

import dev.spool.engine.Log;
import dev.spool.engine.TestLogs;
import dev.spool.engine.object.LogConfigException;
import dev.spool.engine.object.LogObject;
import dev.spool.engine.object.LogObjectConfig;
import dev.spool.engine.record.RecordWriter;
import dev.spool.engine.testing.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedLogObjectsTest {
    /** Long enough that a takeover in a test comes within it, short enough to wait for. */
    private static final Duration GRACE = Duration.ofMillis(300);
    private static final AtomicInteger KITS = new AtomicInteger();

    @TempDir
    Path dir;
    private final List<String> errors = TestLogs.errors();
    private final List<String> warnings = new ArrayList<>();
    private final Object key = new Object();
    private final List<SharedLogObjects<Object, LabelRenderer>> kits = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        for (final SharedLogObjects<Object, LabelRenderer> kit : kits) {
            kit.close(key);
        }
        assertEquals(List.of(), errors);
    }

    /** Log4j2's rules: files shared by live users, no grace period. */
    private SharedLogObjects<Object, LabelRenderer> shared() {
        return kit(true, Duration.ZERO);
    }

    /** Logback's rules: a second live user refused, a grace period. */
    private SharedLogObjects<Object, LabelRenderer> exclusive() {
        return kit(false, GRACE);
    }

    private SharedLogObjects<Object, LabelRenderer> kit(final boolean sharedFiles, final Duration grace) {
        final SharedLogObjects<Object, LabelRenderer> kit =
            SharedLogObjects.<Object, LabelRenderer>builder("kit-test-" + KITS.incrementAndGet())
                .errors(k -> (message, cause) -> errors.add(message))
                .sharedFiles(sharedFiles)
                .grace(grace)
                .rendererKind("encoder")
                .build();
        kits.add(kit);
        return kit;
    }

    private LogObjectConfig config(final String name, final String file) {
        return TestLogs.text(name, dir.resolve(file)).build();
    }

    private LogObject acquire(final SharedLogObjects<Object, LabelRenderer> kit, final String user,
                              final LogObjectConfig config) {
        return kit.acquire(key, user, config, false, warnings::add);
    }

    @Test
    void theFirstUserOfAKeyStartsItsEngineAndTheLastReleaseStopsIt() {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        assertNull(kit.engineOf(key));
        final LogObject o = acquire(kit, "a", config("a", "a.log"));
        final Log engine = kit.engineOf(key);
        assertNotNull(engine);
        assertEquals(List.of(o), engine.objects());
        kit.release(key, o);
        assertNull(kit.engineOf(key));
        assertTrue(engine.isStopped());
        assertEquals(List.of(), engine.objects());
    }

    @Test
    void keysAreToldApartByIdentityNotEquality() {
        final SharedLogObjects<String, LabelRenderer> kit = SharedLogObjects.<String, LabelRenderer>builder(
            "kit-test-" + KITS.incrementAndGet()).errors(k -> (message, cause) -> errors.add(message)).build();
        final String one = new String("context");
        final String two = new String("context");
        final LogObject a = kit.acquire(one, "a", config("a", "a.log"), false, warnings::add);
        final LogObject b = kit.acquire(two, "b", config("b", "a.log"), false, warnings::add);
        assertNotSame(kit.engineOf(one), kit.engineOf(two));
        assertNotSame(a, b);
        kit.release(one, a);
        kit.release(two, b);
        assertNull(kit.engineOf(one));
        assertNull(kit.engineOf(two));
    }

    @Test
    void whereFilesAreSharedASecondLiveUserGetsTheSameObjectAndSwitch() {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        final RendererSwitch<LabelRenderer> first = new RendererSwitch<>("Test", LabelRenderer.SLOTS);
        final SharedLogObjects.Acquired<LabelRenderer> a = kit.acquire(key, "a", config("a", "a.log"), first, false,
            warnings::add);
        final SharedLogObjects.Acquired<LabelRenderer> b = kit.acquire(key, "b", config("b", "a.log"),
            new RendererSwitch<>("Test", LabelRenderer.SLOTS), false, warnings::add);
        assertSame(a.object(), b.object());
        assertSame(first, b.renderers());
        assertSame(first, a.object().config().renderer());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aSharedFileStaysOpenUntilItsLastUserReleasesIt() {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        final LogObject a = acquire(kit, "a", config("a", "a.log"));
        final LogObject b = acquire(kit, "b", config("b", "a.log"));
        final Log engine = kit.engineOf(key);
        kit.release(key, a);
        assertEquals(List.of(b), engine.objects());
        assertFalse(engine.isStopped());
        kit.release(key, b);
        assertTrue(engine.isStopped());
    }

    @Test
    void whereFilesAreNotSharedASecondLiveUserIsRefusedNamingTheFirst() {
        final SharedLogObjects<Object, LabelRenderer> kit = exclusive();
        final LogObject a = acquire(kit, "a", config("a", "a.log"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> acquire(kit, "b", config("b", "a.log")));
        assertEquals("file " + dir.resolve("a.log").toAbsolutePath().normalize() + " is already written by appender"
            + " \"a\"", e.getMessage());
        assertEquals(List.of(a), kit.engineOf(key).objects());
    }

    @Test
    void withAGracePeriodAReleasedObjectIsKeptForATakeover() throws Exception {
        final SharedLogObjects<Object, LabelRenderer> kit = exclusive();
        final RendererSwitch<LabelRenderer> first = new RendererSwitch<>("Test", LabelRenderer.SLOTS);
        final SharedLogObjects.Acquired<LabelRenderer> a = kit.acquire(key, "a", config("a", "a.log"), first, false,
            warnings::add);
        final Log engine = kit.engineOf(key);
        kit.release(key, a.object());
        Thread.sleep(GRACE.toMillis() / 3);
        final SharedLogObjects.Acquired<LabelRenderer> b = kit.acquire(key, "b", config("b", "a.log"),
            new RendererSwitch<>("Test", LabelRenderer.SLOTS), false, warnings::add);
        assertSame(a.object(), b.object());
        assertSame(first, b.renderers());
        Thread.sleep(GRACE.toMillis() * 2); // past the grace period the release began: it was cancelled
        assertSame(engine, kit.engineOf(key));
        assertEquals(List.of(a.object()), engine.objects());
        kit.release(key, b.object());
        awaitNoEngine(kit, engine);
        assertTrue(engine.isStopped(), "the taker's release starts a grace period of its own");
    }

    /**
     * Waits (bounded) until the key has no engine and {@code engine} has stopped: the timer takes
     * the engine out of the table first and stops it after, outside the table's lock.
     */
    private void awaitNoEngine(final SharedLogObjects<Object, LabelRenderer> kit, final Log engine)
        throws InterruptedException {
        Conditions.waitFor(() -> kit.engineOf(key) == null && engine.isStopped());
    }

    @Test
    void withAGracePeriodAnObjectNotTakenOverIsRemovedWhenItEnds() throws Exception {
        final SharedLogObjects<Object, LabelRenderer> kit = exclusive();
        final LogObject a = acquire(kit, "a", config("a", "a.log"));
        final Log engine = kit.engineOf(key);
        final long released = System.nanoTime();
        kit.release(key, a);
        assertEquals(List.of(a), engine.objects());
        awaitNoEngine(kit, engine);
        assertTrue(System.nanoTime() - released >= GRACE.toNanos(), "not before the grace period ends");
        assertNull(kit.engineOf(key));
        assertTrue(engine.isStopped());
        assertEquals(List.of(), engine.objects());
    }

    @Test
    void withoutAGracePeriodAReleasedFileIsOpenedAnewByTheNextUser() {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        final LogObject a = acquire(kit, "a", config("a", "a.log"));
        kit.release(key, a);
        final LogObject b = acquire(kit, "b", config("b", "a.log"));
        assertNotSame(a, b);
    }

    @Test
    void appendFalseTruncatesOnlyWhenTheObjectIsOpenedAnew() throws Exception {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        final Path file = dir.resolve("a.log");
        Files.writeString(file, "before\n");
        final LogObject a = kit.acquire(key, "a", config("a", "a.log"), true, warnings::add);
        assertEquals("", Files.readString(file));
        Files.writeString(file, "written under a\n", StandardOpenOption.APPEND);
        final LogObject b = kit.acquire(key, "b", config("b", "a.log"), true, warnings::add);
        assertEquals("written under a\n", Files.readString(file), "a takeover never truncates");
        kit.release(key, a);
        kit.release(key, b);
        kit.release(key, kit.acquire(key, "c", config("c", "a.log"), true, warnings::add));
        assertEquals("", Files.readString(file));
    }

    @Test
    void aTakeoverWarnsOfTheSettingsThatStayWhereFilesAreShared() {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        acquire(kit, "a", config("a", "a.log"));
        acquire(kit, "b", TestLogs.text("b", dir.resolve("a.log")).bufferCount(4).maxDelay(Duration.ofMillis(5)).build());
        assertEquals(List.of("takes over the open file " + dir.resolve("a.log") + ": its encoder applies at once, but"
            + " buffer size and count, maxDelay stay as they were until no appender uses the file"), warnings);
    }

    @Test
    void aTakeoverWarnsOfTheSettingsThatStayAndNamesThePreviousAppenderWhereFilesAreNotShared() {
        final SharedLogObjects<Object, LabelRenderer> kit = exclusive();
        kit.release(key, acquire(kit, "a", config("a", "a.log")));
        acquire(kit, "b", TestLogs.text("b", dir.resolve("a.log")).bufferCount(4).build());
        assertEquals(List.of("takes over the open file " + dir.resolve("a.log") + " from appender \"a\": its encoder"
            + " applies at once, but buffer size and count stay as they were until the file is closed"), warnings);
    }

    @Test
    void holdersKeepTheEngineRunningWithoutObjects() {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        final Log held = kit.retainEngine(key);
        final LogObject a = acquire(kit, "a", config("a", "a.log"));
        assertSame(held, kit.engineOf(key));
        kit.release(key, a);
        assertSame(held, kit.engineOf(key));
        assertFalse(held.isStopped());
        kit.releaseEngine(key);
        assertNull(kit.engineOf(key));
        assertTrue(held.isStopped());
    }

    @Test
    void closingAKeyRemovesItsObjectsInGraceOrNotAndStopsItsEngine() {
        final SharedLogObjects<Object, LabelRenderer> kit = exclusive();
        final LogObject a = acquire(kit, "a", config("a", "a.log"));
        acquire(kit, "b", config("b", "b.log"));
        kit.release(key, a);
        final Log engine = kit.engineOf(key);
        kit.close(key);
        assertNull(kit.engineOf(key));
        assertTrue(engine.isStopped());
        assertEquals(List.of(), engine.objects());
    }

    @Test
    void aFirstObjectWithBadSettingsLeavesNoEngineRunning() {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        final LogConfigException e = assertThrows(LogConfigException.class,
            () -> acquire(kit, "a", TestLogs.text("a", dir.resolve("a.log")).bufferCount(1).build()));
        assertEquals("log object \"a\": bufferCount=1 is out of range: must be between 2 and 65536", e.getMessage());
        assertNull(kit.engineOf(key));
    }

    @Test
    void recordsAreRenderedByTheRendererNumberTheyWereWrittenWith() throws Exception {
        final SharedLogObjects<Object, LabelRenderer> kit = shared();
        final SharedLogObjects.Acquired<LabelRenderer> a = kit.acquire(key, "a", config("a", "a.log"),
            new RendererSwitch<>("Test", LabelRenderer.SLOTS), false, warnings::add);
        final int first = a.renderers().register(new LabelRenderer("A"));
        final int second = a.renderers().register(new LabelRenderer("B"));
        write(a.object(), first, "one");
        write(a.object(), second, "two");
        write(a.object(), first, "three");
        kit.release(key, a.object());
        assertEquals("A one\nB two\nA three\n", Files.readString(dir.resolve("a.log"), StandardCharsets.UTF_8));
    }

    private static void write(final LogObject o, final int renderer, final String message) {
        final RecordWriter w = LabelRenderer.record(message);
        o.accessRecord(renderer, TestLogs.T0, w.array(), 0, w.length());
    }
}
