/**
 * Fields, formats and filters. A {@link dev.spool.engine.format.LogField} captures one value of an
 * event and renders it back as text; a {@link dev.spool.engine.format.LogFormat} is a template in
 * ATS syntax ({@code %<field>}, {@code %<{key}field>}) compiled once into renderers that write
 * bytes; a {@link dev.spool.engine.format.LogFilter} accepts, rejects or wipes by a field's value.
 */
package dev.spool.engine.format;
