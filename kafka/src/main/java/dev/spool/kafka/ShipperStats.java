package dev.spool.kafka;

/** A Kafka log object's {@link KafkaShipperMXBean}: zeros until the engine has made its spool. */
final class ShipperStats implements KafkaShipperMXBean {
    private volatile Shipper shipper;
    private volatile SpoolSegments spool;

    void started(final Shipper s, final SpoolSegments segments) {
        spool = segments;
        shipper = s;
    }

    Shipper shipper() {
        return shipper;
    }

    @Override
    public long getSpoolBytes() {
        final SpoolSegments s = spool;
        return s == null ? 0 : s.bytes();
    }

    @Override
    public long getBuffersWaiting() {
        final Shipper s = shipper;
        return s == null ? 0 : s.buffersWaiting();
    }

    @Override
    public long getAcknowledgedSequence() {
        final Shipper s = shipper;
        return s == null ? 0 : s.acknowledged().sequence();
    }

    @Override
    public long getBuffersShipped() {
        final Shipper s = shipper;
        return s == null ? 0 : s.buffersSent.get();
    }

    @Override
    public long getBytesShipped() {
        final Shipper s = shipper;
        return s == null ? 0 : s.bytesSent.get();
    }

    @Override
    public long getSendErrors() {
        final Shipper s = shipper;
        return s == null ? 0 : s.sendErrors.get();
    }

    @Override
    public long getBuffersTooLarge() {
        final Shipper s = shipper;
        return s == null ? 0 : s.tooLarge.get();
    }

    @Override
    public long getEventsTooLarge() {
        final Shipper s = shipper;
        return s == null ? 0 : s.eventsTooLarge.get();
    }

    @Override
    public long getSkippedBytes() {
        final Shipper s = shipper;
        return s == null ? 0 : s.skippedBytes.get();
    }
}
