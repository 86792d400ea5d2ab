/**
 * The binary schema of a record entry: a {@link dev.spool.engine.record.RecordWriter} marshals an
 * event's fields on the caller's thread, a {@link dev.spool.engine.record.RecordView} reads them
 * back without copying on the preproc thread or in spool-cat. Each field is a 4-byte length
 * ({@code -1} for null) followed by its bytes.
 */
package dev.spool.engine.record;
