package io.sluice.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.driver.CrashPoints;
import io.sluice.testing.onnx.OnnxGraph;
import io.sluice.testing.onnx.OnnxModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills the server process (SIGKILL-like halt) at each point of a batch's commit protocol, restarts
 * it on the same data directory, and checks the sink's committed output equals that of a run
 * without a crash, compared as multisets: nothing lost, nothing duplicated. The output is read back
 * through a stream of the sink's format over the sink's folder.
 *
 * <p>Runs beside the other test classes: its servers are processes of their own and its cases share
 * nothing but the JDBC driver.
 */
@Timeout(180)
@Execution(ExecutionMode.CONCURRENT)
class CrashRecoveryTest {
  private static final String STATELESS = "SELECT auction, price FROM bids WHERE price > 10";
  private static final String WINDOWED =
      "SELECT TUMBLE_START(ts, INTERVAL '10' SECOND) AS ws, "
          + "COUNT(*) AS bids, SUM(price) AS total FROM bids GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)";

  /** Kept as slices of 2 s (gcd of slide 4 s and size 10 s), some open across the crash. */
  private static final String HOPPING =
      "SELECT HOP_START(ts, INTERVAL '4' SECOND, INTERVAL '10' SECOND) AS ws, "
          + "COUNT(*) AS bids, SUM(price) AS total FROM bids "
          + "GROUP BY HOP(ts, INTERVAL '4' SECOND, INTERVAL '10' SECOND)";

  private static final String SESSION =
      "SELECT SESSION_START(ts, INTERVAL '10' SECOND) AS ws, "
          + "COUNT(*) AS bids, SUM(price) AS total FROM bids "
          + "GROUP BY SESSION(ts, INTERVAL '10' SECOND)";

  /** The highest bids of each window: bids wait in the join's state until their window closes. */
  private static final String JOIN =
      "SELECT b.auction, b.price FROM bids b JOIN ("
          + "SELECT MAX(price) AS maxprice, window_end AS wend FROM TABLE(TUMBLE(TABLE bids, "
          + "DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end) m "
          + "ON b.price = m.maxprice WHERE b.ts BETWEEN m.wend - INTERVAL '10' SECOND AND m.wend";

  /**
   * The windowed query over two streams. The second delivers its last rows in batches 0 and 1: a
   * restarted query whose sources started from no event time would wait for it for ever, and a
   * replay of batch 1 would not close [00:00, 00:10) where the first run did.
   */
  private static final String UNION =
      "SELECT TUMBLE_START(ts, INTERVAL '10' SECOND) AS ws, COUNT(*) AS bids, SUM(price) AS total"
          + " FROM (SELECT * FROM bids UNION ALL SELECT * FROM more_bids)"
          + " GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)";

  @TempDir Path temp;

