package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What BI tools ask of the driver: metadata of every kind of relation, and parameters. */
@Timeout(60)
class MetadataEndToEndTest {
  @TempDir Path temp;

  private static List<String> column(ResultSet rs, String... names) throws Exception {
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

  @Test
  void metadataListsStreamsTablesViewsAndSystemTables() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Files.writeString(in.resolve("1.csv"), "1,2026-01-01 00:00:01\n2,2026-01-01 00:00:02\n");
    try (TestingServer server = new TestingServer(temp.resolve("data"));
        Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM clicks (id BIGINT, ts TIMESTAMP(3)) WITH ("
              + "'connector' = 'files', 'path' = '"
              + in
              + "', 'format' = 'csv')");
      statement.execute(
          "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR) WITH ("
              + "'connector' = 'files', 'path' = '"
              + in
              + "', 'format' = 'csv')");
      statement.execute(
          "CREATE MATERIALIZED VIEW counts AS SELECT id, COUNT(*) AS c "
              + "FROM clicks GROUP BY id");
      DatabaseMetaData meta = connection.getMetaData();
      assertThat(connection.isValid(5)).isTrue();
      assertThat(column(meta.getCatalogs(), "TABLE_CAT")).containsExactly("sluice");
      assertThat(column(meta.getSchemas(), "TABLE_SCHEM")).containsExactly("sluice", "sys");
      assertThat(column(meta.getTableTypes(), "TABLE_TYPE"))
          .containsExactly("MATERIALIZED VIEW", "STREAM", "SYSTEM TABLE", "TABLE", "VIEW");
      assertThat(
              column(
                  meta.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"))
          .contains(
              "sluice | clicks | STREAM",
              "sluice | users | TABLE",
              "sluice | counts | MATERIALIZED VIEW",
              "sys | query_progress | SYSTEM TABLE");
      assertThat(column(meta.getTables(null, null, "%", new String[] {"STREAM"}), "TABLE_NAME"))
          .containsExactly("clicks");
      assertThat(
              column(
                  meta.getColumns(null, "sluice", "clicks", "%"),
                  "COLUMN_NAME",
                  "TYPE_NAME",
                  "DATA_TYPE"))
          .containsExactly("id | BIGINT | -5", "ts | TIMESTAMP | 93");
      // Not in Avatica's protocol: the Sluice driver asks the server in SQL.
      assertThat(column(meta.getPrimaryKeys(null, null, "users"), "COLUMN_NAME", "KEY_SEQ"))
          .containsExactly("id | 1");
      assertThat(column(meta.getPrimaryKeys(null, null, "clicks"), "COLUMN_NAME")).isEmpty();
      assertThat(column(meta.getFunctions(null, null, "UPP%"), "FUNCTION_NAME"))
          .containsExactly("UPPER");
    }
  }

  @Test
  void preparedStatementsBindParameters() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Files.writeString(
        in.resolve("1.csv"),
        "1,ann,2026-01-01 00:00:01\n2,o'hara,2026-01-01 00:00:02\n3,cy,2026-01-01 00:00:03\n");
    try (TestingServer server = new TestingServer(temp.resolve("data"));
        Connection connection = server.connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE STREAM people (id BIGINT, name VARCHAR, ts TIMESTAMP(3)) WITH ("
                + "'connector' = 'files', 'path' = '"
                + in
                + "', 'format' = 'csv')");
      }
      try (PreparedStatement prepared =
          connection.prepareStatement(
              "SELECT id, name FROM people WHERE name <> '?' AND (name = ? OR ts > ?) ORDER BY id")) {
        assertThat(prepared.getParameterMetaData().getParameterCount()).isEqualTo(2);
        prepared.setString(1, "o'hara");
        prepared.setTimestamp(2, Timestamp.valueOf("2026-01-01 00:00:02.500"));
        assertThat(column(prepared.executeQuery(), "id", "name"))
            .containsExactly("2 | o'hara", "3 | cy");
        prepared.setString(1, "ann");
        prepared.setTimestamp(2, Timestamp.valueOf("2030-01-01 00:00:00"));
        assertThat(column(prepared.executeQuery(), "id", "name")).containsExactly("1 | ann");
      }
    }
  }
}
