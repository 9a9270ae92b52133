package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.exec.driver.QueryOutput;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code 'connector' = 'upsert-kafka'} against the real broker: a sink writes an aggregate's rows
 * under their key and tombstones for deleted keys; a stream reads such a topic back as an updating
 * table.
 */
@Timeout(180)
class UpsertKafkaTest {
  private static final long DEADLINE_MILLIS = 60_000;

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

  private String kafkaOptions(String connector, String topic) {
    return "'connector' = '"
        + connector
        + "', 'topic' = '"
        + topic
        + "', 'bootstrap.servers' = '"
        + kafka.bootstrapServers()
        + "', 'format' = 'json'";
  }

  /** The topic's committed records as {@code key -> value}, {@code null} for a tombstone. */
  private static List<String> records(String topic) {
    List<String> rendered = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.records(topic)) {
      rendered.add(
          text(record.key()) + " -> " + (record.value() == null ? "null" : text(record.value())));
    }
    return rendered;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "no key" : new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<String> awaitRecords(String topic, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    List<String> found = records(topic);
    while (found.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      found = records(topic);
    }
    return found;
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

  private List<String> awaitRows(SluiceEngine engine, String sql, List<String> expected)
      throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    List<String> rows = rowsOf(engine, sql);
    while (!rows.equals(expected) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      rows = rowsOf(engine, sql);
    }
    return rows;
  }

