package dev.spool.kafka;

/** What one Kafka record of a {@link KafkaLogObject} holds. */
public enum Shape {
    /**
     * One buffer, as the spool holds it (format 2, FORMAT.md): the most compact, read back with
     * {@code spool-cat --kafka}, which renders it as it renders files. The default.
     */
    BUFFERS,
    /**
     * One event: its line in the object's format, without the line end, for consumers that expect
     * text (a stack trace stays in its event's record). Rendered on the shipper's thread.
     */
    LINES,
    /** One event: its JSON object, as {@code spool-cat --json} writes it, for consumers that expect JSON lines. */
    JSON_LINES
}
