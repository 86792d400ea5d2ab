package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import dev.spool.engine.testing.ConfigTwins;
import dev.spool.engine.testing.CorpusWorkload;
import dev.spool.engine.testing.TestLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.spool.engine.testing.TestFiles.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What well-known projects ship in their logback.xml, reproduced as fixtures under
 * {@code corpus/} (sizes scaled down), each run as shipped and swapped to Spool in one
 * LoggerContext with {@link CorpusWorkload}'s threads: the same files and rolled names, the same
 * bytes, the same files deleted, and no warning but the expected ones.
 *
 * <p>A {@code totalSizeCap} is reached only on uncompressed files: the stock policy compresses
 * a rolled file on one thread while it measures the files for the cap on another, so what it
 * deletes among compressed files depends on timing.
 */
class CorpusTest {
    /**
     * Logback's stock AsyncAppender stops the appenders behind it on its worker thread, which its
     * stop has interrupted: a time based policy there then stops without waiting for its last
     * compression or its last clean-up, and says so.
     */
    static final Set<String> INTERRUPTED_WAIT = Set.of("Unexpected exception while waiting for compression job to"
        + " finish", "Unexpected exception while waiting for clean-up job to finish");
    /**
     * Logback 1.6 looks for caller data converters in each appender's pattern text as written,
     * before substitution: Seata's patterns come from a property, so it finds none behind the
     * AsyncAppenders that include caller data and warns at configuration.
     */
    static final Set<String> SEATA_CALLER_CONTRADICTION = Set.of("appenders named ASYNC_FILE_ALL, ASYNC_FILE_WARN,"
        + " ASYNC_FILE_ERROR instruct preprocessing of caller extraction info but no appender instructs in favor of"
        + " caller extraction", "See https://logback.qos.ch/codes.html#callerContradiction for details");

    /** Spring's environment logs (at debug) while Spring Boot's logging system configures Logback. */
    static final String SPRING_BEFORE_CONFIGURATION = "No appenders present in context [default] for logger"
        + " [org.springframework.core.env.StandardEnvironment].";

    /** The loggers of both RocketMQ shapes. */
    static final List<String> ROCKETMQ_LOGGERS = List.of("RocketmqBroker", "RocketmqStore", "RocketmqRocksDB",
        "RocketmqCommon", "org.apache.rocketmq.remoting.netty.NettyRemotingServer");

    @TempDir
    Path dir;

    private LoggerContext context;

