package io.sluice.scenario;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.testing.onnx.OnnxModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Runs one {@link Scenario} over JDBC, step by step: each call of {@link #run} executes the
 * statements and lands the inputs that precede a query, then runs the query and asserts its result
 * the way a user would see it ({@link ResultSet#getString}).
 */
public final class ScenarioRunner implements AutoCloseable {
  /** The placeholder in statements that stands for the scenario's input folder. */
  public static final String INPUT_PLACEHOLDER = "${input}";

  /** The placeholder that stands for the server's id of the latest push query run above. */
  public static final String PUSH_QUERY_PLACEHOLDER = "${push_query_id}";

  private static final Pattern PUSH_QUERY = Pattern.compile("(?is)\\s*SELECT\\s+STREAM\\b.*");
  private static final Pattern PLANNED_QUERY =
      Pattern.compile("(?is)\\s*(SELECT|WITH|VALUES|\\().*");
  private static final String BATCH_ID_COLUMN = "_batch_id";

  private final Scenario scenario;
  private final Path inputDirectory;
  private final ConnectionFactory connections;
  private final Duration timeout;
  private ExecutorService executor = newExecutor();
  private Connection connection;
  private int nextStep;
  private String setupFailure;
  private String lastPushSql;
  private final List<String> plans = new ArrayList<>();

  /** Opens a JDBC connection to the server under test. */
  @FunctionalInterface
  public interface ConnectionFactory {
    Connection connect() throws SQLException;
  }

  /** The parallelism scenarios run at. */
  static final int PARALLELISM = 2;

  public ScenarioRunner(
      Scenario scenario, Path inputDirectory, ConnectionFactory connections, Duration timeout) {
    this.scenario = requireNonNull(scenario, "scenario is null");
    this.inputDirectory = requireNonNull(inputDirectory, "inputDirectory is null");
    this.connections = requireNonNull(connections, "connections is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  /** Runs every step up to and including {@code query}, then checks the query's result. */
  public void run(Scenario.Query query) throws Exception {
    int index = scenario.steps().indexOf(query);
    if (index < nextStep) {
      throw new IllegalStateException("Query at line " + query.line() + " already ran");
    }
    if (connection == null) {
      start();
    }
    while (nextStep < index) {
      Scenario.Step step = scenario.steps().get(nextStep++);
      if (setupFailure == null) {
        try {
          perform(step);
        } catch (Throwable e) {
          setupFailure = where(step) + ": " + describe(e);
        }
      }
    }
    nextStep = index + 1;
    if (setupFailure != null) {
      fail("Set-up failed, so this query cannot run. " + setupFailure);
    }
    check(query);
  }

  private void start() throws Exception {
    Files.createDirectories(inputDirectory);
    connection = withTimeout("connect", connections::connect);
    // every scenario runs on two subtasks, whatever the machine: its rows cross exchanges, and
    // its plan (EXPLAIN names the parallelism) is the same everywhere
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET 'parallelism' = '" + PARALLELISM + "'");
    }
    withTimeout(
        "drop relations of earlier scenarios",
        () -> {
          dropAll("SHOW VIEWS", "VIEW");
          dropAll("SHOW STREAMS", "STREAM");
          dropAll("SHOW TABLES", "TABLE");
          dropAll("SHOW MODELS", "MODEL");
          return null;
        });
  }

  private void dropAll(String show, String kind) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(show)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    for (String name : names) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "DROP " + kind + " IF EXISTS \"" + name.replace("\"", "\"\"") + "\" CASCADE");
      }
    }
  }

  private void perform(Scenario.Step step) throws Exception {
    if (step instanceof Scenario.Statement statement) {
      withTimeout(
          "statement",
          () -> {
            try (Statement jdbc = connection.createStatement()) {
              jdbc.execute(substitute(statement.sql()));
            }
            return null;
          });
    } else if (step instanceof Scenario.Input input) {
      land(input);
    } else if (step instanceof Scenario.Model model) {
      Path target = inputDirectory.resolve(model.name()).normalize();
      if (!target.startsWith(inputDirectory)) {
        throw new IllegalArgumentException("Model outside the input folder: " + model.name());
      }
      OnnxModelSpec.parse(model.spec()).writeTo(target);
    } else {
      throw new IllegalStateException("Not a set-up step: " + step);
    }
  }

  /** Writes the input next to its final name, then renames it, so a source never sees half. */
  private void land(Scenario.Input input) throws IOException {
    Path target = inputDirectory.resolve(input.name()).normalize();
    if (!target.startsWith(inputDirectory)) {
      throw new IllegalArgumentException("Input outside the input folder: " + input.name());
    }
    Files.createDirectories(target.getParent());
    Path staging = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(staging, input.content(), StandardCharsets.UTF_8);
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The plan of every query that ran so far and succeeds by its expectation, as EXPLAIN shows it in
   * the query's session: the query's text, then its plan, one entry per query in file order.
   * Queries naming {@value #PUSH_QUERY_PLACEHOLDER} are left out: their text differs per run.
   */
  public List<String> plans() {
    return List.copyOf(plans);
  }

  private void explain(Scenario.Query query) throws Exception {
    if (query.expectsError()
        || query.sql().contains(PUSH_QUERY_PLACEHOLDER)
        || !PLANNED_QUERY.matcher(query.sql()).matches()) {
      return;
    }
    String sql = substitute(query.sql());
    StringBuilder entry = new StringBuilder("-- query (line ").append(query.line()).append(")\n");
    entry.append(sql.strip()).append("\n-- plan\n");
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        entry.append(rs.getString(1)).append('\n');
      }
    } catch (SQLException e) {
      entry.append("-- error: ").append(e.getMessage()).append('\n');
    }
    plans.add(entry.toString());
  }

  private void check(Scenario.Query query) throws Exception {
    withTimeout(
        "explain",
        () -> {
          explain(query);
          return null;
        });
    String sql = withTimeout("resolve placeholders", () -> substitute(query.sql()));
    if (PUSH_QUERY.matcher(sql).matches()) {
      lastPushSql = sql;
    }
    List<String> rows = Collections.synchronizedList(new ArrayList<>());
    String[] columns = new String[1];
    Statement statement = connection.createStatement();
    Future<Void> future =
        executor.submit(
            () -> {
              try (ResultSet rs = statement.executeQuery(sql)) {
                columns[0] = renderColumns(rs.getMetaData());
                int count = rs.getMetaData().getColumnCount();
                while (!(query.stop() && rows.size() == query.rows().size()) && rs.next()) {
                  rows.add(renderRow(rs, count));
                }
              }
              return null;
            });
    Throwable error = null;
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cancel(statement, future);
      fail(
          "%s did not finish within %s; rows so far: %s", where(query), timeout, List.copyOf(rows));
    } catch (ExecutionException e) {
      error = e.getCause();
    } finally {
      closeQuietly(statement);
    }

    if (query.expectsError()) {
      if (error == null) {
        fail(
            "%s should have failed with %s but returned %s",
            where(query), query.errorFragments(), rows);
      }
      String message = describe(error);
      for (String fragment : query.errorFragments()) {
        assertThat(message).as("error of %s", where(query)).contains(fragment);
      }
      return;
    }
    if (error != null) {
      throw new AssertionError(where(query) + " failed: " + describe(error), error);
    }
    if (query.columns() != null) {
      assertThat(columns[0]).as("columns of %s", where(query)).isEqualTo(query.columns());
    }
    List<String> actual = rows.stream().map(String::stripTrailing).toList();
    if (columns[0].startsWith(BATCH_ID_COLUMN + " ")) {
      assertThat(batchIds(actual))
          .as("%s of %s: batch by batch", BATCH_ID_COLUMN, where(query))
          .isSorted();
    }
    List<String> expected = query.rows().stream().map(String::stripTrailing).toList();
    if (query.ordered()) {
      assertThat(actual)
          .as("rows of %s, in order", where(query))
          .containsExactlyElementsOf(expected);
    } else {
      assertThat(actual)
          .as("rows of %s, in any order", where(query))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /** The leading {@code _batch_id} value of each rendered row. */
  private static List<Long> batchIds(List<String> rows) {
    return rows.stream().map(row -> Long.parseLong(row.split(" \\| ", 2)[0])).toList();
  }

  private static ExecutorService newExecutor() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread thread = new Thread(r, "scenario-jdbc");
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Stops a hung call; a fresh thread serves the next step, whatever the old one does. */
  private void abandon(Future<?> future) {
    future.cancel(true);
    executor.shutdownNow();
    executor = newExecutor();
  }

  private void cancel(Statement statement, Future<?> future) {
    try {
      statement.cancel();
    } catch (SQLException | RuntimeException e) {
      // closing the statement stops the query too
    }
    abandon(future);
  }

  /** {@code name TYPE} per column, joined by " | "; DECIMAL shows precision and scale. */
  static String renderColumns(ResultSetMetaData meta) throws SQLException {
    List<String> columns = new ArrayList<>();
    for (int c = 1; c <= meta.getColumnCount(); c++) {
      String type = meta.getColumnTypeName(c);
      if (meta.getColumnType(c) == Types.DECIMAL) {
        type += "(" + meta.getPrecision(c) + ", " + meta.getScale(c) + ")";
      }
      columns.add(meta.getColumnLabel(c) + " " + type);
    }
    return String.join(" | ", columns);
  }

  /** Values as {@link ResultSet#getString} gives them, NULL for null, '' for the empty string. */
  static String renderRow(ResultSet rs, int columns) throws SQLException {
    StringBuilder row = new StringBuilder();
    for (int c = 1; c <= columns; c++) {
      if (c > 1) {
        row.append(" | ");
      }
      String value = rs.getString(c);
      row.append(value == null ? "NULL" : value.isEmpty() ? "''" : value);
    }
    return row.toString();
  }

  private String substitute(String sql) throws SQLException {
    String text = sql.replace(INPUT_PLACEHOLDER, inputDirectory.toString().replace('\\', '/'));
    return text.contains(PUSH_QUERY_PLACEHOLDER)
        ? text.replace(PUSH_QUERY_PLACEHOLDER, lastPushQueryId())
        : text;
  }

  /**
   * The id the server gave the latest {@code SELECT STREAM} query block: of the queries in {@code
   * sys.queries} with that SQL, the one started last (ids are {@code q1}, {@code q2}, …).
   */
  private String lastPushQueryId() throws SQLException {
    if (lastPushSql == null) {
      throw new IllegalStateException(
          PUSH_QUERY_PLACEHOLDER + " used before any SELECT STREAM " + "query block");
    }
    String latest = null;
    List<String> listed = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT query_id, sql_text FROM sys.queries")) {
      while (rs.next()) {
        String id = rs.getString("query_id");
        listed.add(id + ": " + rs.getString("sql_text"));
        if (lastPushSql.strip().equals(rs.getString("sql_text"))
            && (latest == null || queryNumber(id) > queryNumber(latest))) {
          latest = id;
        }
      }
    }
    if (latest == null) {
      throw new IllegalStateException(
          "sys.queries does not list the push query " + lastPushSql + "; it lists " + listed);
    }
    return latest;
  }

  private static long queryNumber(String id) {
    return Long.parseLong(id.replaceFirst("^q", ""));
  }

  private <T> T withTimeout(String what, java.util.concurrent.Callable<T> action) throws Exception {
    Future<T> future = executor.submit(action);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abandon(future);
      throw new AssertionError(what + " did not finish within " + timeout);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  private String where(Scenario.Step step) {
    return scenario.file() + ":" + step.line();
  }

  /** The messages of an exception and its causes, which is what a user reads. */
  static String describe(Throwable error) {
    StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(" / ").append(cause.getMessage());
      }
    }
    return message.toString();
  }

  private static void closeQuietly(Statement statement) {
    try {
      statement.close();
    } catch (SQLException | RuntimeException e) {
      // the statement may be gone with a failed query
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (connection != null) {
        connection.close();
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
