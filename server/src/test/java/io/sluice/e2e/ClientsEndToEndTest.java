package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static io.sluice.e2e.EndToEnd.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients besides the Sluice remote driver: stock Avatica over HTTP, and the embedded engine. */
@Timeout(30)
class ClientsEndToEndTest {
  @TempDir Path temp;

  @Test
  void stockAvaticaDriverRunsDdlAndPlainQueries() throws Exception {
    Path input = Files.createDirectories(temp.resolve("in"));
    land(input, "1.csv", "1,ann\n2,bob\n");
    try (TestingServer server = new TestingServer(temp.resolve("data"))) {
      String url =
          "jdbc:avatica:remote:url=http://localhost:"
              + server.server().port()
              + ";serialization=protobuf";
      assertThat(DriverManager.getDriver(url))
          .isExactlyInstanceOf(org.apache.calcite.avatica.remote.Driver.class);
      try (Connection connection = DriverManager.getConnection(url)) {
        execute(
            connection,
            "CREATE STREAM people (id BIGINT, name VARCHAR) WITH ("
                + "'connector' = 'files', 'path' = '"
                + input
                + "', 'format' = 'csv')");

        assertThat(query(connection, "SELECT id, UPPER(name) FROM people WHERE id < 10"))
            .containsExactly("1 | ANN", "2 | BOB");

        DatabaseMetaData metaData = connection.getMetaData();
        assertThat(
                metadataRows(
                    metaData.getTables(null, null, "PEOPLE", null), "TABLE_NAME", "TABLE_TYPE"))
            .containsExactly("people | STREAM");
        assertThat(
                metadataRows(
                    metaData.getColumns(null, null, "people", "%"), "COLUMN_NAME", "TYPE_NAME"))
            .containsExactly("id | BIGINT", "name | VARCHAR");
      }
    }
  }

  private static List<String> metadataRows(ResultSet rs, String... columns) throws Exception {
    List<String> rows = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (String column : columns) {
          cells.add(rs.getString(column));
        }
        rows.add(String.join(" | ", cells));
      }
    }
    return rows;
  }

  @Test
  void embeddedDriverRunsAPushQueryInProcess() throws Exception {
    Path input = Files.createDirectories(temp.resolve("in"));
    Path data = temp.resolve("embedded-data");
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:embedded:" + data);
        Statement statement = connection.createStatement()) {
      execute(
          connection,
          "CREATE STREAM events (id BIGINT, kind VARCHAR) WITH ("
              + "'connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'json')");
      ResultSet rs =
          statement.executeQuery("SELECT STREAM id, kind FROM events WHERE kind = 'buy'");

      land(input, "1.json", "{\"id\": 1, \"kind\": \"view\"}\n{\"id\": 2, \"kind\": \"buy\"}\n");
      assertThat(rows(rs, 1)).containsExactly("2 | buy");
      land(input, "2.json", "{\"id\": 3, \"kind\": \"buy\"}\n");
      assertThat(rows(rs, 1)).containsExactly("3 | buy");
      assertThat(query(connection, "SELECT id FROM events")).containsExactly("1", "2", "3");
    }
    // the embedded engine keeps its catalog in the data directory of the URL
    assertThat(data.resolve("catalog").resolve("relations.json")).isRegularFile();
  }
}
