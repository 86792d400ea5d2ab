/**
 * The machinery every framework adapter needs, written once: a
 * {@link dev.spool.engine.adapter.SharedLogObjects} keeps one engine per framework context and
 * shares log objects by file across reconfigurations; a
 * {@link dev.spool.engine.adapter.RendererSwitch} renders each record with the layout or encoder
 * that captured it; {@link dev.spool.engine.adapter.AdapterSettings} parses Spool's settings as
 * configuration files write them. It never imports a framework: what differs between frameworks
 * is a setting.
 */
package dev.spool.engine.adapter;
