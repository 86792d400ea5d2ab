/**
 * jcstress tests of the LogBuffer protocol: two checkouts never overlap, a sealed buffer is handed
 * on exactly once, and whoever hands it on sees every byte written into it. Run with
 * {@code mvn -Pjcstress verify} (quick mode), or {@code -Djcstress.mode=tough} for long runs.
 */
package dev.spool.jcstress;
