package dev.spool.examples;

/**
 * How the example's request handlers log, through one logging framework: the request's method,
 * path and status go into the framework's context map (ThreadContext, MDC), the message is
 * parameterized, and a failure carries its exception.
 */
interface RequestLog {
    /** The framework's name, as the example prints it and names the directory. */
    String name();

    void completed(String method, String path, int status, long request, int micros);

    void failed(String method, String path, long request, int micros, Throwable error);

    /** Stops the framework the way an application does at exit, so everything is written. */
    void shutdown();

    /** The Log4j2 API, configured by {@code log4j2.xml}. */
    final class Log4j2 implements RequestLog {
        private final org.apache.logging.log4j.Logger logger =
            org.apache.logging.log4j.LogManager.getLogger("dev.spool.examples.RequestHandler");

        @Override
        public String name() {
            return "log4j2";
        }

        @Override
        public void completed(final String method, final String path, final int status, final long request,
                              final int micros) {
            org.apache.logging.log4j.ThreadContext.put("method", method);
            org.apache.logging.log4j.ThreadContext.put("path", path);
            org.apache.logging.log4j.ThreadContext.put("status", status == 200 ? "200" : Integer.toString(status));
            logger.info("Request {} completed in {} us", request, micros);
            org.apache.logging.log4j.ThreadContext.clearMap();
        }

        @Override
        public void failed(final String method, final String path, final long request, final int micros,
                           final Throwable error) {
            org.apache.logging.log4j.ThreadContext.put("method", method);
            org.apache.logging.log4j.ThreadContext.put("path", path);
            org.apache.logging.log4j.ThreadContext.put("status", "500");
            logger.error("Request {} failed after {} us", request, micros, error);
            org.apache.logging.log4j.ThreadContext.clearMap();
        }

        @Override
        public void shutdown() {
            org.apache.logging.log4j.LogManager.shutdown();
        }
    }

    /** SLF4J with Logback, configured by {@code logback.xml}. */
    final class Logback implements RequestLog {
        private final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("dev.spool.examples.RequestHandler");

        @Override
        public String name() {
            return "logback";
        }

        @Override
        public void completed(final String method, final String path, final int status, final long request,
                              final int micros) {
            org.slf4j.MDC.put("method", method);
            org.slf4j.MDC.put("path", path);
            org.slf4j.MDC.put("status", status == 200 ? "200" : Integer.toString(status));
            logger.info("Request {} completed in {} us", request, micros);
            org.slf4j.MDC.clear();
        }

        @Override
        public void failed(final String method, final String path, final long request, final int micros,
                           final Throwable error) {
            org.slf4j.MDC.put("method", method);
            org.slf4j.MDC.put("path", path);
            org.slf4j.MDC.put("status", "500");
            logger.error("Request {} failed after {} us", request, micros, error);
            org.slf4j.MDC.clear();
        }

        @Override
        public void shutdown() {
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
        }
    }
}
