package io.sluice.bench;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Session;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The generator's events loaded once into topics of a real local KRaft broker ({@code
 * nexmark-<events>-<partitions>-person}, {@code -auction}, {@code -bid}), as JSON records, by Kafka
 * sinks over the generator's streams, so every Kafka-input run reads the same events as a generator
 * run of the same size. The broker lives as long as the benchmark's process; topics are loaded once
 * per event count and partition count.
 */
public final class InputTopics implements AutoCloseable {
  private static final long DEADLINE_SECONDS = 60;

  private final NexmarkSql sql;
  private final Set<String> loaded = new HashSet<>();
  private KafkaClusterTestKit broker;
  // the threads the broker started, whose CPU time is the broker's, not the query's
  private long[] brokerThreads = new long[0];

  public InputTopics(NexmarkSql sql) {
    this.sql = requireNonNull(sql, "sql is null");
  }

  /** The broker's address, started on first use. */
  public synchronized String bootstrapServers() throws IOException {
    if (broker == null) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      Set<Long> before = new HashSet<>();
      for (long id : threads.getAllThreadIds()) {
        before.add(id);
      }
      broker = startBroker();
      brokerThreads =
          Arrays.stream(threads.getAllThreadIds()).filter(id -> !before.contains(id)).toArray();
    }
    return broker.bootstrapServers();
  }

  /**
   * CPU time so far of the threads the in-process broker started (a deployment runs its broker
   * elsewhere, so the benchmark does not charge it to the query); 0 before the broker starts.
   */
  public synchronized long brokerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long id : brokerThreads) {
      long nanos = threads.getThreadCpuTime(id);
      if (nanos > 0) {
        total += nanos;
      }
    }
    return total;
  }

  /**
   * The prefix of the topics holding {@code events} events in {@code partitions} partitions each,
   * loaded if needed.
   */
  public synchronized String prepare(
      long events, int partitions, Map<String, String> generatorParameters) throws IOException {
    String prefix = "nexmark-" + events + "-" + partitions + "-";
    if (loaded.contains(prefix)) {
      return prefix;
    }
    String bootstrap = bootstrapServers();
    long start = System.nanoTime();
    System.out.printf(
        "Loading %,d events into Kafka topics %s* (%d partitions each)...%n",
        events, prefix, partitions);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(
              InputFiles.TABLES.stream()
                  .map(table -> new NewTopic(prefix + table, partitions, (short) 1))
                  .toList())
          .all()
          .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("Cannot create the input topics " + prefix + "*: " + e, e);
    }
    load(prefix, bootstrap, generatorParameters);
    loaded.add(prefix);
    System.out.printf("  done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return prefix;
  }

  private void load(String prefix, String bootstrap, Map<String, String> parameters)
      throws IOException {
    Path work = Files.createTempDirectory("sluice-nexmark-kafka-");
    Session session = new Session();
    try (SluiceEngine engine =
        new SluiceEngine(
            SluiceConfig.defaults()
                .with(SluiceConfig.DATA_DIR, work.resolve("data").toString())
                .with(SluiceConfig.IDLE_POLL_MS, "10"))) {
      for (String statement : sql.ddl(parameters)) {
        engine.execute(session, statement);
      }
      engine.execute(session, "SET 'trigger' = 'available-now'");
      for (String table : InputFiles.TABLES) {
        String sink = table + "_topic";
        engine.execute(
            session,
            "CREATE SINK "
                + sink
                + " WITH ('connector' = 'kafka', 'topic' = '"
                + prefix
                + table
                + "', 'bootstrap.servers' = '"
                + bootstrap
                + "', 'format' = 'json') AS SELECT * FROM "
                + table);
        RunningQuery query = engine.queries().find(sink).orElseThrow();
        while (!query.awaitEnd(1000)) {
          // the generator is bounded: the sink's query ends once every event is in the topic
        }
        if (query.state() != QueryState.FINISHED) {
          throw new IllegalStateException(
              "Loading " + table + " into Kafka ended " + query.state() + ": " + query.error());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while loading the input topics", e);
    } finally {
      Directories.deleteTree(work);
    }
  }

  /**
   * Starts a single-node KRaft broker (one combined broker and controller) in this process, set up
   * for transactions; the caller closes it.
   */
  public static KafkaClusterTestKit startBroker() throws IOException {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.state.log.num.partitions", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return cluster;
    } catch (Exception e) {
      throw new IOException("Cannot start a local Kafka broker: " + e, e);
    }
  }

  @Override
  public synchronized void close() throws Exception {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
