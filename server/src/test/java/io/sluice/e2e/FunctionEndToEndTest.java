package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.query;
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

/**
 * CREATE FUNCTION name AS 'class': user-defined scalar functions called from queries, kept over a
 * restart, listed, dropped, and refused with a clear error when the class does not fit.
 */
@Timeout(60)
class FunctionEndToEndTest {
  private static final String UDF = "io.sluice.testing.udf.";

  @TempDir Path temp;
  private TestingServer server;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("in"));
    EndToEnd.land(
        input,
        "1.json",
        "{\"id\": 1, \"name\": \"ab\", \"n\": 3}\n"
            + "{\"id\": 2, \"name\": null, \"n\": 2}\n"
            + "{\"id\": 3, \"name\": \"x\", \"n\": null}\n");
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM s (id BIGINT, name VARCHAR, n INTEGER) "
              + "WITH ('connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'json')");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void userFunctionsRunSurviveRestartAndDrop() throws Exception {
    try (Connection connection = server.connect()) {
      execute(connection, "CREATE FUNCTION repeat_it AS '" + UDF + "Repeat'");
      execute(connection, "CREATE FUNCTION IF NOT EXISTS repeat_it AS '" + UDF + "NoEval'");
      execute(connection, "CREATE FUNCTION Shout AS '" + UDF + "Shout'");
      // Overloads are chosen by the arguments; NULL into a primitive parameter gives NULL.
      assertThat(
              query(
                  connection,
                  "SELECT id, repeat_it(name, n), REPEAT_IT(id), shout(name) " + "FROM s"))
          .containsExactlyInAnyOrder(
              "1 | ababab | * | AB!", "2 | null | ** | NULL!", "3 | null | *** | X!");
      assertThat(query(connection, "SELECT id FROM s WHERE repeat_it(name, 2) = 'xx'"))
          .containsExactly("3");
      // Each function's kind, and for a user function its class and jar (none here).
      assertThat(query(connection, "SHOW FUNCTIONS"))
          .contains(
              "repeat_it | scalar | " + UDF + "Repeat | null",
              "Shout | scalar | " + UDF + "Shout | null",
              "REGEXP_EXTRACT | built-in | null | null",
              "SPLIT_INDEX | built-in | null | null",
              "DATE_FORMAT | built-in | null | null",
              "UPPER | built-in | null | null");
    }

    server.restart();

    try (Connection connection = server.connect()) {
      assertThat(query(connection, "SELECT id, shout(repeat_it(name, 2)) FROM s WHERE id = 1"))
          .containsExactly("1 | ABAB!");
      execute(connection, "DROP FUNCTION shout");
      execute(connection, "DROP FUNCTION IF EXISTS shout");
      assertThat(query(connection, "SELECT name FROM sys.functions"))
          .contains("repeat_it")
          .doesNotContain("Shout");
      assertFails(connection, "SELECT shout(name) FROM s", "line 1, column 8", "shout");
      assertFails(
          connection,
          "DROP FUNCTION shout",
          "line 1, column 15",
          "Function 'shout'",
          "does not exist");
      // The name is free again, here for another class.
      execute(connection, "CREATE FUNCTION shout AS '" + UDF + "Repeat'");
      assertThat(query(connection, "SELECT shout(id) FROM s WHERE id = 2")).containsExactly("**");
    }

    server.restart();

    try (Connection connection = server.connect()) {
      assertThat(query(connection, "SELECT shout(name, 1) FROM s WHERE id = 1"))
          .containsExactly("ab");
    }
  }

  @Test
  void classesThatAreNoFunctionAreRefused() throws Exception {
    try (Connection connection = server.connect()) {
      assertFails(
          connection,
          "CREATE FUNCTION f AS 'io.sluice.NoSuchClass'",
          "line 1, column 22",
          "Function 'f'",
          "io.sluice.NoSuchClass",
          "no such class");
      assertFails(
          connection,
          "CREATE FUNCTION f AS '" + UDF + "NoEval'",
          "line 1, column 22",
          "no public method eval");
      assertFails(
          connection,
          "CREATE FUNCTION f AS '" + UDF + "NotAFunction'",
          "line 1, column 22",
          "does not implement io.sluice.function.ScalarFunction");
      assertFails(
          connection,
          "CREATE FUNCTION split_index AS '" + UDF + "Shout'",
          "line 1, column 17",
          "'split_index' is a built-in function");
      execute(connection, "CREATE FUNCTION repeat_it AS '" + UDF + "Repeat'");
      assertFails(
          connection,
          "CREATE FUNCTION repeat_it AS '" + UDF + "Shout'",
          "line 1, column 17",
          "Function 'repeat_it' already exists");
      assertFails(
          connection, "SELECT id,\n  repeat_it(id, name) FROM s", "line 2, column 3", "repeat_it");
      assertFails(
          connection, "SELECT repeat_it(name, 1, 2) FROM s", "line 1, column 8", "repeat_it");
      assertThat(query(connection, "SELECT name FROM sys.functions"))
          .contains("repeat_it")
          .doesNotContain("f");
    }
  }

  @Test
  void aggregateAndTableFunctionsAreCheckedAndTheirFailuresNamed() throws Exception {
    try (Connection connection = server.connect()) {
      assertFails(
          connection,
          "CREATE FUNCTION f AS '" + UDF + "NoGetValue'",
          "line 1, column 22",
          UDF + "NoGetValue",
          "an aggregate function needs a public method getValue(Count)");
      assertFails(
          connection,
          "CREATE FUNCTION f AS '" + UDF + "RowsWithoutHint'",
          "it collects Rows but does not say of which columns",
          "@FunctionHint");
      execute(connection, "CREATE FUNCTION explode AS '" + UDF + "Explode'");
      execute(connection, "CREATE FUNCTION fragile AS '" + UDF + "Fragile'");
      assertThat(query(connection, "SHOW FUNCTIONS"))
          .contains(
              "explode | table | " + UDF + "Explode | null",
              "fragile | aggregate | " + UDF + "Fragile | null");
      // An exception in the function's code fails the query, naming the function; the server
      // goes on.
      assertFails(
          connection,
          "SELECT id, f0 FROM s, LATERAL TABLE(explode(CASE WHEN id = 3 THEN 'boom' ELSE name END))",
          "The table function explode",
          UDF + "Explode",
          "failed in eval",
          "cannot explode boom");
      assertFails(
          connection,
          "SELECT fragile(n - 3) FROM s",
          "The aggregate function fragile",
          "failed in accumulate",
          "negative: -1");
      assertThat(query(connection, "SELECT id, f0 FROM s, LATERAL TABLE(explode(name))"))
          .containsExactlyInAnyOrder("1 | ab", "2 | null", "3 | x");
      assertThat(query(connection, "SELECT fragile(n) FROM s")).containsExactly("5");
    }
  }

  private static void assertFails(Connection connection, String sql, String... parts) {
    assertThatThrownBy(() -> execute(connection, sql))
        .as("error of: %s", sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContainingAll(parts);
  }
}
