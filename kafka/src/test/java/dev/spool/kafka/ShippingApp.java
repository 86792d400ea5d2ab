package dev.spool.kafka;

import dev.spool.engine.Log;
import dev.spool.engine.event.MutableLogEvent;
import dev.spool.engine.object.LogConfig;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * An application that logs through a Kafka log object until it is killed: four threads, each
 * logging {@code "t<n> <i>"} for i = 0, 1, 2, ... (about 4,000 events a second in all).
 * Arguments: bootstrap servers, topic, spool directory.
 */
public final class ShippingApp {
    private ShippingApp() {
    }

    public static void main(final String[] args) {
        final KafkaLogObject kafka = KafkaLogObject.builder("app", Path.of(args[2])).bootstrapServers(args[0])
            .topic(args[1]).host("test-host").format("%<thread> %<msg>").bufferSize(16 * 1024).segmentBytes(64 * 1024)
            .build();
        final Log log = Log.start(LogConfig.builder().shutdownHook(false).jmx(false).object(kafka.config()).build());
        for (int t = 0; t < 4; t++) {
            final String name = "t" + t;
            new Thread(() -> {
                final MutableLogEvent e = new MutableLogEvent();
                for (int i = 0; ; i++) {
                    log.access(e.clear().threadName(name).timestampNanos(System.currentTimeMillis() * 1_000_000L)
                        .message(Integer.toString(i)));
                    LockSupport.parkNanos(1_000_000L);
                }
            }, name).start();
        }
    }
}