    /**
     * A project's configuration: the fixture, the loggers the workload logs on, how many files
     * the run must leave at least (so that it rolled), the warnings expected, and what Logback
     * itself may say about the stock appenders, depending on its version or on timing (left out
     * of the comparison).
     */
    record Shape(String fixture, List<String> loggers, int minFiles, List<String> warnings,
                 Set<String> stockMayWarn) {
        Shape(final String fixture, final List<String> loggers, final int minFiles) {
            this(fixture, loggers, minFiles, List.of(), Set.of());
        }

        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
            new Shape("cassandra.xml", List.of("org.apache.cassandra.service.StorageService",
                "org.apache.cassandra.db.ColumnFamilyStore", "org.apache.cassandra.audit.AuditLogger",
                "com.thinkaurelius.thrift.server.TThreadPoolServer", "org.apache.cassandra.gms.Gossiper"), 30),
            new Shape("rocketmq.xml", ROCKETMQ_LOGGERS, 40),
            new Shape("rocketmq-async.xml", ROCKETMQ_LOGGERS, 40),
            new Shape("nifi.xml", List.of("org.apache.nifi.controller.StandardFlowService",
                "org.apache.nifi.processors.standard.PutFile",
                "org.apache.nifi.web.security.x509.X509AuthenticationFilter",
                "org.apache.nifi.web.server.RequestLog", "org.apache.nifi.bootstrap.RunNiFi",
                "deprecation.org.apache.nifi.processors.standard.ListenHTTP",
                "org.apache.nifi.processors.standard.LogAttribute"), 12),
            new Shape("seata.xml", List.of("org.apache.seata.server.coordinator.DefaultCoordinator",
                "org.apache.seata.core.rpc.netty.NettyServerBootstrap", "org.apache.seata.server.session.SessionHolder",
                "org.springframework.security.web.DefaultSecurityFilterChain"), 25, List.of(),
                Stream.concat(INTERRUPTED_WAIT.stream(), SEATA_CALLER_CONTRADICTION.stream())
                    .collect(Collectors.toSet())),
            new Shape("spring-boot.xml", List.of("com.example.demo.DemoApplication",
                "org.springframework.boot.web.embedded.tomcat.TomcatWebServer",
                "org.apache.catalina.startup.DigesterFactory", "org.hibernate.SQL",
                "com.example.demo.web.rest.OrderResourceWithAVeryLongNameIndeed"), 18),
            new Shape("atlas.xml", List.of("org.apache.atlas.repository.store.graph.v2.AtlasEntityStoreV2",
                "org.janusgraph.diskstorage.Backend", "AUDIT", "METRICS", "NOTIFICATION_PROCESSOR",
                "org.apache.kafka.clients.NetworkClient"), 4),
            new Shape("thingsboard.xml", List.of("org.thingsboard.server.service.queue.DefaultTbCoreConsumerService",
                "org.apache.kafka.clients.consumer.KafkaConsumer", "org.thingsboard.server.actors.ActorSystemContext",
                "com.microsoft.azure.servicebus.primitives.CoreMessageReceiver"), 8),
            new Shape("play.xml", List.of("play.api.Play", "application", "controllers.HomeController",
                "org.apache.pekko.actor.ActorSystemImpl", "play.core.server.PekkoHttpServer"), 1),
            new Shape("flink.xml", List.of("org.apache.flink.runtime.taskexecutor.TaskExecutor",
                "org.apache.pekko.remote.Remoting", "org.apache.kafka.clients.NetworkClient",
                "org.jboss.netty.channel.DefaultChannelPipeline", "org.apache.flink.runtime.jobmaster.JobMaster"), 1),
            new Shape("jhipster.xml", List.of("com.mycompany.myapp.web.rest.OrderResource", "org.hibernate.SQL",
                "tech.jhipster.config.JHipsterProperties", "com.mycompany.myapp.service.MailService",
                "org.springframework.web.servlet.DispatcherServlet"), 15),
            new Shape("nexus.xml", List.of("org.sonatype.nexus.internal.app.ApplicationVersionImpl", "auditlog",
                "outboundRequests", "blobstore-reconciliation-log", "org.eclipse.jetty.webapp.WebAppContext",
                "org.apache.karaf.main.Main"), 11),
            new Shape("mall.xml", List.of("com.macro.mall.controller.PmsProductController",
                "com.macro.mall.common.log.WebLogAspect", "org.springframework.web.servlet.DispatcherServlet"), 28),
            new Shape("dolphinscheduler.xml", List.of("org.apache.dolphinscheduler.server.master.MasterServer",
                "org.apache.dolphinscheduler.server.master.runner.WorkflowExecuteRunnable",
                "org.apache.dolphinscheduler.plugin.task.api.AbstractTask"), 25),
            new Shape("zookeeper.xml", List.of("org.apache.zookeeper.server.quorum.QuorumPeer",
                "org.apache.zookeeper.audit.Slf4jAuditLogger", "org.apache.zookeeper.server.NIOServerCnxnFactory"), 25));
    }

    @BeforeEach
    void setUp() throws Exception {
        ConfigTwins.sides(dir);
        context = LogbackStatus.freshContext();
        oneCleanUpAtATime(context);
    }

    @AfterEach
    void tearDown() {
        context.reset();
    }

    /**
     * Logback runs the clean-ups its time based policies start after each roll (maxHistory,
     * totalSizeCap) on the context's alternate executor, several at once. Those of one policy then
     * share its RollingCalendar, a GregorianCalendar that is not thread-safe, and compute wrong
     * periods: with this workload's rolls milliseconds apart, a run now and then lost the day's
     * newest rolled files ("deleting historically stale" ones of the current day, or deleting
     * them again for totalSizeCap). One thread runs them one after the other, as rolls minutes
     * apart would; the policies and appenders are left as configured.
     */
    private static void oneCleanUpAtATime(final LoggerContext context) {
        final ThreadPoolExecutor cleanUps = (ThreadPoolExecutor) context.getAlternateExecutorService();
        cleanUps.setCorePoolSize(1);
        cleanUps.setMaximumPoolSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void theSameFilesAsTheStockAppenders(final Shape shape) throws Exception {
        assertSameFiles(shape);
    }

    /**
     * A logback-spring.xml as JHipster ships it, read by Spring Boot's own logging system (its
     * {@code <springProfile>} and {@code <springProperty>} need it), in each profile.
     */
    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"prod", "dev"})
    void aLogbackSpringXmlReadBySpringBoot(final String profile) throws Exception {
        final StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles(profile);
        environment.getPropertySources().addFirst(new MapPropertySource("application", Map.of(
            "spring.application.name", "jhipsterSampleApplication", "server.port", "8081")));
        final LoggingSystem spring = new LogbackLoggingSystem(getClass().getClassLoader());
        spring.beforeInitialize();
        final Path twinned = SideBySide.twinned("corpus/jhipster-logback-spring.xml", dir);
        try {
            spring.initialize(new LoggingInitializationContext(environment), twinned.toUri().toString(), null);
            final String file = profile.equals("prod") ? "jhipsterSampleApplication.json" : "jhipsterSampleApplication.log";
            assertSameFiles(new Shape("jhipster-logback-spring.xml " + profile, List.of(
                "com.mycompany.myapp.web.rest.OrderResource", "org.hibernate.SQL", "tech.jhipster.config.JHipsterProperties",
                "org.springframework.web.servlet.DispatcherServlet"), 10, List.of(), Stream.concat(
                    INTERRUPTED_WAIT.stream(), Stream.of(SPRING_BEFORE_CONFIGURATION)).collect(Collectors.toSet())), false);
            assertTrue(Files.exists(dir.resolve("spool").resolve(file)), file);
        } finally {
            spring.cleanUp();
        }
    }

    private void assertSameFiles(final Shape shape) throws Exception {
        assertSameFiles(shape, true);
    }

    private void assertSameFiles(final Shape shape, final boolean configure) throws Exception {
        if (configure) {
            SideBySide.configure(context, "corpus/" + shape.fixture(), dir);
        }
        CorpusWorkload.run(4, 150, shape.loggers(), new CorpusWorkload.Sink() {
            @Override
            public void mdc(final String key, final String value) {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            }

            @Override
            public void log(final String logger, final String level, final String marker, final String message,
                            final Throwable thrown) {
                final LoggingEventBuilder b = context.getLogger(logger).atLevel(Level.valueOf(level));
                if (marker != null) {
                    b.addMarker(MarkerFactory.getMarker(marker));
                }
                if (thrown != null) {
                    b.setCause(thrown);
                }
                b.log(message);
            }
        });
        context.stop();
        compressionsDone(dir.resolve("stock"));
        final Map<String, String> stock = contents(dir.resolve("stock"));
        final Map<String, String> spool = contents(dir.resolve("spool"));
        assertEquals(stock.keySet(), spool.keySet(), "the same files");
        for (final Map.Entry<String, String> f : spool.entrySet()) {
            TestLines.assertSameLines(f.getKey(), stock.get(f.getKey()).lines().toList(),
                f.getValue().lines().toList());
            assertEquals(stock.get(f.getKey()), f.getValue(), f.getKey());
        }
        assertTrue(stock.size() >= shape.minFiles(), stock.keySet().toString());
        assertEquals(shape.warnings(), LogbackStatus.problems(context).stream()
            .filter(m -> !shape.stockMayWarn().contains(m)).toList());
    }

    /**
     * Waits (up to 10 s) until no stock compression is under way: Logback compresses a rolled file
     * from a {@code .tmp} copy on another thread, and may stop without waiting for the last one
     * (see {@link #INTERRUPTED_WAIT}).
     */
    private static void compressionsDone(final Path stock) throws IOException, InterruptedException {
        for (int i = 0; i < 1000 && temporaryFiles(stock) > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, temporaryFiles(stock), "stock compressions finished");
    }

    private static long temporaryFiles(final Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }
}
