package dev.spool.engine;

import dev.spool.engine.event.ContextLogEvent;
import dev.spool.engine.event.MessageSyntax;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test event whose message is a template and arguments, as the adapters' events give them, and
 * which counts how often its formatted text was asked for.
 */
public final class ParameterizedEvent extends ContextLogEvent {
    /** Calls of {@link #message()}. */
    public final AtomicInteger formatted = new AtomicInteger();
    private long timestampNanos = TestLogs.T0;
    private String level = "INFO";
    private String logger = "app";
    private String thread = "main";
    private String template;
    private Object[] arguments;
    private MessageSyntax syntax = MessageSyntax.SLF4J;
    private String text;

    /** The message: its syntax, the text its framework formats, the template and the arguments. */
    public ParameterizedEvent message(final MessageSyntax syntax, final String text, final String template,
                                      final Object... arguments) {
        this.syntax = syntax;
        this.text = text;
        this.template = template;
        this.arguments = arguments;
        return this;
    }

    public ParameterizedEvent at(final long nanos, final String level, final String logger, final String thread) {
        this.timestampNanos = nanos;
        this.level = level;
        this.logger = logger;
        this.thread = thread;
        context.clear();
        return this;
    }

    public ParameterizedEvent context(final String key, final String value) {
        context.put(key, value);
        return this;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public String level() {
        return level;
    }

    @Override
    public String loggerName() {
        return logger;
    }

    @Override
    public String threadName() {
        return thread;
    }

    @Override
    public CharSequence message() {
        formatted.incrementAndGet();
        return text;
    }

    @Override
    public String messageTemplate() {
        return template;
    }

    @Override
    public Object[] messageArguments() {
        return arguments;
    }

    @Override
    public MessageSyntax messageSyntax() {
        return syntax;
    }

    @Override
    public String marker() {
        return null;
    }

    @Override
    public Throwable throwable() {
        return null;
    }
}
