package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accumulators of user-defined aggregate functions are checkpointed with the query: a
 * materialized view over them resumes after a restart from what it had accumulated (the input it
 * read before is gone by then), and a checkpoint the function's changed class can no longer read
 * fails the query, naming the function.
 */
@Timeout(120)
class UserAggregateCheckpointEndToEndTest {
  private static final String UDF = "io.sluice.testing.udf.";

  @TempDir Path temp;

  @Test
  void accumulatorsSurviveARestart() throws Exception {
    Path data = temp.resolve("data");
    Path input = Files.createDirectories(temp.resolve("in"));
    TestingServer server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      execute(connection, "CREATE FUNCTION weighted_avg AS '" + UDF + "WeightedAvg'");
      execute(connection, "CREATE FUNCTION longest AS '" + UDF + "Longest'");
      execute(
          connection,
          "CREATE STREAM ticks (k VARCHAR, v BIGINT, w INTEGER, label VARCHAR) WITH ("
              + "'connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_key AS SELECT k, weighted_avg(v, w) AS wavg,"
              + " longest(label) AS lg, COUNT(*) AS n FROM ticks GROUP BY k");
      EndToEnd.land(input, "001.csv", "a,10,1,x\na,20,3,yy\nb,5,2,zzz\n");
      await(
          "the view over the first file",
          () -> query(connection, "SELECT k, wavg, lg, n FROM per_key ORDER BY k"),
          rows -> rows.equals(List.of("a | 17.5 | yy/2 | 2", "b | 5.0 | zzz/1 | 1")));
    }
    server.close();
    // Gone: after the restart only the checkpoint knows what the first file held.
    Files.delete(input.resolve("001.csv"));

    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      EndToEnd.land(input, "002.csv", "a,40,1,q\nb,7,2,wwww\n");
      // (10 + 60 + 40) / 5 and (10 + 14) / 4; longest keeps the list of lengths it saw.
      await(
          "the view to add the second file to the restored accumulators",
          () -> query(connection, "SELECT k, wavg, lg, n FROM per_key ORDER BY k"),
          rows -> rows.equals(List.of("a | 22.0 | yy/2 | 3", "b | 6.0 | wwww/2 | 2")));
      // The view depends on the functions it calls.
      assertThatThrownBy(() -> execute(connection, "DROP FUNCTION weighted_avg"))
          .hasMessageContaining(
              "Cannot drop function 'weighted_avg': materialized view 'per_key' uses it");
    } finally {
      server.close();
    }
  }

  @Test
  void openWindowsKeepTheirAccumulatorsOverARestart() throws Exception {
    Path data = temp.resolve("data");
    Path input = Files.createDirectories(temp.resolve("in"));
    TestingServer server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      execute(connection, "CREATE FUNCTION weighted_avg AS '" + UDF + "WeightedAvg'");
      execute(
          connection,
          "CREATE STREAM ticks (v BIGINT, w INTEGER, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)"
              + " WITH ('connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_window AS SELECT TUMBLE_START(ts, INTERVAL '10' SECOND)"
              + " AS ws, weighted_avg(v, w) AS wavg FROM ticks"
              + " GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)");
      EndToEnd.land(input, "001.csv", "10,1,2026-01-01 00:00:01\n20,3,2026-01-01 00:00:02\n");
      // The window [00:00, 00:10) is open: nothing in the view yet, the rows are in its state.
      await(
          "the first file to be read",
          () ->
              query(
                  connection,
                  "SELECT SUM(input_rows) FROM sys.query_progress WHERE query_id = 'per_window'"),
          rows -> rows.equals(List.of("2")));
      assertThat(query(connection, "SELECT * FROM per_window")).isEmpty();
    }
    server.close();
    Files.delete(input.resolve("001.csv"));

    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      EndToEnd.land(input, "002.csv", "40,4,2026-01-01 00:00:09\n0,1,2026-01-01 00:00:15\n");
      // (10 + 60 + 160) / 8: the rows before the restart and the one after it.
      await(
          "the window to close with the accumulator restored",
          () -> query(connection, "SELECT EXTRACT(SECOND FROM ws), wavg FROM per_window"),
          rows -> rows.equals(List.of("0 | 28.75")));
    } finally {
      server.close();
    }
  }

  @Test
  void aCheckpointTheChangedClassCannotReadFailsTheQueryNamingTheFunction() throws Exception {
    Path data = temp.resolve("data");
    Path input = Files.createDirectories(temp.resolve("in"));
    Path jar = Files.createDirectories(temp.resolve("jars")).resolve("count.jar");
    TestJars.build(jar, Map.of("com.example.udf.Counter", counter("count")));
    TestingServer server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE FUNCTION counter AS 'com.example.udf.Counter' USING JAR '" + jar + "'");
      execute(
          connection,
          "CREATE STREAM ticks (k VARCHAR) WITH ('connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'csv')");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_key AS SELECT k, counter(k) AS c FROM ticks GROUP BY k");
      EndToEnd.land(input, "001.csv", "a\na\nb\n");
      await(
          "the view over the first file",
          () -> query(connection, "SELECT k, c FROM per_key ORDER BY k"),
          rows -> rows.equals(List.of("a | 2", "b | 1")));
    }
    server.close();
    // The next version of the jar renames the accumulator's field.
    TestJars.build(jar, Map.of("com.example.udf.Counter", counter("seen")));

    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      List<String> state =
          await(
              "the view's query to refuse its checkpoint",
              () ->
                  query(
                      connection,
                      "SELECT state, error FROM sys.queries WHERE query_id = 'per_key'"),
              rows -> !rows.isEmpty() && !rows.get(0).startsWith("RUNNING"));
      assertThat(state)
          .singleElement()
          .asString()
          .startsWith("FAILED | ")
          .contains("aggregate function counter")
          .contains("com.example.udf.Counter")
          .contains("can no longer read")
          .contains("count");
    } finally {
      server.close();
    }
  }

  /** An aggregate counting its rows, its accumulator's one field named {@code field}. */
  private static String counter(String field) {
    return ("package com.example.udf;\n"
            + "public final class Counter {\n"
            + "  public static final class Acc { public long FIELD; }\n"
            + "  public Acc createAccumulator() { return new Acc(); }\n"
            + "  public void accumulate(Acc acc, String s) { acc.FIELD++; }\n"
            + "  public long getValue(Acc acc) { return acc.FIELD; }\n"
            + "}\n")
        .replace("FIELD", field);
  }
}
