package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CREATE FUNCTION … USING JAR 'path'}: scalar, aggregate and table functions from a jar
 * built at test time (its classes are on no class path of the server), listed with their jar,
 * loaded again after a restart, released by DROP (a re-created function reads the jar afresh), and
 * jars outside the allowed paths refused.
 */
@Timeout(120)
class FunctionJarEndToEndTest {
  private static final String TWICE =
      "package com.example.udf;\n"
          + "public final class Twice implements io.sluice.function.ScalarFunction {\n"
          + "  public long eval(long x) { return FACTOR * x; }\n"
          + "  private static final long FACTOR = %d;\n"
          + "}\n";

  /** An aggregate function without base class: the total length of its strings. */
  private static final String TALLY =
      "package com.example.udf;\n"
          + "public final class Tally {\n"
          + "  public static final class Acc { public long total; }\n"
          + "  public Acc createAccumulator() { return new Acc(); }\n"
          + "  public void accumulate(Acc acc, String s) { if (s != null) acc.total += s.length(); }\n"
          + "  public Long getValue(Acc acc) { return acc.total; }\n"
          + "}\n";

  /** A table function of single values: the characters of a string, in column f0. */
  private static final String CHARS =
      "package com.example.udf;\n"
          + "public final class Chars extends io.sluice.function.TableFunction<String> {\n"
          + "  public void eval(String s) {\n"
          + "    if (s != null) { for (char c : s.toCharArray()) { collect(String.valueOf(c)); } }\n"
          + "  }\n"
          + "}\n";

  @TempDir Path temp;
  @TempDir Path elsewhere;
  private TestingServer server;
  private Path jar;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    Path input = Files.createDirectories(temp.resolve("in"));
    EndToEnd.land(
        input,
        "1.json",
        "{\"id\": 1, \"name\": \"ab\"}\n"
            + "{\"id\": 2, \"name\": null}\n"
            + "{\"id\": 3, \"name\": \"xyz\"}\n");
    jar = Files.createDirectories(temp.resolve("jars")).resolve("udfs.jar");
    TestJars.build(
        jar,
        Map.of(
            "com.example.udf.Twice", TWICE.formatted(2),
            "com.example.udf.Tally", TALLY,
            "com.example.udf.Chars", CHARS));
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM s (id BIGINT, name VARCHAR) WITH ('connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'json')");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void functionsFromAJarRunAreListedSurviveARestartAndAreReleasedByDrop() throws Exception {
    try (Connection connection = server.connect()) {
      // The classes are in the jar only.
      assertFails(
          connection,
          "CREATE FUNCTION twice AS 'com.example.udf.Twice'",
          "com.example.udf.Twice",
          "no such class on the server's class path");
      execute(
          connection, "CREATE FUNCTION twice AS 'com.example.udf.Twice' USING JAR '" + jar + "'");
      execute(
          connection,
          "CREATE FUNCTION tally AS 'com.example.udf.Tally' LANGUAGE JAVA USING JAR '" + jar + "'");
      // A relative path is under the files base directory, like a stream's path.
      execute(
          connection,
          "CREATE FUNCTION chars AS 'com.example.udf.Chars' USING JAR '"
              + server.server().engine().config().filesBaseDirectory().relativize(jar)
              + "'");
      assertCalls(connection, 2);
      assertThat(
              query(
                  connection,
                  "SELECT name, kind, class_name, jar FROM sys.functions WHERE jar IS NOT NULL"))
          .containsExactly(
              "chars | table | com.example.udf.Chars | " + jar,
              "tally | aggregate | com.example.udf.Tally | " + jar,
              "twice | scalar | com.example.udf.Twice | " + jar);
    }

    server.restart();

    try (Connection connection = server.connect()) {
      assertCalls(connection, 2);
      execute(connection, "DROP FUNCTION twice");
      execute(connection, "DROP FUNCTION tally");
      execute(connection, "DROP FUNCTION chars");
      assertThat(query(connection, "SELECT name FROM sys.functions WHERE jar IS NOT NULL"))
          .isEmpty();
      // Once no function comes from the jar its loader is closed: a new version of the jar, under
      // the same path, is what the next CREATE FUNCTION reads.
      TestJars.build(jar, Map.of("com.example.udf.Twice", TWICE.formatted(3)));
      execute(
          connection, "CREATE FUNCTION twice AS 'com.example.udf.Twice' USING JAR '" + jar + "'");
      assertThat(query(connection, "SELECT id, twice(id) FROM s"))
          .containsExactlyInAnyOrder("1 | 3", "2 | 6", "3 | 9");
    }
  }

  @Test
  void jarsThatCannotBeReadOrLieOutsideTheAllowedPathsAreRefused() throws Exception {
    Path outside =
        TestJars.build(elsewhere.resolve("other.jar"), Map.of("com.example.udf.Tally", TALLY));
    try (Connection connection = server.connect()) {
      assertFails(
          connection,
          "CREATE FUNCTION tally AS 'com.example.udf.Tally' USING JAR '" + outside + "'",
          "line 1, column 60",
          outside.toString(),
          "sluice.files.allowed-paths");
      assertFails(
          connection,
          "CREATE FUNCTION tally AS 'com.example.udf.Tally' USING JAR '"
              + jar.resolveSibling("../jars/../../" + elsewhere.getFileName() + "/other.jar")
              + "'",
          "sluice.files.allowed-paths");
      assertFails(
          connection,
          "CREATE FUNCTION tally AS 'com.example.udf.Tally' USING JAR '"
              + jar.resolveSibling("missing.jar")
              + "'",
          "missing.jar",
          "does not exist or cannot be read");
      assertFails(
          connection,
          "CREATE FUNCTION tally AS 'com.example.udf.Nope' USING JAR '" + jar + "'",
          "com.example.udf.Nope",
          "no such class in jar '" + jar + "'");
      assertFails(
          connection,
          "CREATE FUNCTION tally AS 'com.example.udf.Tally' USING JAR '"
              + jar
              + "', JAR '"
              + jar
              + "'",
          "one jar");
      assertThat(query(connection, "SELECT name FROM sys.functions WHERE jar IS NOT NULL"))
          .isEmpty();
    }
  }

  /** Each function of the jar, called from a query: scalar, aggregate and table. */
  private static void assertCalls(Connection connection, long factor) throws SQLException {
    assertThat(query(connection, "SELECT id, twice(id) FROM s"))
        .containsExactlyInAnyOrder("1 | " + factor, "2 | " + 2 * factor, "3 | " + 3 * factor);
    assertThat(query(connection, "SELECT tally(name), COUNT(*) FROM s")).containsExactly("5 | 3");
    assertThat(query(connection, "SELECT id, f0 FROM s CROSS JOIN LATERAL TABLE(chars(name))"))
        .containsExactlyInAnyOrder("1 | a", "1 | b", "3 | x", "3 | y", "3 | z");
  }

  private static void assertFails(Connection connection, String sql, String... parts) {
    assertThatThrownBy(() -> execute(connection, sql))
        .as("error of: %s", sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContainingAll(parts);
  }
}
