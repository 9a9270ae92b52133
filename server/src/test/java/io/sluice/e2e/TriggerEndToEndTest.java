package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static io.sluice.e2e.EndToEnd.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SET trigger = 'once' | 'available-now' | 'processing-time:N' | 'default' shapes push queries. */
@Timeout(30)
class TriggerEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;
  private Connection monitor;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    connection = server.connect();
    monitor = server.connect();
    input = Files.createDirectories(temp.resolve("in"));
    execute(
        connection,
        "CREATE STREAM nums (n BIGINT, tag VARCHAR) WITH ('connector' = 'files', "
            + "'path' = '"
            + input
            + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
  }

  @AfterEach
  void stop() throws Exception {
    monitor.close();
    connection.close();
    server.close();
  }

  /** The id of the push query with this SQL, and its state once it is no longer RUNNING. */
  private String endedQueryId(String sql) throws Exception {
    String id =
        await(
            "push query " + sql,
            () ->
                query(monitor, "SELECT query_id, sql_text FROM sys.queries WHERE push").stream()
                    .filter(row -> row.endsWith(" | " + sql))
                    .map(row -> row.split(" \\| ")[0])
                    .findFirst()
                    .orElse(null),
            found -> found != null);
    await(
        "query " + id + " to finish",
        () -> query(monitor, "SELECT state FROM sys.queries WHERE query_id = '" + id + "'"),
        states -> states.equals(List.of("FINISHED")));
    return id;
  }

  @Test
  void onceReadsEverythingAvailableInOneBatchAndEnds() throws Exception {
    land(input, "1.csv", "1,a\n2,b\n");
    land(input, "2.csv", "3,c\n");
    execute(connection, "SET 'trigger' = 'once'");
    String sql = "SELECT STREAM n, tag FROM nums";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      // one row per round trip: the query stays listed on the server until its last row is fetched
      statement.setFetchSize(1);
      ResultSet rs = statement.executeQuery();
      assertThat(rows(rs, 2)).containsExactly("1 | a", "2 | b");

      // one batch despite 'max-files-per-trigger' = '1'
      String id = endedQueryId(sql);
      assertThat(
              query(monitor, "SELECT \"trigger\" FROM sys.queries WHERE query_id = '" + id + "'"))
          .containsExactly("once");
      assertThat(EndToEnd.progress(monitor, id, "batch_id, input_rows, output_rows"))
          .containsExactly("0 | 3 | 3");

      assertThat(rows(rs, 1)).containsExactly("3 | c");
      assertThat(rs.next()).as("end of a once query").isFalse();
    }

    // back on the default trigger, a push query keeps running and sees files that land later
    execute(connection, "SET trigger = 'default'");
    try (Statement statement = connection.createStatement()) {
      ResultSet rs = statement.executeQuery("SELECT STREAM n FROM nums WHERE n > 3");
      land(input, "3.csv", "4,d\n");
      assertThat(rows(rs, 1)).as("a default-trigger query keeps running").containsExactly("4");
    }
  }

  @Test
  void availableNowReadsEverythingInBatchesAndEnds() throws Exception {
    land(input, "1.csv", "1,a\n2,b\n");
    land(input, "2.csv", "3,c\n");
    land(input, "3.csv", "4,d\n5,e\n6,f\n");
    execute(connection, "SET trigger = 'available-now'");
    String sql = "SELECT STREAM n * 10 FROM nums WHERE tag <> 'e'";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setFetchSize(1);
      ResultSet rs = statement.executeQuery();
      assertThat(rows(rs, 4)).containsExactly("10", "20", "30", "40");

      // one file per batch, as 'max-files-per-trigger' says
      String id = endedQueryId(sql);
      assertThat(EndToEnd.progress(monitor, id, "batch_id, input_rows, output_rows"))
          .containsExactly("0 | 2 | 2", "1 | 1 | 1", "2 | 3 | 2");

      assertThat(rows(rs, 1)).containsExactly("60");
      assertThat(rs.next()).as("end of an available-now query").isFalse();
    }
  }

  @Test
  void processingTimeSpacesBatches() throws Exception {
    execute(connection, "SET trigger = 'processing-time:300ms'");
    try (Statement statement = connection.createStatement()) {
      String sql = "SELECT STREAM n FROM nums";
      ResultSet rs = statement.executeQuery(sql);
      String id = EndToEnd.runningQueryId(monitor, sql);
      land(input, "1.csv", "1,a\n");
      assertThat(rows(rs, 1)).containsExactly("1");
      land(input, "2.csv", "2,b\n");
      assertThat(rows(rs, 1)).containsExactly("2");

      List<Long> starts =
          await("two batches of " + id, () -> batchStarts(id), list -> list.size() == 2);
      assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(300);
    }
  }

  private List<Long> batchStarts(String queryId) throws SQLException {
    try (Statement statement = monitor.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT started FROM sys.query_progress WHERE query_id = '" + queryId + "'")) {
      List<Long> starts = new ArrayList<>();
      while (rs.next()) {
        starts.add(rs.getTimestamp(1).getTime());
      }
      return starts;
    }
  }

  @Test
  void invalidTriggerIsRejectedWithTheAcceptedForms() {
    assertThatThrownBy(() -> execute(connection, "SET trigger = 'sometimes'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContainingAll(
            "Invalid value 'sometimes' for session property 'trigger'",
            "processing-time:N",
            "once",
            "available-now");
  }
}
