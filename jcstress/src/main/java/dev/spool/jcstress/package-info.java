/**
 * jcstress tests of the LogBuffer protocol: two checkouts never overlap, a sealed buffer is handed
 * on exactly once (by the thread that sealed it), and its consumer, once every segment is
 * checked in, sees every byte written into it. Run with
 * {@code mvn -Pjcstress verify} (quick mode), or {@code -Djcstress.mode=tough} for long runs.
 */
package dev.spool.jcstress;
