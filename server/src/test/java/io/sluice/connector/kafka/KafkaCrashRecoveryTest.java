package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exactly-once from Kafka to Kafka across a crash: a server in a child JVM reads a two-partition
 * topic two records per batch, is halted (like kill -9) at each point of batch 1's commit protocol,
 * and restarts on the same data directory. What a {@code read_committed} consumer then sees in the
 * output topic must equal the output of a run without the crash, as a multiset, and the source's
 * consumer group must have caught up with the input.
 */
@Timeout(120)
class KafkaCrashRecoveryTest {
  private static final String STATELESS = "SELECT auction, price FROM bids WHERE price > 10";
  private static final String WINDOWED =
      "SELECT TUMBLE_START(ts, INTERVAL '10' SECOND) AS ws, "
          + "COUNT(*) AS bids, SUM(price) AS total FROM bids GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)";
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final long DEADLINE_MILLIS = 60_000;

  private static KafkaTestCluster kafka;

  @TempDir Path temp;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KafkaTestCluster.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @ParameterizedTest(name = "{0} query, killed {1}")
  @CsvSource({
    "stateless, after-offsets",
    "stateless, mid-sink",
    "stateless, after-sink-commit",
    "stateless, after-commit",
    "windowed, after-offsets",
    "windowed, mid-sink",
    "windowed, after-sink-commit",
    "windowed, after-commit"
  })
  void outputAfterACrashEqualsOutputWithoutOne(String kind, String point) throws Exception {
    int run = RUNS.incrementAndGet();
    String in = "bids" + run;
    String out = "results" + run;
    kafka.createTopic(in, 2);
    kafka.createTopic(out, 2);
    // Two partitions, two offsets per trigger split fairly: batch N reads record N of each
    // partition, so the batches are those of the files crash test.
    String[][] records = {
      {"1,5,2026-01-01 00:00:01", "3,30,2026-01-01 00:00:08", "5,50,2026-01-01 00:00:25"},
      {"2,20,2026-01-01 00:00:02", "4,40,2026-01-01 00:00:12", "6,1,2026-01-01 00:00:31"}
    };
    for (int i = 0; i < 3; i++) {
      for (int p = 0; p < 2; p++) {
        kafka.send(in, p, records[p][i]);
      }
    }
    String kafkaOptions =
        "'connector' = 'kafka', 'bootstrap.servers' = '" + kafka.bootstrapServers() + "'";
    boolean stateless = kind.equals("stateless");
    // the stateless query writes through CREATE SINK, the windowed one through INSERT INTO
    String sinkName = stateless ? "results_sink" : "results_insert_1";
    List<String> ddl =
        List.of(
            "CREATE STREAM bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3), "
                + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ("
                + kafkaOptions
                + ", 'topic' = '"
                + in
                + "', 'format' = 'csv', 'max-offsets-per-trigger' = '2')",
            stateless
                ? "CREATE SINK results_sink WITH ("
                    + kafkaOptions
                    + ", 'topic' = '"
                    + out
                    + "', 'format' = 'json') AS "
                    + STATELESS
                : "CREATE STREAM results (ws TIMESTAMP(3), bids BIGINT, total BIGINT) WITH ("
                    + kafkaOptions
                    + ", 'topic' = '"
                    + out
                    + "', 'format' = 'json')",
            stateless ? "" : "INSERT INTO results " + WINDOWED);

    try (SluiceServerProcess first =
        SluiceServerProcess.start(temp.resolve("data"), point + ":1")) {
      try (Connection connection = DriverManager.getConnection(first.url());
          Statement statement = connection.createStatement()) {
        for (String sql : ddl) {
          if (!sql.isEmpty()) {
            statement.execute(sql);
          }
        }
      } catch (SQLException e) {
        // the crash may land while the client still talks to the server
      }
      assertThat(first.awaitExit(60))
          .as("exit code of the server killed %s; its output:\n%s", point, first.output())
          .isEqualTo(137);
    }

    List<String> expected =
        stateless
            ? List.of(
                "{\"auction\":2,\"price\":20}",
                "{\"auction\":3,\"price\":30}",
                "{\"auction\":4,\"price\":40}",
                "{\"auction\":5,\"price\":50}")
            // the watermark reaches 00:00:30 (00:00:31 - 1 s): three windows close
            : List.of(
                "{\"ws\":\"2026-01-01 00:00:00.000\",\"bids\":3,\"total\":55}",
                "{\"ws\":\"2026-01-01 00:00:10.000\",\"bids\":1,\"total\":40}",
                "{\"ws\":\"2026-01-01 00:00:20.000\",\"bids\":1,\"total\":50}");
    try (SluiceServerProcess second = SluiceServerProcess.start(temp.resolve("data"), null)) {
      // every input offset acknowledged: the batches reading them committed, sink included
      Map<Integer, Long> inputEnd = kafka.endOffsets(in);
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      Map<Integer, Long> acknowledged = kafka.groupOffsets("sluice-" + sinkName, in);
      List<String> output = kafka.readCommitted(out);
      while ((!acknowledged.equals(inputEnd) || output.size() < expected.size())
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        acknowledged = kafka.groupOffsets("sluice-" + sinkName, in);
        output = kafka.readCommitted(out);
      }
      assertThat(acknowledged)
          .as("group offsets of the source; server output:\n%s", second.output())
          .isEqualTo(inputEnd);
      assertThat(output)
          .as("read_committed output; server output:\n%s", second.output())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
