package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes come back as SQLExceptions that say what and where, and leave the connection usable. */
@Timeout(30)
class ErrorsEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("in"));
    EndToEnd.land(input, "1.csv", "1,ann,2026-01-01 00:00:01\n");
    connection = server.connect();
    execute(
        connection,
        "CREATE STREAM s (id BIGINT, name VARCHAR, ts TIMESTAMP(3)) "
            + "WITH ('connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv')");
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    server.close();
  }

  /** {@code sql} fails with {@code sqlState} and a message containing all of {@code parts}. */
  private void assertFails(String sql, String sqlState, String... parts) throws Exception {
    assertThatThrownBy(() -> execute(connection, sql))
        .as("error of: %s", sql)
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> assertThat(e.getSQLState()).as("SQLSTATE of: %s", sql).isEqualTo(sqlState))
        .hasMessageContainingAll(parts);
    assertThat(EndToEnd.query(connection, "SELECT id, name FROM s"))
        .as("the same connection after: %s", sql)
        .containsExactly("1 | ann");
  }

  @Test
  void syntaxErrorsNameLineAndColumn() throws Exception {
    assertFails("SELECT id,\n  FROM s", "42000", "Syntax error", "'FROM'", "line 2, column 3");
    assertFails(
        "SELECT id FROM s\nWHERE id = 1)", "42000", "Syntax error", "\")\"", "line 2, column 13");
    assertFails(
        "CREATE STREAM t (id BIGINT) WITH ('connector' = )",
        "42000",
        "Syntax error",
        "\")\"",
        "line 1, column 49");
  }

  @Test
  void validationErrorsNameLineAndColumn() throws Exception {
    assertFails("SELECT id, nope FROM s", "42000", "Column 'nope' not found", "line 1, column 12");
    assertFails(
        "SELECT id\nFROM\n  missing", "42000", "Object 'missing' not found", "line 3, column 3");
    assertFails(
        "SELECT STREAM name FROM\n  sys.streams",
        "42000",
        "Cannot SELECT STREAM from 'streams'",
        "line 1, column 8");
  }

  @Test
  void ddlErrorsSayWhatIsWrong() throws Exception {
    assertFails(
        "CREATE STREAM s (id BIGINT) WITH ('connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv')",
        "42S01",
        "Stream 's' already exists",
        "line 1, column 15");
    assertFails(
        "DROP STREAM nothere", "42S02", "Stream 'nothere' does not exist", "line 1, column 13");
    assertFails(
        "CREATE STREAM k (id BIGINT) WITH ('connector' = 'kafkaa')",
        "22023",
        "Unknown connector 'kafkaa'",
        "supported connectors: datagen, files, http, jdbc, kafka, upsert-kafka");
    assertFails(
        "CREATE STREAM k (id BIGINT) WITH ('connector' = 'files', 'format' = 'csv')",
        "22023",
        "Missing required option 'path'",
        "'k'");
    assertFails(
        "CREATE STREAM k (id BIGINT, t TIMESTAMP(3), WATERMARK FOR id AS id - 1) "
            + "WITH ('connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv')",
        "42000",
        "WATERMARK column 'id' must be a TIMESTAMP, not BIGINT",
        "line 1, column 59");
    // none of the failed statements left anything behind
    assertThat(EndToEnd.query(connection, "SHOW STREAMS"))
        .singleElement()
        .asString()
        .startsWith("s | files | csv");
  }

  @Test
  void unsupportedConstructsAreNamed() throws Exception {
    assertFails(
        "SELECT id, RANK() OVER (ORDER BY id) FROM s",
        "0A000",
        "RANK() OVER without a filter on the rank",
        "not supported");
    assertFails("SELECT STREAM id FROM s ORDER BY id", "0A000", "ORDER BY", "not supported");
  }
}
