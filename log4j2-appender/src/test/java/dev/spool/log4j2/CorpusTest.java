package dev.spool.log4j2;

import dev.spool.engine.testing.ConfigTwins;
import dev.spool.engine.testing.CorpusWorkload;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.spool.engine.testing.TestFiles.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What well-known projects ship, reproduced as fixtures under {@code corpus/} (sizes scaled down),
 * each run as shipped and swapped to Spool in one LoggerContext with {@link CorpusWorkload}'s
 * threads: the same files and rolled names, the same bytes, the same files deleted.
 */
class CorpusTest {
    @TempDir
    Path dir;

    private final StatusLines statusLines = new StatusLines(Level.WARN);

    /**
     * A file an earlier run left in both directories, last written {@code age} ago (gzipped when
     * its name says so), and whether the run is to delete it.
     */
    record Old(String name, String text, Duration age, boolean deleted) {
        Old(final String name, final String text, final Duration age) {
            this(name, text, age, false);
        }
    }

    /**
     * A project's configuration: the fixture, the loggers the workload logs on, how many files
     * the run must leave at least (so that it rolled), the files an earlier run left, the
     * warnings Spool is expected to give, and whether Spool is compared with the stock appenders
     * behind Log4j2's {@code <Async>} (for a layout that marks stack frames by the laying-out
     * thread's stack, see the README: Spool writes what Log4j2's asynchronous setups write there).
     */
    record Shape(String fixture, List<String> loggers, int minFiles, List<Old> leftBehind, List<String> warnings,
                 boolean stockBehindAsync) {
        Shape(final String fixture, final List<String> loggers, final int minFiles, final Old... leftBehind) {
            this(fixture, loggers, minFiles, List.of(leftBehind), List.of(), false);
        }

        Shape warning(final String warning) {
            return new Shape(fixture, loggers, minFiles, leftBehind, List.of(warning), stockBehindAsync);
        }

        Shape withStockBehindAsync() {
            return new Shape(fixture, loggers, minFiles, leftBehind, warnings, true);
        }

        @Override
        public String toString() {
            return fixture;
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private static String daysAgo(final int days) {
        return LocalDate.now(ZoneId.systemDefault()).minusDays(days).format(DAY);
    }

    static Stream<Shape> shapes() {
        return Stream.of(
            new Shape("solr.xml", List.of("org.apache.solr.core.SolrCore", "org.apache.solr.servlet.HttpSolrCall",
                "org.apache.solr.core.SolrCore.SlowRequest", "org.apache.zookeeper.ClientCnxn"), 9,
                new Old("solr.log", "2026-01-01 00:00:00.000 INFO  (main) [] o.a.s.Old from the last run\n",
                    Duration.ofHours(5))),
            new Shape("opensearch.properties", List.of("org.opensearch.node.Node", "org.opensearch.deprecation.Settings",
                "org.opensearch.cluster.service.MasterService"), 25),
            new Shape("storm-worker.xml", List.of("org.apache.storm.daemon.worker.Worker", "STDERR",
                "org.apache.storm.metric.LoggingMetricsConsumer"), 15),
            new Shape("ofbiz.xml", List.of("org.apache.ofbiz.entity.GenericDelegator", "org.apache.catalina.Server",
                "org.apache.ofbiz.base.converter.Converters", "freemarker.Template"), 10),
            new Shape("ignite.xml", List.of("org.apache.ignite.internal.IgniteKernal", "org.springframework.Beans"), 15),
            new Shape("druid.xml", List.of("org.apache.druid.server.coordinator.DruidCoordinator",
                "org.apache.druid.cli.Main", "org.apache.kafka.clients.consumer.internals.Fetcher"), 3,
                new Old("coordinator." + daysAgo(20) + ".log", "old\n", Duration.ofDays(20), true),
                new Old("coordinator." + daysAgo(3) + ".log", "recent\n", Duration.ofDays(3)),
                new Old("coordinator.log", "INFO [main] from yesterday\n", Duration.ofDays(1))),
            new Shape("logstash.properties", List.of("logstash.agent", "org.logstash.Logstash", "slowlog.filter"), 14,
                new Old("logstash-plain-2026-01-01-1.log.gz", "old", Duration.ofDays(30), true)),
            new Shape("hive.properties", List.of("org.apache.hadoop.hive.ql.Driver",
                "org.apache.hadoop.hive.ql.log.PerfLogger", "DataNucleus.Query"), 1),
            new Shape("pulsar.xml", List.of("org.apache.pulsar.broker.PulsarService",
                "org.apache.pulsar.functions.instance.JavaInstanceRunnable"), 20,
                new Old("functions/pulsar.log-old-01-01-2026-1.log.gz", "old", Duration.ofDays(40), true)),
            new Shape("artemis.properties", List.of("org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl",
                "org.apache.activemq.audit.base", "org.apache.activemq.artemis.journal.impl.JournalImpl",
                "org.eclipse.jetty.server.Server"), 2),
            new Shape("flink.properties", List.of("org.apache.flink.runtime.taskexecutor.TaskExecutor",
                "org.apache.hadoop.fs.FileSystem", "akka.remote.Remoting"), 8,
                new Old("flink.log", "INFO  from the last run\n", Duration.ofHours(2))),
            new Shape("jmeter-pinot.xml", List.of("org.apache.jmeter.JMeter", "org.apache.helix.manager.zk.ZKHelixManager",
                "org.apache.kafka.clients.NetworkClient", "org.reflections.Reflections"), 3,
                new Old("jmeter.log", "from the last run\n", Duration.ofHours(2))),
            new Shape("date-directories.xml", List.of("com.example.App", "com.example.web.Controller"), 6)
                .warning("WARN Spool appender \"spool-RollingRandomAccessFile\": filePattern date lookups name the"
                    + " directory by the rolled period's time (Log4j2 takes the time of the roll, which at a boundary is"
                    + " the next period's)"),
            new Shape("spring-boot-log4j2-file.xml", List.of("com.example.shop.OrderController",
                "org.apache.catalina.util.LifecycleBase", "org.hibernate.SQL"), 8).withStockBehindAsync(),
            new Shape("kafka-connect.yaml", List.of("org.apache.kafka.connect.runtime.Worker",
                "org.apache.zookeeper.ZooKeeper"), 1),
            new Shape("spark.properties", List.of("org.apache.spark.scheduler.DAGScheduler", "org.apache.parquet.hadoop",
                "org.apache.spark.repl.Main", "org.sparkproject.jetty.server.Server"), 5),
            new Shape("manual.json", List.of("org.apache.test.Service", "com.example.App"), 8));
    }

    @BeforeEach
    void listen() throws Exception {
        ConfigTwins.sides(dir);
        statusLines.listen();
    }

    @AfterEach
    void stopListening() {
        statusLines.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void theSameFilesAsTheStockAppenders(final Shape shape) throws Exception {
        for (final Old old : shape.leftBehind()) {
            ConfigTwins.leftBehind(dir, old.name(), old.text(), old.age());
        }
        final String resource = "corpus/" + shape.fixture();
        // XML and properties are twinned here; a YAML or JSON fixture holds the stock appenders and their twins itself.
        final LoggerContext context = resource.endsWith(".xml") ? SideBySide.start(resource, dir, shape.stockBehindAsync())
            : resource.endsWith(".properties") ? SideBySide.startProperties(resource, dir, shape.stockBehindAsync())
            : Configurator.initialize("corpus-" + shape.fixture(), "classpath:" + resource);
        assertTrue(context.getConfiguration().getAppenders().keySet().stream().anyMatch(n -> n.startsWith("spool-")),
            "the twinned configuration started; said: " + statusLines.lines());
        CorpusWorkload.run(4, 150, shape.loggers(), new CorpusWorkload.Sink() {
            @Override
            public void mdc(final String key, final String value) {
                if (value == null) {
                    ThreadContext.remove(key);
                } else {
                    ThreadContext.put(key, value);
                }
            }

            @Override
            public void log(final String logger, final String level, final String marker, final String message,
                            final Throwable thrown) {
                context.getLogger(logger).log(Level.getLevel(level),
                    marker == null ? null : MarkerManager.getMarker(marker), message, thrown);
            }
        });
        Configurator.shutdown(context);
        final Map<String, String> stock = contents(dir.resolve("stock"));
        assertEquals(stock.keySet(), contents(dir.resolve("spool")).keySet(), "the same files; said: " + statusLines.lines());
        for (final Map.Entry<String, String> f : contents(dir.resolve("spool")).entrySet()) {
            dev.spool.engine.testing.TestLines.assertSameLines(f.getKey(), stock.get(f.getKey()).lines().toList(),
                f.getValue().lines().toList());
            assertEquals(stock.get(f.getKey()), f.getValue(), f.getKey());
        }
        assertTrue(stock.size() >= shape.minFiles(), stock.keySet().toString());
        for (final Old old : shape.leftBehind()) {
            assertEquals(old.deleted(), !stock.containsKey(old.name()), old.name() + " deleted");
        }
        // Log4j2's own warnings about the configuration as shipped (package scanning, say) are not Spool's.
        assertEquals(shape.warnings(), statusLines.lines().stream().filter(l -> l.toLowerCase().contains("spool")).toList());
    }
}
