package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Helpers shared by the end-to-end tests: landing files, running SQL, rendering rows, polling. */
final class EndToEnd {
  /** How long a test waits for something that should happen "soon". */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private EndToEnd() {}

  /** Lands a complete file in {@code directory}: written as a dot-file, then renamed atomically. */
  static Path land(Path directory, String name, String content) throws Exception {
    Path staging = directory.resolve("." + name + ".tmp");
    Files.writeString(staging, content, StandardCharsets.UTF_8);
    return Files.move(staging, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Runs a statement that returns no rows. */
  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Runs a bounded query and returns all its rows, rendered. */
  static List<String> query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return remaining(rs);
    }
  }

  /** The current row as {@code "a | b | c"}. */
  static String render(ResultSet rs) throws SQLException {
    StringBuilder row = new StringBuilder();
    int columns = rs.getMetaData().getColumnCount();
    for (int c = 1; c <= columns; c++) {
      if (c > 1) {
        row.append(" | ");
      }
      row.append(rs.getString(c));
    }
    return row.toString();
  }

  /** The next {@code count} rows, rendered; fails if the result set ends before. */
  static List<String> rows(ResultSet rs, int count) throws SQLException {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      assertThat(rs.next()).as("row %s of %s (after %s)", i + 1, count, rows).isTrue();
      rows.add(render(rs));
    }
    return rows;
  }

  /** All rows until the result set ends, rendered. */
  static List<String> remaining(ResultSet rs) throws SQLException {
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(render(rs));
    }
    return rows;
  }

  /**
   * Evaluates {@code probe} until {@code done} accepts its value, for at most {@link #PATIENCE};
   * returns the accepted value, or fails naming {@code what} and the last value seen.
   */
  static <T> T await(String what, Callable<T> probe, Predicate<? super T> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    T last = probe.call();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + PATIENCE + " waiting for " + what + "; last seen: " + last);
      }
      Thread.sleep(20);
      last = probe.call();
    }
    return last;
  }

  /** Via sys.queries, the id of the one running push query whose SQL contains the fragment. */
  static String runningQueryId(Connection connection, String sqlFragment) throws Exception {
    List<String> ids =
        await(
            "a running query with SQL containing '" + sqlFragment + "'",
            () -> {
              List<String> found = new ArrayList<>();
              try (Statement statement = connection.createStatement();
                  ResultSet rs =
                      statement.executeQuery(
                          "SELECT query_id, sql_text FROM sys.queries WHERE state = 'RUNNING' AND push")) {
                while (rs.next()) {
                  if (rs.getString(2).contains(sqlFragment)) {
                    found.add(rs.getString(1));
                  }
                }
              }
              return found;
            },
            found -> !found.isEmpty());
    assertThat(ids).as("running queries with SQL containing '%s'", sqlFragment).hasSize(1);
    return ids.get(0);
  }

  /** Rows of sys.query_progress for one query (oldest batch first), as the given columns. */
  static List<String> progress(Connection connection, String queryId, String columns)
      throws SQLException {
    return query(
        connection,
        "SELECT " + columns + " FROM sys.query_progress WHERE query_id = '" + queryId + "'");
  }
}
