package dev.spool.engine.object;

import dev.spool.engine.event.ErrorListener;
import dev.spool.engine.format.FieldRegistry;
import dev.spool.engine.format.LogFilter;
import dev.spool.engine.format.LogFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * A log object and the parts of it only the engine handles: its current-buffer protocol (which
 * the engine's threads tick, flush, close and recycle into) and its loss ledger (which the preproc
 * thread reports from). The engine assembles these; users and adapters see the {@link LogObject}.
 */
public record ObjectParts(LogObject object, CurrentBuffer buffers, LossLedger losses) {
    /** Builds a log object from a configuration already validated by {@link LogConfig}. */
    public static ObjectParts assemble(final LogObjectConfig config, final FieldRegistry fields,
                                       final ErrorListener errors) {
        final LogFormat format = LogFormat.compile(config.format(), fields);
        final List<LogFilter> accept = new ArrayList<>();
        final List<LogFilter> reject = new ArrayList<>();
        final byte[][][] wipes = new byte[format.stored().size()][][];
        for (final LogFilter f : config.filters()) {
            final LogFilter bound = f.bind(fields);
            switch (bound.action()) {
                case ACCEPT -> accept.add(bound);
                case REJECT -> reject.add(bound);
                default -> wipes[format.slotOf(bound.fieldName(), bound.key(), fields)] = bound.parameterBytes();
            }
        }
        final byte[] descriptor = Descriptor.of(config, format);
        final LogObjectStats stats = new LogObjectStats(config.file().toString());
        final LossLedger losses = new LossLedger(config.name(), config.file().toString(), stats, errors,
            config.waitWarning());
        final CurrentBuffer buffers = new CurrentBuffer(config.whenFull(), config.bufferSize(), config.bufferCount(),
            config.maxDelay(), config.immediateFlush(), descriptor, losses, config.renderer() != null);
        final LogObject object = new LogObject(config, format, accept.toArray(new LogFilter[0]),
            reject.toArray(new LogFilter[0]), wipes, stats, buffers, losses);
        return new ObjectParts(object, buffers, losses);
    }
}
