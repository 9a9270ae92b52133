package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink's and a materialized view's batches stay in {@code sys.query_progress} and the web UI
 * across a server restart, and their history goes on from there; DROP removes it.
 */
@Timeout(90)
class QueryHistoryEndToEndTest {
  private static final String BUSY_BATCHES =
      "SELECT batch_id || ':' || input_rows FROM sys.query_progress WHERE query_id = '%s'"
          + " AND input_rows > 0";

  @TempDir Path temp;
  private TestingServer server;
  private Path events;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    events = Files.createDirectories(temp.resolve("events"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<String> busyBatches(Connection connection, String query) throws Exception {
    return query(connection, String.format(BUSY_BATCHES, query));
  }

  /** The web UI's data for one query. */
  private JsonNode uiQuery(String id) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.server().webUrl() + "api/queries"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    for (JsonNode query : new ObjectMapper().readTree(response.body()).get("queries")) {
      if (query.get("id").asText().equals(id)) {
        return query;
      }
    }
    throw new AssertionError("No query " + id + " in " + response.body());
  }

  @Test
  void sinksAndViewsKeepTheirHistoryAcrossARestart() throws Exception {
    List<String> sinkBefore;
    List<String> viewBefore;
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM events (id BIGINT, name VARCHAR) WITH ('connector' = 'files', 'path' = '"
              + events
              + "', 'format' = 'csv')");
      execute(
          connection,
          "CREATE SINK delivered WITH ('connector' = 'files', 'path' = '"
              + temp.resolve("out")
              + "', 'format' = 'json') AS SELECT id FROM events");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_name AS SELECT name, COUNT(*) AS n FROM events GROUP BY"
              + " name");
      land(events, "1.csv", "1,ann\n2,bob\n");
      sinkBefore =
          await(
              "the sink's batch of 2 rows",
              () -> busyBatches(connection, "delivered"),
              rows -> !rows.isEmpty());
      viewBefore =
          await(
              "the view's batch of 2 rows",
              () -> busyBatches(connection, "per_name"),
              rows -> !rows.isEmpty());
      assertThat(sinkBefore).singleElement().asString().endsWith(":2");
      assertThat(uiQuery("delivered").get("totalInputRows").asLong()).isEqualTo(2);
      // in its file while the query runs too (within a second), not only when it stops
      Path sinkHistory = temp.resolve("data").resolve("progress").resolve("delivered.json");
      await(
          "the sink's batch in its history file",
          () -> Files.exists(sinkHistory) ? Files.readString(sinkHistory) : "",
          text -> text.contains("\"totalInputRows\":2"));
    }

    server.restart();

    try (Connection connection = server.connect()) {
      // there at once: the history comes back as the query starts with the server
      assertThat(busyBatches(connection, "delivered")).isEqualTo(sinkBefore);
      assertThat(busyBatches(connection, "per_name")).isEqualTo(viewBefore);
      JsonNode sink = uiQuery("delivered");
      assertThat(sink.get("totalInputRows").asLong()).isEqualTo(2);
      assertThat(sink.get("progress").toString()).contains(sinkBefore.get(0).split(":")[0]);

      land(events, "2.csv", "3,cid\n");
      List<String> after =
          await(
              "the sink's next batch after the restart",
              () -> busyBatches(connection, "delivered"),
              rows -> rows.size() == 2);
      assertThat(after.get(0)).isEqualTo(sinkBefore.get(0));
      assertThat(after.get(1)).endsWith(":1");
      long firstId = Long.parseLong(after.get(0).split(":")[0]);
      long nextId = Long.parseLong(after.get(1).split(":")[0]);
      assertThat(nextId).isGreaterThan(firstId);
      assertThat(uiQuery("delivered").get("totalInputRows").asLong()).isEqualTo(3);

      // DROP takes the history with it: a sink created anew under the name starts without it
      Path historyFiles = temp.resolve("data").resolve("progress");
      assertThat(Files.list(historyFiles).map(p -> p.getFileName().toString()).toList())
          .contains("delivered.json", "per_name.json");
      execute(connection, "DROP SINK delivered");
      assertThat(Files.exists(historyFiles.resolve("delivered.json"))).isFalse();
      execute(connection, "DROP MATERIALIZED VIEW per_name");
      assertThat(Files.exists(historyFiles.resolve("per_name.json"))).isFalse();
      execute(
          connection,
          "CREATE SINK delivered WITH ('connector' = 'files', 'path' = '"
              + temp.resolve("out2")
              + "', 'format' = 'json') AS SELECT id FROM events");
      await(
          "the new sink's first batch",
          () -> busyBatches(connection, "delivered"),
          rows -> !rows.isEmpty());
      assertThat(uiQuery("delivered").get("totalInputRows").asLong()).isEqualTo(3);
    }
  }
}
