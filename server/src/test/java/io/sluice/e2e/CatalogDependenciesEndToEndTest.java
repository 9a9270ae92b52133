package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.spi.fs.ChecksummedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What uses what in the catalog: a DROP of something others read is refused naming them, CASCADE
 * drops them too, and a persistent query that cannot start stays listed as FAILED with its cause
 * until what it missed comes back or RESTART QUERY starts it.
 */
@Timeout(60)
class CatalogDependenciesEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Path clicks;
  private Path out;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    clicks = Files.createDirectories(temp.resolve("clicks"));
    out = temp.resolve("out");
    land(
        clicks,
        "001.json",
        "{\"user_id\": 1, \"url\": \"/a\"}\n{\"user_id\": 2, \"url\": \"/b\"}\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String clicksDdl() {
    return "CREATE STREAM clicks (user_id BIGINT, url VARCHAR) WITH ('connector' = 'files', "
        + "'path' = '"
        + clicks
        + "', 'format' = 'json')";
  }

  private String sinkDdl() {
    return "CREATE SINK copied WITH ('connector' = 'files', 'path' = '"
        + out
        + "', 'format' = 'json') AS SELECT user_id, url FROM clicks";
  }

  @Test
  void dropOfAStreamOthersReadIsRefusedNamingThem() throws Exception {
    try (Connection connection = server.connect()) {
      execute(connection, clicksDdl());
      execute(connection, "CREATE VIEW urls AS SELECT url FROM clicks");
      execute(
          connection, "CREATE VIEW long_urls AS SELECT url FROM urls WHERE CHAR_LENGTH(url) > 1");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_user AS SELECT user_id, COUNT(*) AS n FROM clicks "
              + "GROUP BY user_id");
      execute(connection, sinkDdl());

      assertThatThrownBy(() -> execute(connection, "DROP STREAM clicks"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("Cannot drop stream 'clicks'")
          .hasMessageContaining("view 'urls'")
          .hasMessageContaining("materialized view 'per_user'")
          .hasMessageContaining("sink 'copied'")
          .hasMessageContaining("DROP STREAM clicks CASCADE");
      assertThatThrownBy(() -> execute(connection, "DROP VIEW urls"))
          .hasMessageContaining("view 'long_urls' uses it");
      // nothing was dropped, and the queries still run
      assertThat(query(connection, "SELECT name FROM sys.streams")).containsExactly("clicks");
      assertThat(query(connection, "SELECT state FROM sys.queries WHERE query_id = 'copied'"))
          .containsExactly("RUNNING");
    }
  }

  @Test
  void cascadeStopsAndDropsEveryUser() throws Exception {
    try (Connection connection = server.connect()) {
      execute(connection, clicksDdl());
      execute(connection, "CREATE VIEW urls AS SELECT url FROM clicks");
      execute(
          connection, "CREATE VIEW long_urls AS SELECT url FROM urls WHERE CHAR_LENGTH(url) > 1");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_user AS SELECT user_id, COUNT(*) AS n FROM clicks "
              + "GROUP BY user_id");
      execute(connection, sinkDdl());

      execute(connection, "DROP STREAM clicks CASCADE");

      assertThat(query(connection, "SELECT name FROM sys.streams")).isEmpty();
      assertThat(query(connection, "SELECT name FROM sys.views")).isEmpty();
      assertThat(query(connection, "SELECT name FROM sys.materialized_views")).isEmpty();
      assertThat(query(connection, "SELECT name FROM sys.sinks")).isEmpty();
      assertThat(
              query(
                  connection,
                  "SELECT query_id, state FROM sys.queries "
                      + "WHERE query_id IN ('copied', 'per_user') ORDER BY query_id"))
          .containsExactly("copied | CANCELLED", "per_user | CANCELLED");
      // the names are free again
      execute(connection, clicksDdl());
      execute(connection, "CREATE VIEW urls AS SELECT url FROM clicks");
    }
  }

  @Test
  void dropOfAFunctionAViewCallsIsRefused() throws Exception {
    try (Connection connection = server.connect()) {
      execute(connection, clicksDdl());
      execute(connection, "CREATE FUNCTION shout AS 'io.sluice.testing.udf.Shout'");
      execute(connection, "CREATE VIEW loud AS SELECT shout(url) AS url FROM clicks");

      assertThatThrownBy(() -> execute(connection, "DROP FUNCTION shout"))
          .hasMessageContaining("Cannot drop function 'shout': view 'loud' uses it");
      execute(connection, "DROP FUNCTION shout CASCADE");
      assertThat(query(connection, "SELECT name FROM sys.views")).isEmpty();
    }
  }

  @Test
  void aSinkThatCannotStartIsListedFailedUntilWhatItMissedComesBack() throws Exception {
    try (Connection connection = server.connect()) {
      execute(connection, clicksDdl());
      execute(connection, sinkDdl());
      awaitOutputLines(2);
    }
    // The stream disappears behind the server's back (a catalog written by an older server).
    server.close();
    Path relations = temp.resolve("data").resolve("catalog").resolve("relations.json");
    ObjectMapper json = new ObjectMapper();
    ArrayNode kept = json.createArrayNode();
    // read past the checksum; written back without one, as a server before checksums wrote it
    json.readTree(ChecksummedFiles.read(relations, ChecksummedFiles::isJson))
        .forEach(
            r -> {
              if (!r.get("name").asText().equals("clicks")) {
                kept.add(r);
              }
            });
    json.writeValue(relations.toFile(), kept);
    server = new TestingServer(temp.resolve("data"));

    try (Connection connection = server.connect()) {
      assertThat(
              query(connection, "SELECT state, error FROM sys.queries WHERE query_id = 'copied'"))
          .singleElement()
          .asString()
          .startsWith("FAILED | ")
          .contains("clicks");
      assertThatThrownBy(() -> execute(connection, "RESTART QUERY copied"))
          .hasMessageContaining("clicks");

      execute(connection, clicksDdl());

      assertThat(query(connection, "SELECT state FROM sys.queries WHERE query_id = 'copied'"))
          .containsExactly("RUNNING");
      land(clicks, "002.json", "{\"user_id\": 3, \"url\": \"/c\"}\n");
      awaitOutputLines(3);
    }
  }

  @Test
  void restartQueryResumesAStoppedSinkFromItsCheckpoint() throws Exception {
    try (Connection connection = server.connect()) {
      execute(connection, clicksDdl());
      execute(connection, sinkDdl());
      awaitOutputLines(2);
      execute(connection, "STOP QUERY copied");
      await(
          "the sink to stop",
          () -> query(connection, "SELECT state FROM sys.queries WHERE query_id = 'copied'"),
          rows -> rows.equals(List.of("CANCELLED")));
      land(clicks, "002.json", "{\"user_id\": 3, \"url\": \"/c\"}\n");

      execute(connection, "RESTART QUERY copied");

      assertThat(await("three lines, none twice", () -> outputLines(), lines -> lines.size() >= 3))
          .containsExactlyInAnyOrder(
              "{\"user_id\":1,\"url\":\"/a\"}",
              "{\"user_id\":2,\"url\":\"/b\"}",
              "{\"user_id\":3,\"url\":\"/c\"}");
      assertThatThrownBy(() -> execute(connection, "RESTART QUERY copied"))
          .hasMessageContaining("Query 'copied' is running");
      assertThatThrownBy(() -> execute(connection, "RESTART QUERY nothing"))
          .hasMessageContaining("No sink or materialized view 'nothing'");
    }
  }

  @Test
  void setRefusesUnknownKeysAndValuesNamingWhatIsAllowed() throws Exception {
    try (Connection connection = server.connect()) {
      assertThatThrownBy(() -> execute(connection, "SET 'on_error' = 'skip'"))
          .hasMessageContaining("Unknown session property 'on_error'")
          .hasMessageContaining("trigger, output.mode, changelog.columns");
      assertThatThrownBy(() -> execute(connection, "SET 'output.mode' = 'sometimes'"))
          .hasMessageContaining("Invalid value 'sometimes' for session property 'output.mode'")
          .hasMessageContaining("append, update, complete or auto");
      assertThatThrownBy(() -> execute(connection, "SET 'changelog.columns' = 'yes'"))
          .hasMessageContaining("expected true or false");
      execute(connection, "SET 'TRIGGER' = 'once'");
    }
  }

  private void awaitOutputLines(int count) throws Exception {
    await("the sink to write " + count + " lines", this::outputLines, l -> l.size() >= count);
  }

  private List<String> outputLines() throws Exception {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(out)) {
      List<Path> data =
          files
              .filter(f -> f.getFileName().toString().endsWith(".json"))
              .filter(f -> !f.getFileName().toString().startsWith("_"))
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
      List<String> lines = new java.util.ArrayList<>();
      for (Path file : data) {
        lines.addAll(Files.readAllLines(file));
      }
      return lines;
    }
  }
}
