package dev.spool.engine.adapter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RendererSwitchTest {
    private final RendererSwitch<LabelRenderer> renderers = new RendererSwitch<>("Test", LabelRenderer.SLOTS);

    @Test
    void eachRecordIsRenderedByTheRendererWhoseNumberItCarries() {
        final int a = renderers.register(new LabelRenderer("A"));
        final int b = renderers.register(new LabelRenderer("B"));
        assertEquals(1, a);
        assertEquals(2, b);
        assertEquals("B one\n", LabelRenderer.render(renderers, b, "one"));
        assertEquals("A two\n", LabelRenderer.render(renderers, a, "two"));
        assertEquals("B three\n", LabelRenderer.render(renderers, b, "three"));
    }

    @Test
    void aRetiredRendererStillRendersUntil32OthersHaveRetiredAfterIt() {
        final int old = renderers.register(new LabelRenderer("old"));
        renderers.retire(old);
        for (int i = 0; i < RendererSwitch.RETAINED - 1; i++) {
            renderers.retire(renderers.register(new LabelRenderer("r" + i)));
        }
        assertEquals("old kept\n", LabelRenderer.render(renderers, old, "kept"));
        final int live = renderers.register(new LabelRenderer("live"));
        assertEquals("live x\n", LabelRenderer.render(renderers, live, "x"));
        renderers.retire(renderers.register(new LabelRenderer("one more")));
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> LabelRenderer.render(renderers, old, "lost"));
        assertEquals("the layout of this event (number 1) was let go after 32 reconfigurations while its events were"
            + " still buffered", e.getMessage());
        assertEquals("live y\n", LabelRenderer.render(renderers, live, "y"));
    }

    @Test
    void aRecordWithTooFewFieldsIsRefusedNamingTheFramework() {
        final RendererSwitch<LabelRenderer> two = new RendererSwitch<>("Test", 2);
        final int id = two.register(new LabelRenderer("A"));
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> LabelRenderer.render(two, id, "only one field"));
        assertEquals("bad Test record: record ends before field 1", e.getMessage());
    }

    @Test
    void everyRendererOfASwitchGetsTheSwitchsTwoStringCaches() {
        final LabelRenderer a = new LabelRenderer("A");
        final LabelRenderer b = new LabelRenderer("B");
        final int ia = renderers.register(a);
        final int ib = renderers.register(b);
        LabelRenderer.render(renderers, ia, "x");
        LabelRenderer.render(renderers, ib, "y");
        assertSame(a.names, b.names);
        assertSame(a.values, b.values);
        assertNotSame(a.names, a.values);
    }
}
