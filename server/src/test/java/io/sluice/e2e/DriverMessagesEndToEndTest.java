package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Sluice driver user reads: errors that start with the server's message and never repeat the
 * statement (or a password in it), and the bad records and late rows of a push query as SQLWarnings
 * on its statement.
 */
@Timeout(60)
class DriverMessagesEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    connection = server.connect();
    input = Files.createDirectories(temp.resolve("in"));
    execute(
        connection,
        "CREATE STREAM s (id BIGINT, name VARCHAR, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
            + "'path' = '"
            + input
            + "', 'format' = 'csv', 'on-error' = 'skip', 'max-files-per-trigger' = '1')");
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    server.close();
  }

  /** Every message in the exception's causes and chained exceptions. */
  private static List<String> allMessages(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
      if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
        messages.addAll(allMessages(((SQLException) t).getNextException()));
      }
    }
    return messages;
  }

  @Test
  void errorsStartWithTheServersMessageAndNeverEchoTheStatement() throws Exception {
    String secretDdl =
        "CREATE STREAM k (id BIGINT) WITH ('connector' = 'kafkaa', 'password' = 'hunter2')";
    assertThatThrownBy(() -> execute(connection, secretDdl))
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getMessage()).startsWith("Unknown connector 'kafkaa'");
              assertThat(e.getSQLState()).isEqualTo("22023");
              assertThat(allMessages(e)).noneMatch(m -> m.contains("hunter2"));
            });

    try (PreparedStatement prepared = connection.prepareStatement(secretDdl)) {
      assertThatThrownBy(prepared::executeUpdate)
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getMessage()).startsWith("Unknown connector 'kafkaa'");
                assertThat(allMessages(e)).noneMatch(m -> m.contains("hunter2"));
              });
    }

    assertThatThrownBy(() -> EndToEnd.query(connection, "SELECT nope FROM s"))
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getMessage()).contains("Column 'nope' not found");
              assertThat(e.getMessage()).doesNotContain("Error while", "Remote driver error");
              assertThat(e.getSQLState()).isEqualTo("42000");
              assertThat(allMessages(e)).noneMatch(m -> m.contains("SELECT nope FROM s"));
            });

    // a bound value (a password, say) is not echoed either
    try (PreparedStatement prepared =
        connection.prepareStatement("SELECT id FROM s WHERE name = ? AND nope = 1")) {
      prepared.setString(1, "hunter2");
      assertThatThrownBy(prepared::executeQuery)
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getMessage()).contains("Column 'nope' not found");
                assertThat(allMessages(e)).noneMatch(m -> m.contains("hunter2"));
              });
    }
    // the connection goes on
    assertThat(EndToEnd.query(connection, "SELECT id FROM s")).isEmpty();
  }

  @Test
  void aQueryFailingWhileRowsAreFetchedSaysWhyFirst() throws Exception {
    land(input, "1.csv", "1,ann,2026-01-01 00:00:01\n");
    try (Statement statement = connection.createStatement()) {
      // the query fails on its first batch: at once, or on a later fetch
      assertThatThrownBy(
              () -> {
                try (ResultSet rs =
                    // a computed regular expression (a literal one is refused at planning)
                    statement.executeQuery(
                        "SELECT STREAM REGEXP_EXTRACT(name, CONCAT(name, '(')) FROM s")) {
                  rs.next();
                }
              })
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getMessage())
                    .startsWith("REGEXP_EXTRACT: invalid regular expression 'ann('");
                assertThat(allMessages(e)).noneMatch(m -> m.contains("SELECT STREAM"));
              });
    }
  }

  @Test
  void badRecordsAndLateRowsOfAPushQueryAreWarningsOnItsStatement() throws Exception {
    execute(connection, "SET 'trigger' = 'available-now'");
    land(input, "1.csv", "1,ann,2026-01-01 00:00:10\nnot a number,bob,2026-01-01 00:00:11\n");
    // the watermark is now 00:00:10: 00:00:02 is late for the window aggregate
    land(input, "2.csv", "2,cy,2026-01-01 00:00:02\n3,dan,2026-01-01 00:00:30\n");
    try (Statement statement = connection.createStatement()) {
      assertThat((Object) statement.getWarnings()).isNull();
      List<String> rows;
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT STREAM TUMBLE_START(ts, INTERVAL '5' SECOND) AS w, COUNT(*) AS n "
                  + "FROM s GROUP BY TUMBLE(ts, INTERVAL '5' SECOND)")) {
        rows = EndToEnd.remaining(rs);
      }
      assertThat(rows).containsExactly("2026-01-01 00:00:10.000 | 1");
      List<String> warnings = new ArrayList<>();
      for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
        warnings.add(w.getMessage());
        assertThat(w.getSQLState()).isEqualTo("01000");
      }
      assertThat(warnings).anyMatch(w -> w.contains("skipped 1 bad record"));
      assertThat(warnings).anyMatch(w -> w.contains("dropped 1 late row"));
      statement.clearWarnings();
      assertThat((Object) statement.getWarnings()).isNull();
    }
  }
}
