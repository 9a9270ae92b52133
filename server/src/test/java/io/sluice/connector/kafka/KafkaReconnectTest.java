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
 * A sink from one Kafka topic to another outlives its broker going away: with the broker stopped
 * and started again, the sink resumes by itself and the output topic holds every record once.
 */
@Timeout(300)
class KafkaReconnectTest {
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
              + "', 'format' = 'csv')");
      execute(
          connection,
          "CREATE SINK pricey WITH ('connector' = 'kafka', 'topic' = 'pricey', "
              + "'bootstrap.servers' = '"
              + kafka.bootstrapServers()
              + "', 'format' = 'csv') AS SELECT auction, price FROM bids WHERE price > 10");
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
      // the sink's connections break while it polls; the broker comes back on its address
      Thread.sleep(3_000);
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
