/**
 * sockstat, after Tailscale's: labelled byte counters, sockets, channels and factories that count
 * into them, per-interface counters from the OS, and the emitter that logs each poll period's
 * deltas per label as one compact JSON event.
 */
package dev.spool.engine.sockstat;
