package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink from one Kafka topic to another outlives its broker going away: while the broker is
 * stopped the sink is RETRYING (with the cause and its next attempt in sys.queries), and once it is
 * started again the sink resumes by itself and the output topic holds every record once.
 */
@Timeout(300)
class KafkaReconnectTest {
  /** Client calls give up after seconds, not the default minute, while the broker is away. */
  private static final String SHORT_TIMEOUTS =
      ", 'properties.default.api.timeout.ms' = '3000', 'properties.request.timeout.ms' = '1000'";

  @TempDir Path temp;

  @Test
  void aSinkResumesWhenTheBrokerComesBackWithNothingLostOrDuplicated() throws Exception {
    try (KafkaTestCluster kafka = KafkaTestCluster.start();
        TestingServer server =
            new TestingServer(
                temp.resolve("data"),
                Map.of(
                    SluiceConfig.RETRY_INITIAL_DELAY_MS, "200",
                    SluiceConfig.RETRY_MAX_DELAY_MS, "2000"));
        Connection connection = server.connect()) {
      kafka.createTopic("bids", 2);
      kafka.createTopic("pricey", 2);
      execute(
          connection,
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ('connector' = 'kafka', "
              + "'topic' = 'bids', 'bootstrap.servers' = '"
              + kafka.bootstrapServers()
              + "', 'format' = 'csv'"
              + SHORT_TIMEOUTS
              + ")");
      execute(
          connection,
          "CREATE SINK pricey WITH ('connector' = 'kafka', 'topic' = 'pricey', "
              + "'bootstrap.servers' = '"
              + kafka.bootstrapServers()
              + "', 'format' = 'csv'"
              + SHORT_TIMEOUTS
              + ", 'properties.max.block.ms' = '2000') "
              + "AS SELECT auction, price FROM bids WHERE price > 10");
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        kafka.send("bids", i % 2, i + "," + (i * 10));
        if (i * 10 > 10) {
          expected.add(i + "," + (i * 10));
        }
      }
      assertThat(kafka.awaitCommitted("pricey", expected.size()))
          .containsExactlyInAnyOrderElementsOf(expected);

      kafka.stopBroker();
      // its calls to the broker time out: the sink retries, showing why and when it tries again
      String retrying = awaitRetrying(connection);
      assertThat(retrying).contains("topic").doesNotContain("Exception:");
      kafka.startBroker();

      for (int i = 10; i < 20; i++) {
        kafka.send("bids", i % 2, i + "," + (i * 10));
        expected.add(i + "," + (i * 10));
      }
      // the sink's calls may wait out their timeout (a minute) before it retries
      long deadline = System.currentTimeMillis() + 180_000;
      List<String> output = kafka.awaitCommitted("pricey", expected.size());
      while (output.size() < expected.size() && System.currentTimeMillis() < deadline) {
        output = kafka.awaitCommitted("pricey", expected.size());
      }
      assertThat(output).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(states(connection)).containsExactly("pricey | RUNNING");
    }
  }

  /** The sink's error while it is RETRYING; fails if it does not retry within a minute. */
  private static String awaitRetrying(Connection connection) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT error, next_attempt FROM sys.queries "
                      + "WHERE query_id = 'pricey' AND state = 'RETRYING'")) {
        if (rs.next()) {
          assertThat(rs.getTimestamp(2)).as("next attempt").isNotNull();
          return rs.getString(1);
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("pricey never showed RETRYING: " + states(connection));
  }

  private static List<String> states(Connection connection) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT query_id, state FROM sys.queries WHERE query_id = 'pricey'")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " | " + rs.getString(2));
      }
    }
    return rows;
  }

  private static void execute(Connection connection, String sql) throws Exception {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
