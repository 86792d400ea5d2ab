package dev.spool.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;

/** A test encoder that fails on messages containing "boom" and writes the others. */
public class ThrowingEncoder extends EncoderBase<ILoggingEvent> {
    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(final ILoggingEvent event) {
        if (event.getFormattedMessage().contains("boom")) {
            throw new IllegalStateException("encoder broke");
        }
        return (event.getFormattedMessage() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
