/**
 * A small service that logs through Spool: worker threads handle simulated requests and write an
 * access log, a binary log of the same events and an error log with stack traces.
 */
package dev.spool.examples;
