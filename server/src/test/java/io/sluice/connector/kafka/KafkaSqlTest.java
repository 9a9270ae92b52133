package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.driver.QueryOutput;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kafka streams and sinks through SQL, with the engine in-process. */
@Timeout(120)
class KafkaSqlTest {
  private static final long DEADLINE_MILLIS = 30_000;

  private static KafkaTestCluster kafka;

  @TempDir Path temp;
  private final Session session = new Session();

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

  private SluiceEngine engine() {
    return new SluiceEngine(
        SluiceConfig.defaults()
            .with(SluiceConfig.DATA_DIR, temp.resolve("data").toString())
            .with(SluiceConfig.FILES_ALLOWED_PATHS, temp.toString())
            .with(SluiceConfig.IDLE_POLL_MS, "10"));
  }

  private String stream(String name, String topic, String extra) {
    return "CREATE STREAM "
        + name
        + " (auction BIGINT, price BIGINT) WITH ('connector' = "
        + "'kafka', 'topic' = '"
        + topic
        + "', 'bootstrap.servers' = '"
        + kafka.bootstrapServers()
        + "', 'format' = 'json'"
        + extra
        + ")";
  }

  private List<String> rowsOf(SluiceEngine engine, String sql) throws Exception {
    StatementResult.Rows result = (StatementResult.Rows) engine.execute(session, sql);
    List<String> rows = new ArrayList<>();
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    try {
      while (true) {
        QueryOutput.Chunk chunk = result.rows().poll(1000, 200);
        chunk.rows().forEach(row -> rows.add(Arrays.toString(row)));
        if (chunk.done()) {
          return rows;
        }
        assertThat(System.currentTimeMillis()).as("query did not end").isLessThan(deadline);
      }
    } finally {
      result.rows().close();
    }
  }

  @Test
  void aSnapshotSelectReadsEveryPartitionSkippingBadRecords() throws Exception {
    kafka.createTopic("snapshot", 3);
    for (int i = 0; i < 9; i++) {
      kafka.send("snapshot", i % 3, "{\"auction\": " + i + ", \"price\": " + i * 10 + "}");
    }
    kafka.send("snapshot", 1, "{\"auction\": ");
    try (SluiceEngine engine = engine()) {
      // four offsets per trigger: the snapshot drains the topic over several batches
      engine.execute(session, stream("bids", "snapshot", ", 'max-offsets-per-trigger' = '4'"));
      assertThat(rowsOf(engine, "SELECT auction, price FROM bids WHERE price >= 30"))
          .containsExactlyInAnyOrder(
              "[3, 30]", "[4, 40]", "[5, 50]", "[6, 60]", "[7, 70]", "[8, 80]");
    }
  }

  @Test
  void aSinkDroppedAndCreatedAgainWritesItsOutputAgain() throws Exception {
    kafka.createTopic("in", 2);
    kafka.createTopic("out", 1);
    kafka.send("in", 0, "{\"auction\": 1, \"price\": 5}");
    kafka.send("in", 1, "{\"auction\": 2, \"price\": 20}");
    String sink =
        "CREATE SINK pricey WITH ('connector' = 'kafka', 'topic' = 'out', "
            + "'bootstrap.servers' = '"
            + kafka.bootstrapServers()
            + "', 'format' = 'csv') AS "
            + "SELECT auction, price FROM bids WHERE price > 10";
    try (SluiceEngine engine = engine()) {
      engine.execute(session, stream("bids", "in", ""));
      engine.execute(session, sink);
      assertThat(kafka.awaitCommitted("out", 1)).containsExactly("2,20");
      awaitGroupOffsets("sluice-pricey", "in", Map.of(0, 1L, 1, 1L));

      engine.execute(session, "DROP SINK pricey");
      engine.execute(session, sink);
      // a new query with a new checkpoint: it reads the topic again and writes it again
      assertThat(kafka.awaitCommitted("out", 2)).containsExactly("2,20", "2,20");
      kafka.send("in", 0, "{\"auction\": 3, \"price\": 30}");
      assertThat(kafka.awaitCommitted("out", 3)).containsExactly("2,20", "2,20", "3,30");
      awaitGroupOffsets("sluice-pricey", "in", Map.of(0, 2L, 1, 1L));
    }
  }

  @Test
  void anIdleDefaultTriggerPushQueryWakesWhenItsConsumerFetchesARecord() throws Exception {
    kafka.createTopic("wake", 1);
    kafka.send("wake", 0, "{\"auction\": 1, \"price\": 10}");
    // an idle poll far past the deadline: only the consumer's fetch can start the second batch
    try (SluiceEngine engine =
        new SluiceEngine(
            SluiceConfig.defaults()
                .with(SluiceConfig.DATA_DIR, temp.resolve("data").toString())
                .with(SluiceConfig.IDLE_POLL_MS, "600000"))) {
      engine.execute(session, stream("bids", "wake", ""));
      StatementResult.Rows result =
          (StatementResult.Rows) engine.execute(session, "SELECT STREAM auction, price FROM bids");
      try {
        assertThat(awaitRows(result, 1)).containsExactly("[1, 10]");
        kafka.send("wake", 0, "{\"auction\": 2, \"price\": 20}");
        assertThat(awaitRows(result, 1)).containsExactly("[2, 20]");
      } finally {
        result.rows().close();
      }
    }
  }

  /** The next {@code count} rows of a push query, within the deadline. */
  private static List<String> awaitRows(StatementResult.Rows result, int count) throws Exception {
    List<String> rows = new ArrayList<>();
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (rows.size() < count && System.currentTimeMillis() < deadline) {
      QueryOutput.Chunk chunk = result.rows().poll(count - rows.size(), 200);
      chunk.rows().forEach(row -> rows.add(Arrays.toString(row)));
      assertThat(chunk.done()).as("push query ended").isFalse();
    }
    return rows;
  }

  private static void awaitGroupOffsets(String group, String topic, Map<Integer, Long> expected)
      throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    Map<Integer, Long> offsets = kafka.groupOffsets(group, topic);
    while (!offsets.equals(expected) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      offsets = kafka.groupOffsets(group, topic);
    }
    assertThat(offsets).as("offsets of group %s", group).isEqualTo(expected);
  }
}
