/**
 * Test fixtures shared by the tests of every module: reading the files a test run wrote, waiting
 * for another thread's work, starting a child JVM. The engine publishes this package as its
 * test-jar; the adapters take it in test scope.
 */
package dev.spool.engine.testing;
