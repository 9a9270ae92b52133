package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static io.sluice.e2e.EndToEnd.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Streams and tables declared before a server restart are still there, and usable, after it. */
@Timeout(30)
class CatalogRestartEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;

  @BeforeEach
  void start() {
    server = new TestingServer(temp.resolve("data"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void streamsAndTablesSurviveRestart() throws Exception {
    Path clicks = Files.createDirectories(temp.resolve("clicks"));
    Path users =
        land(Files.createDirectories(temp.resolve("users")), "users.csv", "1,ann\n2,bob\n");
    land(
        clicks, "001.json", "{\"user_id\": 1, \"url\": \"/a\", \"ts\": \"2026-01-01 00:00:01\"}\n");
    int portBefore = server.server().port();
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM clicks (user_id BIGINT, url VARCHAR, ts TIMESTAMP(3), "
              + "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'files', "
              + "'path' = '"
              + clicks
              + "', 'format' = 'json')");
      execute(
          connection,
          "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR) "
              + "WITH ('connector' = 'files', 'path' = '"
              + users
              + "', 'format' = 'csv')");
      execute(
          connection,
          "CREATE STREAM dropped (x BIGINT) WITH ('connector' = 'datagen', " + "'kind' = 'rate')");
      execute(connection, "DROP STREAM dropped");
    }

    server.restart();

    assertThat(server.server().port()).isNotEqualTo(portBefore);
    try (Connection connection = server.connect()) {
      assertThat(
              query(
                  connection,
                  "SELECT name, connector, format, watermark_column " + "FROM sys.streams"))
          .containsExactly("clicks | files | json | ts");
      assertThat(column(query(connection, "SHOW STREAMS"), 0)).containsExactly("clicks");
      assertThat(
              query(connection, "SELECT name, connector, format, primary_key " + "FROM sys.tables"))
          .containsExactly("users | files | csv | id");
      assertThat(column(query(connection, "SHOW TABLES"), 0)).containsExactly("users");
      assertThat(query(connection, "DESCRIBE clicks"))
          .containsExactly(
              "user_id | BIGINT | true | false | null",
              "url | VARCHAR | true | false | null",
              "ts | TIMESTAMP(3) | true | false | ts - INTERVAL '5' SECOND");
      // column_name, type and primary_key (nullability of key columns is not asserted here)
      assertThat(query(connection, "DESCRIBE users"))
          .extracting(
              row -> {
                String[] cells = row.split(" \\| ");
                return cells[0] + " | " + cells[1] + " | " + cells[3];
              })
          .containsExactly("id | BIGINT | true", "name | VARCHAR | false");

      assertThat(query(connection, "SELECT id, UPPER(name) FROM users"))
          .containsExactly("1 | ANN", "2 | BOB");
      assertThat(query(connection, "SELECT user_id, url, ts FROM clicks"))
          .containsExactly("1 | /a | 2026-01-01 00:00:01.000");
      try (Statement statement = connection.createStatement()) {
        ResultSet rs = statement.executeQuery("SELECT STREAM url FROM clicks WHERE user_id = 2");
        land(clicks, "002.json", "{\"user_id\": 2, \"url\": \"/b\", \"ts\": 1767225602000}\n");
        assertThat(rows(rs, 1)).containsExactly("/b");
      }
    }
  }

  /** Column {@code index} of rendered rows. */
  private static List<String> column(List<String> rows, int index) {
    return rows.stream().map(row -> row.split(" \\| ")[index]).toList();
  }
}