  @Test
  void anAggregateIsWrittenByKeyWithTombstonesAndReadBackAsAnUpdatingTable() throws Exception {
    kafka.createTopic("upsert-bids", 1);
    kafka.createTopic("upsert-totals", 1);
    kafka.send("upsert-bids", 0, "{\"auction\": 1, \"price\": 10}");
    kafka.send("upsert-bids", 0, "{\"auction\": 2, \"price\": 60}");
    try (SluiceEngine engine = engine()) {
      engine.execute(
          session,
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ("
              + kafkaOptions("kafka", "upsert-bids")
              + ")");
      // auctions leave the result once their total reaches 100: their keys get tombstones
      engine.execute(
          session,
          "CREATE SINK totals_sink WITH ("
              + kafkaOptions("upsert-kafka", "upsert-totals")
              + ") AS SELECT auction, COUNT(*) AS bids, SUM(price) AS total FROM bids"
              + " GROUP BY auction HAVING SUM(price) < 100");
      // two keys of one batch: written subtask after subtask, in no order between them
      assertThat(awaitRecords("upsert-totals", 2))
          .containsExactlyInAnyOrder(
              "{\"auction\":1} -> {\"auction\":1,\"bids\":1,\"total\":10}",
              "{\"auction\":2} -> {\"auction\":2,\"bids\":1,\"total\":60}");

      kafka.send("upsert-bids", 0, "{\"auction\": 1, \"price\": 20}");
      kafka.send("upsert-bids", 0, "{\"auction\": 2, \"price\": 50}");
      kafka.send("upsert-bids", 0, "{\"auction\": 3, \"price\": 5}");
      List<String> all = awaitRecords("upsert-totals", 5);
      assertThat(all.subList(2, all.size()))
          .containsExactlyInAnyOrder(
              "{\"auction\":1} -> {\"auction\":1,\"bids\":2,\"total\":30}",
              "{\"auction\":2} -> null",
              "{\"auction\":3} -> {\"auction\":3,\"bids\":1,\"total\":5}");

      // the topic read back: the latest row of each key, deleted keys gone
      engine.execute(
          session,
          "CREATE STREAM totals (auction BIGINT PRIMARY KEY, bids BIGINT, total BIGINT) WITH ("
              + kafkaOptions("upsert-kafka", "upsert-totals")
              + ")");
      engine.execute(
          session, "CREATE MATERIALIZED VIEW latest AS SELECT auction, bids, total FROM totals");
      assertThat(
              awaitRows(
                  engine,
                  "SELECT auction, bids, total FROM latest ORDER BY auction",
                  List.of("[1, 2, 30]", "[3, 1, 5]")))
          .containsExactly("[1, 2, 30]", "[3, 1, 5]");
    }
  }

  @Test
  void aStreamWithoutAKeyAndASinkWithoutOneAreRefused() throws Exception {
    kafka.createTopic("upsert-refusals", 1);
    try (SluiceEngine engine = engine()) {
      assertThatThrownBy(
              () ->
                  engine.execute(
                      session,
                      "CREATE STREAM keyless (auction BIGINT, price BIGINT) WITH ("
                          + kafkaOptions("upsert-kafka", "upsert-refusals")
                          + ")"))
          .hasMessageContaining("Stream 'keyless' uses connector 'upsert-kafka'")
          .hasMessageContaining("declare the key columns with PRIMARY KEY");
      engine.execute(
          session,
          "CREATE STREAM plain (auction BIGINT, price BIGINT) WITH ("
              + kafkaOptions("kafka", "upsert-refusals")
              + ")");
      assertThatThrownBy(
              () ->
                  engine.execute(
                      session,
                      "CREATE SINK keyless_sink WITH ("
                          + kafkaOptions("upsert-kafka", "upsert-refusals")
                          + ") AS SELECT auction, price FROM plain"))
          .hasMessageContaining("writes each row under its key, but its query's rows have no key");
    }
  }

  /** A Flink user's DDL: key and value formats apart, PRIMARY KEY … NOT ENFORCED. */
  @Test
  void flinksKeyAndValueFormatOptionsWriteAndReadTheTopic() throws Exception {
    kafka.createTopic("flink-bids", 1);
    kafka.createTopic("flink-totals", 1);
    kafka.send("flink-bids", 0, "1,10");
    kafka.send("flink-bids", 0, "2,60");
    String common =
        "'topic' = '%s', 'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "'";
    try (SluiceEngine engine = engine()) {
      engine.execute(
          session,
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ('connector' = 'kafka', "
              + common.formatted("flink-bids")
              + ", 'value.format' = 'csv')");
      engine.execute(
          session,
          "CREATE SINK totals_sink WITH ('connector' = 'upsert-kafka', "
              + common.formatted("flink-totals")
              + ", 'key.format' = 'json', 'value.format' = 'csv', 'value.csv.delimiter' = ';',"
              + " 'value.fields-include' = 'ALL') AS SELECT auction, SUM(price) AS total"
              + " FROM bids GROUP BY auction HAVING SUM(price) < 100");
      assertThat(awaitRecords("flink-totals", 2))
          .containsExactlyInAnyOrder("{\"auction\":1} -> 1;10", "{\"auction\":2} -> 2;60");
      kafka.send("flink-bids", 0, "2,50");
      assertThat(awaitRecords("flink-totals", 3)).contains("{\"auction\":2} -> null");

      engine.execute(
          session,
          "CREATE STREAM totals (auction BIGINT, total BIGINT,"
              + " PRIMARY KEY (auction) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', "
              + common.formatted("flink-totals")
              + ", 'key.format' = 'json', 'value.format' = 'csv', 'value.csv.delimiter' = ';')");
      engine.execute(session, "CREATE MATERIALIZED VIEW latest AS SELECT * FROM totals");
      assertThat(awaitRows(engine, "SELECT * FROM latest ORDER BY auction", List.of("[1, 10]")))
          .containsExactly("[1, 10]");
    }
  }

  @Test
  void keyAndValueFormatMistakesAreNamed() throws Exception {
    String common =
        "'connector' = 'upsert-kafka', 'topic' = 't', 'bootstrap.servers' = '"
            + kafka.bootstrapServers()
            + "'";
    String stream = "CREATE STREAM s (k BIGINT PRIMARY KEY NOT ENFORCED, v BIGINT) WITH (";
    try (SluiceEngine engine = engine()) {
      assertThatThrownBy(() -> engine.execute(session, stream + common + ")"))
          .hasMessageContaining("Missing required option 'value.format' (or 'format')");
      assertThatThrownBy(
              () ->
                  engine.execute(
                      session, stream + common + ", 'format' = 'json', 'value.format' = 'csv')"))
          .hasMessageContaining("Options 'format' ('json') and 'value.format' ('csv')");
      assertThatThrownBy(
              () ->
                  engine.execute(
                      session,
                      stream + common + ", 'value.format' = 'json', 'key.format' = 'csv')"))
          .hasMessageContaining("reads keys in format 'csv'")
          .hasMessageContaining("'key.format' = 'json'");
      assertThatThrownBy(
              () ->
                  engine.execute(
                      session,
                      stream
                          + common
                          + ", 'value.format' = 'json', 'value.fields-include' = 'EXCEPT_KEY')"))
          .hasMessageContaining("'value.fields-include' of 's' is 'EXCEPT_KEY'");
      assertThatThrownBy(
              () ->
                  engine.execute(
                      session,
                      stream + common + ", 'value.format' = 'csv', 'value.csv.nope' = 'x')"))
          .hasMessageContaining("Unknown option 'value.csv.nope'")
          .hasMessageContaining("value.csv.delimiter");
      assertThatThrownBy(
              () ->
                  engine.execute(
                      session, stream + common + ", 'format' = 'json', 'key.fields' = 'v')"))
          .hasMessageContaining("Option 'key.fields' of 's'");
    }
  }
}
