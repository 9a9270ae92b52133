package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.driver.QueryOutput;
import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.result.StatementResult;
import io.sluice.server.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A continuous query hands its rows to a Kafka sink as they come, into the epoch's transaction: a
 * {@code read_uncommitted} consumer sees them long before the epoch ends, a {@code read_committed}
 * one only once the epoch commits.
 */
@Timeout(120)
class ContinuousKafkaSinkTest {
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

  private static String options() {
    return "'connector' = 'kafka', 'bootstrap.servers' = '" + kafka.bootstrapServers() + "'";
  }

  /**
   * An engine with stream {@code bids} over new topic {@code <prefix>_in}; {@code _out} made too.
   */
  private SluiceEngine engineReadingBids(String prefix) throws Exception {
    kafka.createTopic(prefix + "_in", 2);
    kafka.createTopic(prefix + "_out", 1);
    SluiceEngine engine =
        new SluiceEngine(
            SluiceConfig.defaults()
                .with(SluiceConfig.DATA_DIR, temp.resolve("data").toString())
                .with(SluiceConfig.FILES_ALLOWED_PATHS, temp.toString()));
    engine.execute(
        session,
        "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ("
            + options()
            + ", 'topic' = '"
            + prefix
            + "_in', 'format' = 'json')");
    return engine;
  }

  @Test
  void rowsReachTheSinksTransactionBeforeTheEpochCommits() throws Exception {
    String options = options();
    try (SluiceEngine engine = engineReadingBids("cont")) {
      // an epoch of ten minutes: nothing commits while the test runs
      engine.execute(
          session,
          "CREATE SINK big_bids WITH ("
              + options
              + ", 'topic' = 'cont_out', 'format' = 'json') AS "
              + "SELECT auction, price FROM bids WHERE price > 10 "
              + "TRIGGER CONTINUOUS INTERVAL '10' MINUTE");
      kafka.send("cont_in", 0, "{\"auction\": 1, \"price\": 5}");
      kafka.send("cont_in", 1, "{\"auction\": 2, \"price\": 20}");
      kafka.send("cont_in", 0, "{\"auction\": 3, \"price\": 30}");

      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      List<String> sent = kafka.readUncommitted("cont_out");
      while (sent.size() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
        sent = kafka.readUncommitted("cont_out");
      }
      assertThat(sent)
          .containsExactlyInAnyOrder(
              "{\"auction\":2,\"price\":20}", "{\"auction\":3,\"price\":30}");
      assertThat(kafka.readCommitted("cont_out")).as("committed before the epoch ends").isEmpty();

      // stopped, the query aborts its epoch's transaction rather than leave it open until the
      // broker's timeout (a minute), holding read_committed readers back: a record written after
      // it is readable at once
      engine.execute(session, "STOP QUERY big_bids");
      kafka.send("cont_out", 0, "{\"marker\":1}");
      deadline = System.currentTimeMillis() + 20_000;
      List<String> committed = kafka.readCommitted("cont_out");
      while (committed.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
        committed = kafka.readCommitted("cont_out");
      }
      assertThat(committed).containsExactly("{\"marker\":1}");
    }
  }

  @Test
  void shortEpochsCommitBehindTheFlowExactlyOnce() throws Exception {
    String options = options();
    try (SluiceEngine engine = engineReadingBids("short")) {
      // epochs of 10 ms: each commits on the committer's thread while the next one's rows are
      // written through the sink's other transactional producer
      engine.execute(
          session,
          "CREATE SINK short_bids WITH ("
              + options
              + ", 'topic' = 'short_out', 'format' = 'json') AS "
              + "SELECT auction, price FROM bids WHERE price > 10 "
              + "TRIGGER CONTINUOUS INTERVAL '0.01' SECOND");
      List<String> expected = new ArrayList<>();
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      for (int n = 0; n < 200; n++) {
        long price = n % 2 == 0 ? 20 + n : 5;
        kafka.send("short_in", n % 2, "{\"auction\": " + n + ", \"price\": " + price + "}");
        if (price > 10) {
          expected.add("{\"auction\":" + n + ",\"price\":" + price + "}");
        }
        if (n == 0) {
          // the query runs before the rest comes, so the rest spans many epochs
          while (kafka.readUncommitted("short_out").isEmpty()
              && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
          }
        } else if (n % 20 == 19) {
          Thread.sleep(30);
        }
      }
      List<String> committed = kafka.readCommitted("short_out");
      while (committed.size() < expected.size() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
        committed = kafka.readCommitted("short_out");
      }
      assertThat(committed).containsExactlyInAnyOrderElementsOf(expected);
      // the input came over several epochs, committed in turn by both producers
      StatementResult.Rows progress =
          (StatementResult.Rows)
              engine.execute(
                  session,
                  "SELECT COUNT(*) FROM sys.query_progress WHERE query_id = 'short_bids'"
                      + " AND input_rows > 0");
      QueryOutput.Chunk chunk = progress.rows().poll(1000, 10_000);
      assertThat(((Number) chunk.rows().get(0)[0]).longValue()).isGreaterThan(2);
      engine.execute(session, "STOP QUERY short_bids");
      assertThat(kafka.readCommitted("short_out")).hasSameSizeAs(expected);
    }
  }
}
