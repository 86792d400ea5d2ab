/**
 * spool-cat: reads binary logs back. {@link dev.spool.engine.cli.BinaryLogReader} finds and checks
 * every buffer (resynchronising after damage and reporting its byte offset);
 * {@link dev.spool.engine.cli.SpoolCat} renders the entries as text or JSON lines.
 */
package dev.spool.engine.cli;
