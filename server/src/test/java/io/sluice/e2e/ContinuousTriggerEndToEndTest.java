package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.query;
import static io.sluice.e2e.EndToEnd.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The continuous trigger on a real server: records posted to an HTTP stream reach a JDBC client
 * without waiting for the epoch to end, progress is kept per epoch, sinks take the trigger from
 * EMIT, and what it cannot run is refused.
 */
@Timeout(60)
class ContinuousTriggerEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;
  private Connection monitor;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    connection = server.connect();
    monitor = server.connect();
    http = HttpClient.newHttpClient();
    execute(
        connection,
        "CREATE STREAM clicks (id BIGINT, page VARCHAR, ms INT)"
            + " WITH ('connector' = 'http', 'format' = 'json')");
  }

  @AfterEach
  void stop() throws Exception {
    monitor.close();
    connection.close();
    server.close();
  }

  private void post(String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.server().webUrl() + "api/streams/clicks"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("post answered %s", response.body()).isEqualTo(200);
  }

  private static String click(long id, String page, int ms) {
    return "{\"id\": " + id + ", \"page\": \"" + page + "\", \"ms\": " + ms + "}\n";
  }

  /**
   * The epoch is ten minutes, longer than the test may run: rows that reach the client came through
   * as they arrived, not at an epoch's end.
   */
  @Test
  void rowsReachTheClientAsTheyArriveNotAtTheEpochsEnd() throws Exception {
    execute(connection, "SET 'trigger' = 'continuous:10m'");
    String sql = "SELECT STREAM id, UPPER(page) AS page FROM clicks WHERE ms > 10";
    try (Statement statement = connection.createStatement()) {
      ResultSet rs = statement.executeQuery(sql);
      String id = EndToEnd.runningQueryId(monitor, sql);
      assertThat(
              query(monitor, "SELECT \"trigger\" FROM sys.queries WHERE query_id = '" + id + "'"))
          .containsExactly("continuous:600000ms");

      post(click(1, "home", 5) + click(2, "cart", 50));
      assertThat(rows(rs, 1)).containsExactly("2 | CART");
      post(click(3, "pay", 11));
      assertThat(rows(rs, 1)).containsExactly("3 | PAY");
      // nothing is checkpointed or reported before the epoch ends
      assertThat(EndToEnd.progress(monitor, id, "batch_id")).isEmpty();
    }
  }

  /** One progress row per epoch in which rows arrived, numbered on from 0. */
  @Test
  void progressIsReportedPerEpoch() throws Exception {
    execute(connection, "SET 'trigger' = 'continuous:200ms'");
    String sql = "SELECT STREAM id FROM clicks";
    try (Statement statement = connection.createStatement()) {
      ResultSet rs = statement.executeQuery(sql);
      String id = EndToEnd.runningQueryId(monitor, sql);
      List<String> expected = new ArrayList<>();
      for (int post = 0; post < 3; post++) {
        post(click(post * 2L, "a", 1) + click(post * 2L + 1, "b", 1));
        expected.add(String.valueOf(post * 2));
        expected.add(String.valueOf(post * 2 + 1));
      }
      assertThat(rows(rs, 6)).containsExactlyElementsOf(expected);
      List<String> epochs =
          await(
              "every row counted in the progress of its epoch",
              () -> EndToEnd.progress(monitor, id, "batch_id, input_rows, output_rows"),
              rows -> rows.stream().mapToLong(r -> Long.parseLong(r.split(" \\| ")[1])).sum() == 6);
      for (int epoch = 0; epoch < epochs.size(); epoch++) {
        String[] row = epochs.get(epoch).split(" \\| ");
        assertThat(row[0]).as("epoch ids in %s", epochs).isEqualTo(String.valueOf(epoch));
        assertThat(row[1]).as("input and output rows of an epoch in %s", epochs).isEqualTo(row[2]);
      }
    }
  }

  /**
   * A sink takes the trigger from {@code TRIGGER CONTINUOUS INTERVAL}; one it cannot run is refused
   * at CREATE SINK, and is not created.
   */
  @Test
  void sinksRunContinuouslyFromEmitAndRefuseWhatTheyCannot() throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    execute(
        connection,
        "CREATE SINK slow_clicks WITH ('connector' = 'files', 'path' = '"
            + out
            + "', 'format' = 'json') AS SELECT id, page FROM clicks WHERE ms > 100 "
            + "EMIT APPEND TRIGGER CONTINUOUS INTERVAL '2' SECOND");
    assertThat(query(monitor, "SELECT \"trigger\" FROM sys.sinks WHERE name = 'slow_clicks'"))
        .containsExactly("continuous:2000ms");
    execute(
        connection,
        "CREATE STREAM slow_out (id BIGINT, page VARCHAR) WITH ('connector' = 'files', "
            + "'path' = '"
            + out
            + "', 'format' = 'json')");
    post(click(1, "home", 500) + click(2, "cart", 5) + click(3, "pay", 101));
    assertThat(
            await(
                "the epoch's rows committed to the sink",
                () -> query(monitor, "SELECT id, page FROM slow_out"),
                rows -> rows.size() >= 2))
        .containsExactlyInAnyOrder("1 | home", "3 | pay");

    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "CREATE SINK joined WITH ('connector' = 'files', 'path' = '"
                        + temp.resolve("joined")
                        + "', 'format' = 'json') AS SELECT a.id, b.page FROM clicks a "
                        + "JOIN clicks b ON a.id = b.id TRIGGER CONTINUOUS"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("The continuous trigger cannot run the regular join of two streams");
    assertThat(query(monitor, "SELECT name FROM sys.sinks")).containsExactly("slow_clicks");
  }

  /** A materialized view over an aggregate in update mode, kept continuously: its table. */
  @Test
  void aMaterializedViewAggregatesContinuously() throws Exception {
    execute(
        connection,
        "CREATE MATERIALIZED VIEW page_views EMIT UPDATE TRIGGER CONTINUOUS INTERVAL '0.2' SECOND"
            + " AS SELECT page, COUNT(*) AS n, SUM(ms) AS total FROM clicks GROUP BY page");
    post(click(1, "home", 5) + click(2, "cart", 50));
    post(click(3, "home", 7));
    assertThat(
            await(
                "the view's table after the posts",
                () -> query(monitor, "SELECT page, n, total FROM page_views"),
                rows -> rows.containsAll(List.of("home | 2 | 12", "cart | 1 | 50"))))
        .containsExactlyInAnyOrder("home | 2 | 12", "cart | 1 | 50");
  }

  @Test
  void anEpochTooShortToCheckpointIsRefused() {
    assertThatThrownBy(() -> execute(connection, "SET 'trigger' = 'continuous:5ms'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Invalid value 'continuous:5ms' for session property 'trigger'")
        .hasMessageContaining("continuous:N (N at least 10ms");
  }
}
