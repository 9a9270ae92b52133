package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

/** The real sqlline shell, driven through its stdin, against a real server over jdbc:sluice://. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqllineClientTest {
  private static final long SQLLINE_TIMEOUT_SECONDS = 60;

  /** Terminal control sequences jline writes around each prompt. */
  private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B(\\[[0-9;?]*[A-Za-z]|[=>])");

  @TempDir Path temp;
  private TestingServer server;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("in"));
    Files.writeString(
        input.resolve("1.json"),
        "{\"id\": 1, \"name\": \"ann\", \"amount\": 12.5}\n"
            + "{\"id\": 2, \"name\": \"bob\", \"amount\": 7.25}\n"
            + "{\"id\": 3, \"name\": \"cy\", \"amount\": null}\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** What sqlline printed, and the status it ended with. */
  private record Session(SqlLine.Status status, String output) {}

  /** Runs sqlline with {@code script} on stdin; fails instead of hanging if it does not end. */
  private Session sqlline(List<String> script) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    String[] args = {
      "-u",
      server.url(),
      "-n",
      "x",
      "-p",
      "x",
      "--color=false",
      "--incremental=false",
      "--isolation=TRANSACTION_NONE",
      "--maxWidth=200",
      "--outputformat=table",
      "--showWarnings=false",
      // keeps the user's ~/.sqlline/history out of it
      "--historyFile=" + temp.resolve("sqlline_history")
    };
    byte[] stdin = (String.join("\n", script) + "\n").getBytes(StandardCharsets.UTF_8);
    SqlLine sqlLine = new SqlLine();
    sqlLine.setOutputStream(out);
    sqlLine.setErrorStream(out);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<SqlLine.Status> status =
          executor.submit(() -> sqlLine.begin(args, new ByteArrayInputStream(stdin), false));
      try {
        return new Session(status.get(SQLLINE_TIMEOUT_SECONDS, TimeUnit.SECONDS), text(output));
      } catch (TimeoutException e) {
        status.cancel(true);
        throw new AssertionError(
            "sqlline did not finish within "
                + SQLLINE_TIMEOUT_SECONDS
                + "s; output so far:\n"
                + text(output),
            e);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static String text(ByteArrayOutputStream output) {
    return ANSI_ESCAPE.matcher(output.toString(StandardCharsets.UTF_8)).replaceAll("");
  }

  @Test
  void createsStreamAndViewSelectsRowsAndListsTablesAndColumns() throws Exception {
    Session session =
        sqlline(
            List.of(
                "CREATE STREAM payments (id BIGINT, name VARCHAR, amount DOUBLE) WITH ("
                    + "'connector' = 'files', 'path' = '"
                    + input
                    + "', 'format' = 'json');",
                "SELECT id, UPPER(name) AS who, amount * 2 AS doubled FROM payments WHERE id < 3;",
                "SELECT STREAM name FROM payments WHERE amount IS NULL LIMIT 1;",
                "CREATE VIEW big (who, doubled) AS SELECT UPPER(name), amount * 2 FROM payments "
                    + "WHERE amount > 10;",
                "SELECT * FROM big;",
                "!tables",
                "!columns payments",
                "!columns big",
                "!quit"));

    assertThat(session.status()).as(session.output()).isEqualTo(SqlLine.Status.OK);
    assertThat(session.output())
        .containsPattern(cells("id", "who", "doubled"))
        .containsPattern(cells("1", "ANN", "25.0"))
        .containsPattern(cells("2", "BOB", "14.5"))
        .contains("2 rows selected")
        .containsPattern(cells("cy"))
        .contains("1 row selected")
        // the view's own result: its column names, one row
        .containsPattern("(?m)^" + cells("who", "doubled") + "$")
        .containsPattern("(?m)^" + cells("ANN", "25.0") + "$")
        .containsPattern(cells("TABLE_NAME", "TABLE_TYPE"))
        .containsPattern(cells("payments", "STREAM"))
        .containsPattern(cells("big", "VIEW"))
        // !columns: each column's name, JDBC type code and SQL type name, in declared order
        .containsPattern(cells("TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME"))
        .containsPattern(
            lines(
                cells("payments", "id", "-5", "BIGINT"),
                cells("payments", "name", "12", "VARCHAR"),
                cells("payments", "amount", "8", "DOUBLE")))
        .containsPattern(
            lines(cells("big", "who", "12", "VARCHAR"), cells("big", "doubled", "8", "DOUBLE")))
        .doesNotContain("Error:");
  }

  /** Adjacent cells of a sqlline table, holding exactly these values. */
  private static String cells(String... values) {
    StringBuilder regex = new StringBuilder("\\|");
    for (String value : values) {
      regex.append("\\s*").append(Pattern.quote(value)).append("\\s*\\|");
    }
    return regex.toString();
  }

  /** Patterns found on consecutive lines, in this order. */
  private static String lines(String... patterns) {
    return String.join("[^\\n]*\\n[^\\n]*", patterns);
  }

  @Test
  void reportsSqlErrorsWithTheirPosition() throws Exception {
    Session session = sqlline(List.of("SELECT nope FROM payments;", "!quit"));

    assertThat(session.output())
        .contains("Error:")
        .contains("line 1, column 18")
        .contains("Object 'payments' not found");
  }
}