  /**
   * {@code json}: each batch with rows is one file. {@code parquet}: rolled by two rows, so some
   * batches' rows wait in staging across the crash and are merged with later ones. Parquet skips
   * {@code after-offsets}: the sink has not been touched yet at that point.
   */
  @ParameterizedTest(name = "{0} query writing {1}, killed {2}")
  @CsvSource({
    "stateless, json, after-offsets",
    "stateless, json, mid-sink",
    "stateless, json, after-sink-commit",
    "stateless, json, after-commit",
    "windowed, json, after-offsets",
    "windowed, json, mid-sink",
    "windowed, json, after-sink-commit",
    "windowed, json, after-commit",
    "stateless, parquet, mid-sink",
    "stateless, parquet, after-sink-commit",
    "stateless, parquet, after-commit",
    "windowed, parquet, mid-sink",
    "windowed, parquet, after-sink-commit",
    "windowed, parquet, after-commit",
    "hopping, json, after-offsets",
    "hopping, json, mid-sink",
    "hopping, json, after-sink-commit",
    "hopping, json, after-commit",
    "session, json, after-offsets",
    "session, json, mid-sink",
    "session, json, after-sink-commit",
    "session, json, after-commit",
    "join, json, after-offsets",
    "join, json, mid-sink",
    "join, json, after-sink-commit",
    "join, json, after-commit",
    "union, json, after-offsets",
    "union, json, after-sink-commit",
    "union, json, after-commit"
  })
  void outputAfterACrashEqualsOutputWithoutOne(String kind, String format, String point)
      throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path out = Files.createDirectories(temp.resolve("out"));
    String query =
        kind.equals("stateless")
            ? STATELESS
            : kind.equals("windowed")
                ? WINDOWED
                : kind.equals("hopping")
                    ? HOPPING
                    : kind.equals("join") ? JOIN : kind.equals("union") ? UNION : SESSION;
    String outColumns =
        kind.equals("stateless") || kind.equals("join")
            ? "auction BIGINT, price BIGINT"
            : "ws TIMESTAMP(3), bids BIGINT, total BIGINT";
    String sinkOptions =
        format.equals("json")
            ? "'format' = 'json'"
            : "'format' = 'parquet', 'sink.rolling.min-rows' = '2'";
    // Batch N reads file N (one file per trigger); batch 1 is where the process dies.
    land(in, "0.csv", "1,5,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
    land(in, "1.csv", "3,30,2026-01-01 00:00:08\n4,40,2026-01-01 00:00:12\n");
    land(in, "2.csv", "5,50,2026-01-01 00:00:25\n6,1,2026-01-01 00:00:31\n");
    land(in, "3.csv", "7,70,2026-01-01 00:00:45\n8,80,2026-01-01 00:00:55\n");
    // the union's second stream: one file per batch, read by batches 0 and 1, both rows in the
    // window that stays open
    Path more = Files.createDirectories(temp.resolve("more"));
    land(more, "0.csv", "9,9,2026-01-01 00:00:59\n");
    land(more, "2.csv", "10,10,2026-01-01 00:00:58\n");

    runUntilKilled(
        point,
        bidsStream(in),
        bidsStream(more).replace("CREATE STREAM bids", "CREATE STREAM more_bids"),
        "CREATE STREAM results ("
            + outColumns
            + ") WITH ('connector' = "
            + "'files', 'path' = '"
            + out
            + "', 'format' = '"
            + format
            + "')",
        "CREATE SINK results_sink WITH ('connector' = 'files', 'path' = '"
            + out
            + "', "
            + sinkOptions
            + ") AS "
            + query);

    Process second = startServer(null);
    try {
      List<String> expected =
          kind.equals("stateless")
              ? List.of("2 | 20", "3 | 30", "4 | 40", "5 | 50", "7 | 70", "8 | 80")
              // The watermark reaches 00:00:54 (00:00:55 - 1 s): five windows close.
              // Watermarks after batches 0-3: 00:00:01, 00:00:11, 00:00:30, 00:00:54. Bid 4 waits
              // in the join from the crashed batch 1 until its window's maximum comes in batch 2.
              : kind.equals("join")
                  ? List.of("3 | 30", "4 | 40", "5 | 50", "6 | 1", "7 | 70")
                  : kind.equals("windowed") || kind.equals("union")
                      ? List.of(
                          "2026-01-01 00:00:00.000 | 3 | 55",
                          "2026-01-01 00:00:10.000 | 1 | 40",
                          "2026-01-01 00:00:20.000 | 1 | 50",
                          "2026-01-01 00:00:30.000 | 1 | 1",
                          "2026-01-01 00:00:40.000 | 1 | 70")
                      // Windows [s, s + 10 s) for s a multiple of 4 s, closed by 00:00:54; [-8, 2),
                      // [-4, 6) and [0, 10) close in the crashed batch 1, [4, 14) and [8, 18) hold
                      // slices of batches 0 and 1 across the crash.
                      : kind.equals("hopping")
                          ? List.of(
                              "2025-12-31 23:59:52.000 | 1 | 5",
                              "2025-12-31 23:59:56.000 | 2 | 25",
                              "2026-01-01 00:00:00.000 | 3 | 55",
                              "2026-01-01 00:00:04.000 | 2 | 70",
                              "2026-01-01 00:00:08.000 | 2 | 70",
                              "2026-01-01 00:00:12.000 | 1 | 40",
                              "2026-01-01 00:00:16.000 | 1 | 50",
                              "2026-01-01 00:00:20.000 | 1 | 50",
                              "2026-01-01 00:00:24.000 | 2 | 51",
                              "2026-01-01 00:00:28.000 | 1 | 1",
                              "2026-01-01 00:00:36.000 | 1 | 70",
                              "2026-01-01 00:00:40.000 | 1 | 70",
                              "2026-01-01 00:00:44.000 | 1 | 70")
                          // [00:01, 00:22) is open from batch 0 through the crashed batch 1 and
                          // closes
                          // in
                          // batch 2; [00:25, 00:41) closes in batch 3; [00:45, 00:55) and [00:55,
                          // 01:05) not yet.
                          : List.of(
                              "2026-01-01 00:00:01.000 | 4 | 95",
                              "2026-01-01 00:00:25.000 | 2 | 51");
      try (Connection connection = DriverManager.getConnection(url(second))) {
        List<String> rows = List.of();
        // generous: a restarted JVM plans and compiles its queries afresh, slowly on a loaded CI
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
          rows = query(connection, "SELECT * FROM results");
          if (rows.size() >= expected.size()) {
            break;
          }
          Thread.sleep(100);
        }
        // Give a duplicate a chance to show up before comparing.
        Thread.sleep(500);
        rows = query(connection, "SELECT * FROM results");
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
      }
    } finally {
      second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A window closed by an idle source's watermark, which follows the wall clock: batch 0 reads the
   * only file, batch 1 (no rows) closes the window a second later and dies. A replay of batch 1 at
   * another time must end at the watermark the first run reached, or its state keeps the window the
   * sink committed and the next idle batch writes it again.
   */
  @ParameterizedTest(name = "idle source, killed {0}")
  @CsvSource({"after-offsets", "after-sink-commit", "after-commit"})
  void windowClosedByAnIdleSourceComesOutOnceAfterACrash(String point) throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path out = Files.createDirectories(temp.resolve("out"));
    land(
        in,
        "0.csv",
        "1,5,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n3,30,2026-01-01 00:00:09.5\n");
    runUntilKilled(
        point,
        bidsStream(in)
            .replace("ts - INTERVAL '1' SECOND", "ts")
            .replace("'max-files-per-trigger' = '1'", "'watermark.idle-timeout' = '1s'"),
        resultsStream(out, "ws TIMESTAMP(3), bids BIGINT, total BIGINT"),
        resultsSink(out, WINDOWED));

    Process second = startServer(null);
    try (Connection connection = DriverManager.getConnection(url(second))) {
      // the idle batches after the restart (ids 2 and 3) are where a window kept by a replay that
      // ended elsewhere would come out again
      long deadline = System.currentTimeMillis() + 60_000;
      List<String> batches = List.of();
      while (System.currentTimeMillis() < deadline && !batches.contains("3")) {
        Thread.sleep(100);
        batches =
            query(
                connection,
                "SELECT batch_id FROM sys.query_progress WHERE query_id = 'results_sink'");
      }
      assertThat(batches).contains("3");
      assertThat(query(connection, "SELECT * FROM results"))
          .containsExactly("2026-01-01 00:00:00.000 | 3 | 55");
    } finally {
      second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A window over processing time: batch 1 runs right after batch 0 and dies, its rows in the
   * window batch 0's opened. A replay at its own (later) time would close that window, whose result
   * the sink then skips with the committed batch 1 (bid 3 also comes out alone, so batch 1 is never
   * empty): it must run at the time the first run did. Every bid comes out once, in whichever
   * windows the wall clock put them.
   */
  @ParameterizedTest(name = "processing-time window, killed {0}")
  @CsvSource({"after-offsets", "after-sink-commit", "after-commit"})
  void processingTimeWindowsCountEveryRowOnceAfterACrash(String point) throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path out = Files.createDirectories(temp.resolve("out"));
    land(in, "0.csv", "1,5,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
    land(in, "1.csv", "3,30,2026-01-01 00:00:08\n4,40,2026-01-01 00:00:12\n");
    runUntilKilled(
        point,
        bidsStream(in).replace("ts TIMESTAMP(3), ", "ts TIMESTAMP(3), pt AS PROCTIME(), "),
        resultsStream(out, "bids BIGINT, total BIGINT"),
        resultsSink(
            out,
            "SELECT COUNT(*) AS bids, SUM(price) AS total FROM bids"
                + " GROUP BY TUMBLE(pt, INTERVAL '2' SECOND)"
                // batch 1's own output, so the sink holds batch 1 as committed
                + " UNION ALL SELECT 0 AS bids, price AS total FROM bids WHERE auction = 3"));

    Process second = startServer(null);
    try (Connection connection = DriverManager.getConnection(url(second))) {
      // once the query holds no window, nothing more can come out: a duplicate would be there
      long[] totals = {0, 0};
      long stateRows = -1;
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline && (totals[0] < 4 || stateRows != 0)) {
        Thread.sleep(100);
        stateRows = latestStateRows(connection);
        totals = totals(query(connection, "SELECT * FROM results"));
      }
      assertThat(stateRows).isZero();
      assertThat(totals).containsExactly(4, 125);
    } finally {
      second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A stream of JSON files over {@code out}, where {@link #resultsSink} writes. */
  private static String resultsStream(Path out, String columns) {
    return "CREATE STREAM results ("
        + columns
        + ") WITH ('connector' = 'files', 'path' = '"
        + out
        + "', 'format' = 'json')";
  }

  /** Sink {@code results_sink} of {@code query}, JSON files into {@code out}. */
  private static String resultsSink(Path out, String query) {
    return "CREATE SINK results_sink WITH ('connector' = 'files', 'path' = '"
        + out
        + "', 'format' = 'json') AS "
        + query;
  }

  /** The state rows after the newest batch of {@code results_sink}, -1 before its first. */
  private static long latestStateRows(Connection connection) throws Exception {
    long newest = -1;
    long stateRows = -1;
    for (String row :
        query(
            connection,
            "SELECT batch_id, state_rows FROM sys.query_progress"
                + " WHERE query_id = 'results_sink'")) {
      String[] values = row.split(" \\| ");
      if (Long.parseLong(values[0]) > newest) {
        newest = Long.parseLong(values[0]);
        stateRows = Long.parseLong(values[1]);
      }
    }
    return stateRows;
  }

  /** The sums of the columns of {@code rows} ({@code "bids | total"}). */
  private static long[] totals(List<String> rows) {
    long[] totals = {0, 0};
    for (String row : rows) {
      String[] values = row.split(" \\| ");
      totals[0] += Long.parseLong(values[0]);
      totals[1] += Long.parseLong(values[1]);
    }
    return totals;
  }

  /**
   * A materialized view is checkpointed like a sink: killed at each point, then restarted, it shows
   * the same table as without a crash. Its input files are deleted before the restart, so a view
   * rebuilt by re-reading its sources (instead of resuming) would come back empty.
   */
  @ParameterizedTest(name = "materialized view, killed {0}")
  @CsvSource({"after-offsets", "mid-sink", "after-sink-commit", "after-commit"})
  void materializedViewAfterACrashEqualsOneWithout(String point) throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    land(in, "0.csv", "1,5,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
    land(in, "1.csv", "1,30,2026-01-01 00:00:08\n3,40,2026-01-01 00:00:12\n");
    // auction 1's price 30 again: counted once by the distinct counts, whose values (two calls
    // over one column share one map) must come back from the checkpoint
    land(in, "2.csv", "2,50,2026-01-01 00:00:25\n1,30,2026-01-01 00:00:26\n");

    runUntilKilled(
        point,
        bidsStream(in),
        "CREATE MATERIALIZED VIEW totals AS "
            + "SELECT auction, COUNT(*) AS bids, SUM(price) AS total, COUNT(DISTINCT price) AS prices,"
            + " COUNT(DISTINCT price) FILTER (WHERE price > 25) AS high FROM bids GROUP BY auction");

    List<String> expected =
        List.of("1 | 3 | 65 | 2 | 1", "2 | 2 | 70 | 2 | 1", "3 | 1 | 40 | 1 | 1");
    Process second = startServer(null);
    try (Connection connection = DriverManager.getConnection(url(second))) {
      assertEventuallyTotals(connection, expected);
    } finally {
      second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    // The batches of files 0 and 1 are in the checkpoint now: without their files, a restart
    // that resumes still shows them.
    Files.delete(in.resolve("0.csv"));
    Files.delete(in.resolve("1.csv"));
    Process third = startServer(null);
    try (Connection connection = DriverManager.getConnection(url(third))) {
      assertEventuallyTotals(connection, expected);
    } finally {
      third.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Waits (30 s at most) for the view {@code totals} to show exactly {@code expected}. */
  private static void assertEventuallyTotals(Connection connection, List<String> expected)
      throws Exception {
    List<String> rows = List.of();
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline && !rows.containsAll(expected)) {
      Thread.sleep(100);
      rows = query(connection, "SELECT * FROM totals");
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * A sink that scores with a model: killed at each point of batch 1, then restarted after the
   * model file was replaced. The batches that were under way before the crash are scored again with
   * the version their checkpoint names, the later ones with the new file, so the output is what it
   * would be had the file been replaced between batches 1 and 2 of a run without a crash.
   */
  @ParameterizedTest(name = "scoring sink, killed {0}")
  @CsvSource({"after-offsets", "mid-sink", "after-sink-commit", "after-commit"})
  void scoringSinkAfterACrashEqualsOutputWithoutOne(String point) throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path out = Files.createDirectories(temp.resolve("out"));
    Path model = temp.resolve("models").resolve("fraud.onnx");
    double[] weights = {0.1};
    OnnxModels.logisticRegression(OnnxGraph.DOUBLE, weights, -3).writeTo(model);
    land(in, "0.csv", "1,5,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
    land(in, "1.csv", "3,30,2026-01-01 00:00:08\n4,40,2026-01-01 00:00:12\n");
    land(in, "2.csv", "5,50,2026-01-01 00:00:25\n6,1,2026-01-01 00:00:31\n");
    land(in, "3.csv", "7,70,2026-01-01 00:00:45\n8,80,2026-01-01 00:00:55\n");

    runUntilKilled(
        point,
        bidsStream(in),
        "CREATE MODEL fraud INPUT (price BIGINT) OUTPUT (score DOUBLE) "
            + "WITH ('provider' = 'onnx', 'path' = '"
            + model
            + "')",
        "CREATE STREAM results (auction BIGINT, score DOUBLE) WITH ('connector' = 'files', "
            + "'path' = '"
            + out
            + "', 'format' = 'json')",
        "CREATE SINK results_sink WITH ('connector' = 'files', 'path' = '"
            + out
            + "', 'format' = 'json') AS SELECT auction, ROUND(score, 6) AS score "
            + "FROM ML_PREDICT(TABLE bids, MODEL fraud, DESCRIPTOR(price))");
    // the new version, deployed while the server is down
    OnnxModels.logisticRegression(OnnxGraph.DOUBLE, weights, -6).writeTo(model);

    List<String> expected = new ArrayList<>();
    long[][] prices = {{1, 5}, {2, 20}, {3, 30}, {4, 40}, {5, 50}, {6, 1}, {7, 70}, {8, 80}};
    for (long[] bid : prices) {
      double bias = bid[0] <= 4 ? -3 : -6;
      double score = OnnxModels.logisticScore(weights, bias, bid[1]);
      expected.add(bid[0] + " | " + Math.round(score * 1e6) / 1e6);
    }
    Process second = startServer(null);
    try (Connection connection = DriverManager.getConnection(url(second))) {
      List<String> rows = List.of();
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline && rows.size() < expected.size()) {
        Thread.sleep(100);
        rows = query(connection, "SELECT * FROM results");
      }
      // Give a duplicate a chance to show up before comparing.
      Thread.sleep(500);
      rows = query(connection, "SELECT * FROM results");
      assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Batch N reads file N of {@code in}: one file per trigger. */
  private static String bidsStream(Path in) {
    return "CREATE STREAM bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3), "
        + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
        + "'path' = '"
        + in
        + "', 'format' = 'csv', 'max-files-per-trigger' = '1')";
  }

  /** Starts a server that dies at {@code point} of batch 1, runs the statements, awaits death. */
  private void runUntilKilled(String point, String... statements) throws Exception {
    Process process = startServer(point + ":1");
    try (Connection connection = DriverManager.getConnection(url(process));
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (java.sql.SQLException e) {
      // The crash may land while the client still talks to the server.
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("server killed at " + point).isTrue();
    assertThat(process.exitValue()).isEqualTo(137);
  }

  private static void land(Path folder, String name, String content) throws Exception {
    Path staging = folder.resolve("." + name);
    Files.writeString(staging, content, StandardCharsets.UTF_8);
    Files.move(staging, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private static List<String> query(Connection connection, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          values.add(rs.getString(c));
        }
        rows.add(String.join(" | ", values));
      }
    }
    return rows;
  }

  private Process startServer(String crashPoint) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx512m");
    if (crashPoint != null) {
      command.add("-D" + CrashPoints.PROPERTY + "=" + crashPoint);
    }
    command.add("-Dsluice.query.idle-poll-ms=20");
    // crash tests kill queries running on two subtasks, whatever the machine
    command.add("-Dsluice.query.parallelism=2");
    command.add("-Dsluice.files.allowed-paths=" + temp.toAbsolutePath());
    command.add("io.sluice.launcher.ServerMain");
    command.add("--port");
    command.add("0");
    command.add("--data");
    command.add(temp.resolve("data").toString());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + 60_000;
    String line;
    while ((line = reader.readLine()) != null && System.currentTimeMillis() < deadline) {
      int at = line.indexOf("jdbc:sluice://");
      if (at >= 0) {
        Thread drain = new Thread(() -> reader.lines().forEach(ignored -> {}));
        drain.setDaemon(true);
        drain.start();
        processUrls.put(process, line.substring(at).split("\\s")[0]);
        return process;
      }
    }
    process.destroyForcibly();
    throw new AssertionError("server did not start; last line: " + line);
  }

  private final java.util.Map<Process, String> processUrls = new java.util.HashMap<>();

  private String url(Process process) {
    return processUrls.get(process);
  }
}
