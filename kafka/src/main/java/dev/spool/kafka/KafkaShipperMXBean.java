package dev.spool.kafka;

/**
 * A Kafka log object's shipping, in JMX as {@code dev.spool:type=KafkaShipper,name="N"}: what
 * waits in the spool, how far the broker has acknowledged, and what went wrong.
 */
public interface KafkaShipperMXBean {
    /** Bytes in the spool's segment files (acknowledged segments are deleted). */
    long getSpoolBytes();

    /** Buffers written to the spool and not yet acknowledged by the broker. */
    long getBuffersWaiting();

    /** The spool sequence number of the next buffer the broker has not acknowledged. */
    long getAcknowledgedSequence();

    /** Buffers the broker acknowledged since the object started. */
    long getBuffersShipped();

    /** Bytes of those buffers (of their events' lines, for the shapes of lines). */
    long getBytesShipped();

    /** Failed sends; each one makes the shipper start again from the last acknowledged buffer. */
    long getSendErrors();

    /** Buffers larger than the producer or broker accepts (shape buffers), kept only in the spool. */
    long getBuffersTooLarge();

    /**
     * For the shapes of lines: events whose line is larger than the producer or broker accepts,
     * not shipped (the buffer's other events are), each counted once its buffer is acknowledged.
     */
    long getEventsTooLarge();

    /**
     * Spool bytes not shipped because they are not whole, intact buffers (cut off by a kill, or
     * damaged), or, for the shapes of lines, buffers none of whose events could be rendered.
     */
    long getSkippedBytes();
}
