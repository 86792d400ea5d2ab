package dev.spool.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run in a
 * child JVM on this JVM's class path, for tests that need the wire protocol, acks and crashes as
 * they really are.
 *
 * <p>Everything lives under one directory: {@code server.properties}, the data ({@code data/}) and
 * {@code broker.log}, which gets the child's standard output and error (the broker logs at INFO
 * through slf4j-simple) and a marker line before every launch. When the broker does not come up,
 * the exception carries the error lines of its last run and the tail of that log.
 *
 * <p>The configuration is the smallest one that behaves like a production cluster for one client:
 * <ul>
 *   <li>one partition and replication factor 1 for every topic, the internal ones (consumer
 *       offsets, transaction state, share-group state) included, and {@code min.insync.replicas=1},
 *       so {@code acks=all} means "written by the one broker";</li>
 *   <li>no topic is created automatically: a test creates its topics, and a client that writes to
 *       a topic nobody created sees Kafka's error instead of a topic with default settings;</li>
 *   <li>1 MiB segments (the smallest Kafka accepts), so a test can roll segments cheaply;</li>
 *   <li>consumer groups rebalance without the initial delay.</li>
 * </ul>
 *
 * <p>Both ports are picked once, in {@link #start}, and kept for the broker's life, so that
 * {@link #restart} brings it back where the clients look for it. They are taken below Linux's
 * ephemeral range (32768 and up): a client that keeps reconnecting to a broker that is down gets
 * its local ports from that range, and on loopback such a connection can connect to itself and
 * hold the broker's port when it comes back.
 *
 * <p>The child never outlives this JVM: {@link #close} stops it, a shutdown hook kills it when
 * this JVM exits without closing it, and the child halts by itself within a few seconds when this
 * JVM is killed ({@link TetheredMain}). It is started with no JVM options of this JVM's, and
 * without the environment variables that would inject some (agents such as JaCoCo's) into every
 * JVM. Not thread-safe: one test drives it.
 */
public final class KafkaBroker implements AutoCloseable {
    /** The broker's entry point and the tool that formats its storage, both in kafka_2.13. */
    private static final String BROKER_MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL_MAIN = "kafka.tools.StorageTool";

    private static final String HOST = "127.0.0.1";
    /** Ports are drawn from [LOWEST_PORT, EPHEMERAL_PORTS), below Linux's ephemeral range. */
    private static final int LOWEST_PORT = 20_000;
    private static final int EPHEMERAL_PORTS = 32_768;

    /**
     * Measured on a 2-core machine: formatting takes 1.5 s, a first start 4 s, a start after a
     * kill -9 5.5 s (see broker.session.timeout.ms), a graceful stop under 1 s. The deadlines
     * leave room for a machine busy with other builds.
     */
    private static final Duration FORMAT_DEADLINE = Duration.ofSeconds(60);
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    private static final Duration KILL_DEADLINE = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 30;
    private static final int LOG_ERROR_LINES = 10;
    /** Starts the lines that KafkaBroker itself writes into the log, one before each child JVM. */
    private static final String MARKER = "=== ";

    /** Environment variables that every JVM reads its options from; the child gets none of them. */
    private static final List<String> JVM_OPTION_VARIABLES =
        List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Path dir;
    private final Path config;
    private final Path log;
    private final int brokerPort;
    private final Thread killOnExit;
    /** The running broker, or null; volatile for the shutdown hook, which reads it. */
    private volatile Process process;

    private KafkaBroker(final Path dir, final int brokerPort, final int controllerPort) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("server.properties");
        this.log = dir.resolve("broker.log");
        this.brokerPort = brokerPort;
        Files.createDirectories(dir);
        Files.writeString(config, serverProperties(dir.resolve("data"), brokerPort, controllerPort));
        // For a class path whose slf4j binding is Logback rather than slf4j-simple (the benchmarks'):
        // the broker's log at INFO, not Logback's default DEBUG.
        Files.writeString(dir.resolve("broker-logback.xml"), "<configuration><appender name=\"out\""
            + " class=\"ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%d{HH:mm:ss.SSS} %level %logger - %msg%n"
            + "</pattern></encoder></appender><logger name=\"org.apache.kafka.common.config.AbstractConfig\" level=\"WARN\"/>"
            + "<root level=\"INFO\"><appender-ref ref=\"out\"/></root></configuration>");
        this.killOnExit = new Thread(this::killQuietly, "kafka-broker-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Formats a new single-node cluster in {@code dir} and starts its broker, on two free loopback
     * ports picked here and kept for the broker's life.
     *
     * @param dir an empty or new directory that holds the configuration, the data and {@code broker.log}
     * @return the running broker, once it answers clients
     * @throws IllegalStateException when formatting fails or the broker does not answer within
     *                               60 s; the message ends with the error lines and the tail of
     *                               {@code broker.log}, and no child JVM is left running
     */
    public static KafkaBroker start(final Path dir) throws IOException, InterruptedException {
        final int[] ports = freePorts(2);
        final KafkaBroker broker = new KafkaBroker(dir, ports[0], ports[1]);
        try {
            broker.format();
            broker.launch();
            return broker;
        } catch (final Throwable e) {
            broker.close();
            throw e;
        }
    }

    private static KafkaBroker shared;

    /**
     * One broker for all the test classes of this JVM (a start costs seconds), started at the first
     * call in {@code target/kafka-broker-<pid>} and killed when the JVM exits (its shutdown hook).
     * A test that kills it leaves it to the next one to restart it ({@link #running()}).
     */
    public static synchronized KafkaBroker shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start(Path.of("target", "kafka-broker-" + ProcessHandle.current().pid()).toAbsolutePath());
        }
        return shared;
    }

    /**
     * A new topic of one partition named {@code prefix-N}, the broker restarted first if a test
     * left it killed: each test of a class that shares the broker has a topic of its own.
     */
    public String newTopic(final String prefix) throws Exception {
        if (!running()) {
            restart();
        }
        final String topic = prefix + "-" + TOPICS.incrementAndGet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static final AtomicInteger TOPICS = new AtomicInteger();

    /** Every record of the topic's partition 0, from its beginning to its end now; fails after 60 s. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(final String topic) {
        final TopicPartition partition = new TopicPartition(topic, 0);
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("topic " + topic + " not read to its end in 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The address for the clients' {@code bootstrap.servers}: {@code 127.0.0.1:<port>}. */
    public String bootstrap() {
        return HOST + ":" + brokerPort;
    }

    /**
     * Kills the broker as {@code kill -9} does (no shutdown hook, nothing flushed beyond what the
     * operating system already holds) and waits until the process has exited. Does nothing when
     * the broker is not running.
     */
    public void kill() throws InterruptedException {
        final Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        if (!running.waitFor(KILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the broker (pid " + running.pid() + ") survived a kill for "
                + KILL_DEADLINE.toSeconds() + " s");
        }
        process = null;
    }

    /** Whether the broker's process is running (it may not answer yet). */
    public boolean running() {
        final Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Starts the broker again on the same directory and ports, without formatting, and returns
     * once it answers clients, as {@link #start} does. A broker that is still running is first
     * stopped with {@link #stop}.
     *
     * @throws IllegalStateException when the broker does not answer within 60 s (with an excerpt
     *                               of {@code broker.log}, as for {@link #start}); it is then
     *                               killed
     */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /**
     * Stops the broker gracefully (SIGTERM: Kafka's own shutdown, which closes its logs cleanly)
     * and waits until the process has exited. Does nothing when the broker is not running.
     *
     * @throws IllegalStateException when the broker has not exited within 30 s; it is then killed
     */
    public void stop() throws InterruptedException {
        final Process running = process;
        if (running == null) {
            return;
        }
        running.destroy();
        if (!running.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw failure("the broker did not stop within " + STOP_DEADLINE.toSeconds() + " s; killed it", null);
        }
        process = null;
    }

    /**
     * Stops the broker gracefully, kills it if it has not exited within 30 s, and removes the
     * shutdown hook. Never throws for a slow broker, so it cannot hide a test's own failure; when
     * interrupted it kills the broker without waiting and keeps the interrupt.
     */
    @Override
    public void close() {
        final Process running = process;
        if (running != null) {
            try {
                running.destroy();
                if (!running.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (final InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (final IllegalStateException shuttingDown) {
            // This JVM is already exiting, and the hook is what kills the broker now.
        }
    }

    /**
     * Runs Kafka's storage tool once in a child JVM: it writes the cluster id and the bootstrap
     * metadata into {@code data/}. With {@code controller.quorum.voters} set (a static quorum),
     * the tool needs neither {@code --standalone} nor {@code --initial-controllers}.
     */
    private void format() throws IOException, InterruptedException {
        final String clusterId = Uuid.randomUuid().toString();
        appendToLog("formatting the storage, cluster id " + clusterId);
        final Process tool = childJvm(STORAGE_TOOL_MAIN, "format", "-t", clusterId, "-c", config.toString());
        try {
            if (!tool.waitFor(FORMAT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("the storage tool did not finish within " + FORMAT_DEADLINE.toSeconds() + " s", null);
            }
            if (tool.exitValue() != 0) {
                throw failure("the storage tool exited with " + tool.exitValue(), null);
            }
        } finally {
            tool.destroyForcibly();
        }
    }

    /** Starts the broker's JVM and waits until it answers, or kills it and throws. */
    private void launch() throws IOException, InterruptedException {
        appendToLog("starting the broker on " + bootstrap());
        process = childJvm(BROKER_MAIN, config.toString());
        try {
            awaitAnswer();
        } catch (final InterruptedException | RuntimeException e) {
            kill();
            throw e;
        }
    }

    /**
     * Waits until the broker answers a describe-cluster request with itself in it. A KRaft broker
     * opens its client listener only once the controller has let it in, so an answer means that it
     * serves produce and fetch requests too.
     */
    private void awaitAnswer() throws InterruptedException {
        final long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        final DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(2_000);
        Throwable lastError = null;
        try (Admin admin = Admin.create(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
            AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200))) {
            while (true) {
                final Process running = process;
                if (!running.isAlive()) {
                    throw failure("the broker exited with " + running.exitValue() + " before it answered", lastError);
                }
                try {
                    final Collection<Node> nodes = admin.describeCluster(options).nodes().get();
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (final ExecutionException e) {
                    lastError = e.getCause();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw failure("the broker did not answer on " + bootstrap() + " within "
                        + START_DEADLINE.toSeconds() + " s", lastError);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Starts {@code main} in a JVM of its own, on this JVM's {@code java} and class path, in
     * {@link #dir}, with its output appended to {@link #log}, tethered to this JVM (see
     * {@link TetheredMain}).
     */
    private Process childJvm(final String main, final String... args) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            // The kafka module's tests have Logback on the class path too; the benchmarks have only Logback.
            "-Dslf4j.provider=" + (simpleLogger() ? "org.slf4j.simple.SimpleServiceProvider"
                : "ch.qos.logback.classic.spi.LogbackServiceProvider"),
            "-Dlogback.configurationFile=" + dir.resolve("broker-logback.xml"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            // Every config object's values at INFO: six of every seven lines of the log, and
            // server.properties says the same.
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn",
            "-D" + TetheredMain.PARENT_PID + "=" + ProcessHandle.current().pid(),
            "-cp", absoluteClassPath(),
            TetheredMain.class.getName(),
            main));
        command.addAll(Arrays.asList(args));
        final ProcessBuilder builder = new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        JVM_OPTION_VARIABLES.forEach(builder.environment()::remove);
        return builder.start();
    }

    /** This JVM's class path with every entry made absolute: the child runs in {@link #dir}. */
    private static boolean simpleLogger() {
        try {
            Class.forName("org.slf4j.simple.SimpleServiceProvider", false, KafkaBroker.class.getClassLoader());
            return true;
        } catch (final ClassNotFoundException e) {
            return false;
        }
    }

    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    }

    private static String serverProperties(final Path data, final int brokerPort, final int controllerPort) {
        return String.join("\n",
            "# Written by dev.spool.kafka.KafkaBroker: one node that is both broker and controller.",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
            "listeners=PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort,
            "advertised.listeners=PLAINTEXT://" + HOST + ":" + brokerPort,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            // Backslashes would be escapes in a properties file; Kafka takes forward slashes everywhere.
            "log.dirs=" + data.toAbsolutePath().toString().replace('\\', '/'),
            "auto.create.topics.enable=false",
            "num.partitions=1",
            "default.replication.factor=1",
            "min.insync.replicas=1",
            "offsets.topic.num.partitions=1",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.num.partitions=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "log.segment.bytes=1048576",
            "group.initial.rebalance.delay.ms=0",
            // After a kill -9 the controller, which restarts in the same process, still counts the
            // dead broker's session as live and refuses the new one's registration until that
            // session expires: 9 s by default, 3 s here (heartbeats every 0.5 s keep a live one).
            "broker.session.timeout.ms=3000",
            "broker.heartbeat.interval.ms=500",
            // Two cores: fewer request and recovery threads than the defaults (8 and 2) do as well.
            "num.network.threads=2",
            "num.io.threads=2",
            "num.recovery.threads.per.data.dir=1",
            "");
    }

    /**
     * {@code count} distinct loopback ports that nothing listens on now, drawn below the ephemeral
     * range (see the class comment). Between this check and the broker's bind another process
     * could take one; the broker then fails to start, with "Address already in use" in its log.
     */
    private static int[] freePorts(final int count) throws IOException {
        final InetAddress loopback = InetAddress.getByName(HOST);
        final List<ServerSocket> held = new ArrayList<>();
        try {
            for (int attempt = 0; held.size() < count; attempt++) {
                if (attempt == 1_000) {
                    throw new IOException("no free loopback port in [" + LOWEST_PORT + ", " + EPHEMERAL_PORTS + ")");
                }
                final int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, EPHEMERAL_PORTS);
                final ServerSocket socket = new ServerSocket();
                try {
                    socket.bind(new InetSocketAddress(loopback, port));
                    held.add(socket);
                } catch (final IOException taken) {
                    socket.close();
                }
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (final ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private void appendToLog(final String event) throws IOException {
        Files.writeString(log, MARKER + LocalTime.now() + " KafkaBroker: " + event + " ===\n",
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * An exception for {@code what}, with the log's excerpt: the first error lines of the last
     * launch (a broker that fails at startup logs the cause once and then a page of its own
     * shutdown, so the tail alone would miss it), then the tail.
     */
    private IllegalStateException failure(final String what, final Throwable cause) {
        final StringBuilder message = new StringBuilder(what);
        if (cause != null) {
            message.append("; last client error: ").append(cause);
        }
        final List<String> lines;
        try {
            // Decoded leniently: the child may have been killed in the middle of a character.
            lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (final IOException e) {
            return new IllegalStateException(message + "; cannot read " + log + ": " + e, cause);
        }
        int lastLaunch = lines.size() - 1;
        while (lastLaunch > 0 && !lines.get(lastLaunch).startsWith(MARKER)) {
            lastLaunch--;
        }
        final List<String> errors = lines.subList(Math.max(0, lastLaunch), lines.size()).stream()
            .filter(line -> line.contains(" ERROR ") || line.startsWith("Caused by: "))
            .limit(LOG_ERROR_LINES)
            .toList();
        message.append("\n--- first error lines of the last run in ").append(log).append(" ---\n");
        errors.forEach(line -> message.append(line).append('\n'));
        message.append("--- last ").append(LOG_TAIL_LINES).append(" lines ---\n");
        lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
            .forEach(line -> message.append(line).append('\n'));
        return new IllegalStateException(message.toString(), cause);
    }

    /** The shutdown hook: this JVM is exiting, so there is no time for a graceful stop. */
    private void killQuietly() {
        final Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }
}
