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
import java.sql.DatabaseMetaData;
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

/**
 * Plain views over JDBC: BI tools find them in {@link DatabaseMetaData} as type VIEW, read them as
 * snapshots and as streams, and find them again after a server restart.
 */
@Timeout(60)
class ViewEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Path clicks;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    clicks = Files.createDirectories(temp.resolve("clicks"));
    Path users =
        land(Files.createDirectories(temp.resolve("users")), "users.csv", "1,ann,NL\n2,bob,DE\n");
    land(
        clicks,
        "001.json",
        "{\"user_id\": 1, \"url\": \"/buy\", \"ts\": \"2026-01-01 00:00:01\"}\n"
            + "{\"user_id\": 2, \"url\": \"/home\", \"ts\": \"2026-01-01 00:00:02\"}\n"
            + "{\"user_id\": 2, \"url\": \"/buy\", \"ts\": \"2026-01-01 00:00:03\"}\n");
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM clicks (user_id BIGINT, url VARCHAR, ts TIMESTAMP(3), "
              + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
              + "'path' = '"
              + clicks
              + "', 'format' = 'json')");
      execute(
          connection,
          "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR, "
              + "country VARCHAR) WITH ('connector' = 'files', 'path' = '"
              + users
              + "', "
              + "'format' = 'csv')");
      execute(
          connection,
          "CREATE VIEW purchases (buyer, at_time) AS "
              + "SELECT u.name, c.ts FROM clicks c JOIN users u ON c.user_id = u.id "
              + "WHERE c.url = '/buy'");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void metadataListsViewsWithTheirColumns() throws Exception {
    try (Connection connection = server.connect()) {
      DatabaseMetaData meta = connection.getMetaData();
      assertThat(column(meta.getTableTypes(), "TABLE_TYPE")).contains("VIEW");
      assertThat(column(meta.getTables(null, "sluice", "%", null), "TABLE_NAME", "TABLE_TYPE"))
          .containsExactlyInAnyOrder("clicks | STREAM", "users | TABLE", "purchases | VIEW");
      assertThat(column(meta.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME"))
          .containsExactly("purchases");
      assertThat(
              column(
                  meta.getColumns(null, "sluice", "purchases", "%"),
                  "COLUMN_NAME",
                  "TYPE_NAME",
                  "DATA_TYPE"))
          .containsExactly("buyer | VARCHAR | 12", "at_time | TIMESTAMP | 93");
      assertThat(column(meta.getPrimaryKeys(null, null, "purchases"), "COLUMN_NAME")).isEmpty();
      assertThat(query(connection, "SHOW VIEWS"))
          .containsExactly(
              "purchases | "
                  + "SELECT u.name, c.ts FROM clicks c JOIN users u ON c.user_id = u.id "
                  + "WHERE c.url = '/buy'");
    }
  }

  @Test
  void readsViewsAsSnapshotsAndAsStreams() throws Exception {
    try (Connection connection = server.connect()) {
      assertThat(query(connection, "SELECT buyer, at_time FROM purchases ORDER BY at_time"))
          .containsExactly("ann | 2026-01-01 00:00:01.000", "bob | 2026-01-01 00:00:03.000");
      try (Statement statement = connection.createStatement()) {
        ResultSet rs = statement.executeQuery("SELECT STREAM UPPER(buyer) FROM purchases");
        assertThat(rows(rs, 2)).containsExactlyInAnyOrder("ANN", "BOB");
        land(
            clicks,
            "002.json",
            "{\"user_id\": 1, \"url\": \"/home\", \"ts\": \"2026-01-01 00:00:04\"}\n"
                + "{\"user_id\": 1, \"url\": \"/buy\", \"ts\": \"2026-01-01 00:00:05\"}\n");
        assertThat(rows(rs, 1)).containsExactly("ANN");
      }
    }
  }

  @Test
  void viewsSurviveRestart() throws Exception {
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE MATERIALIZED VIEW buys AS "
              + "SELECT buyer, COUNT(*) AS n FROM purchases GROUP BY buyer");
    }

    server.restart();

    try (Connection connection = server.connect()) {
      // Planned again through the view when the server started.
      assertThat(
              await(
                  "the materialized view over the view",
                  () -> query(connection, "SELECT buyer, n FROM buys ORDER BY buyer"),
                  rows -> rows.size() == 2))
          .containsExactly("ann | 1", "bob | 1");
      execute(connection, "DROP MATERIALIZED VIEW buys");
      assertThat(query(connection, "SELECT name FROM sys.views")).containsExactly("purchases");
      assertThat(
              column(
                  connection.getMetaData().getTables(null, null, "purchases", null), "TABLE_TYPE"))
          .containsExactly("VIEW");
      assertThat(query(connection, "DESCRIBE purchases"))
          .containsExactly(
              "buyer | VARCHAR | true | false | null",
              "at_time | TIMESTAMP(3) | true | false | null");
      assertThat(
              query(
                  connection,
                  "SELECT buyer FROM purchases WHERE at_time > "
                      + "TIMESTAMP '2026-01-01 00:00:02'"))
          .containsExactly("bob");
      execute(connection, "DROP VIEW purchases");
    }

    server.restart();

    try (Connection connection = server.connect()) {
      assertThat(query(connection, "SHOW VIEWS")).isEmpty();
      assertThatThrownBy(() -> query(connection, "SELECT * FROM purchases"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("line 1, column 15")
          .hasMessageContaining("Object 'purchases' not found");
    }
  }

  /** The given columns of every row, joined by " | ". */
  private static List<String> column(ResultSet rs, String... names) throws SQLException {
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> values = new ArrayList<>();
      for (String name : names) {
        values.add(rs.getString(name));
      }
      rows.add(String.join(" | ", values));
    }
    return rows;
  }
}
