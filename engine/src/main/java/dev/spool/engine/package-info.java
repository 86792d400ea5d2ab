/**
 * The engine's facade: {@link dev.spool.engine.Log} starts an engine from a configuration, takes
 * events and its own diagnostics, adds and removes log objects and emitters, flushes and stops;
 * {@link dev.spool.engine.Stats} and the MXBeans show what it did. Everything else lives in the
 * packages below; only the two that sit on top of an engine import this one: the adapter kit
 * (which starts engines) and sockstat (an {@link dev.spool.engine.Emitter}).
 */
package dev.spool.engine;
