package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.result.StatementResult;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROCTIME(): rows stamped with the wall clock, and windows over it closing on the wall clock. */
@Timeout(60)
class ProcessingTimeTest {
  @TempDir Path temp;

  @Test
  void windowOverProcessingTimeClosesOnTheWallClockWithoutFurtherInput() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path clicks = sluice.folder("clicks");
      sluice.execute(
          "CREATE STREAM clicks (user_id BIGINT, page VARCHAR) WITH ('connector' = 'files', "
              + "'path' = '"
              + clicks
              + "', 'format' = 'csv')");
      StatementResult.Rows result =
          sluice.query(
              "SELECT STREAM user_id, COUNT(*) AS n, TUMBLE_END(pt, INTERVAL '1' SECOND) AS we "
                  + "FROM (SELECT *, PROCTIME() AS pt FROM clicks) "
                  + "GROUP BY user_id, TUMBLE(pt, INTERVAL '1' SECOND)");
      long landed = System.currentTimeMillis();
      sluice.land(clicks, "001.csv", "1,/a\n1,/b\n2,/c\n");

      // Nothing lands after the file: only the wall clock passing the window's end can close it.
      List<String> rows = EngineHarness.take(result, 2);
      long closed = System.currentTimeMillis();
      assertThat(rows.stream().map(row -> row.substring(0, row.lastIndexOf(" | "))))
          .containsExactlyInAnyOrder("1 | 2", "2 | 1");
      for (String row : rows) {
        long windowEnd =
            LocalDateTime.parse(row.substring(row.lastIndexOf(" | ") + 3).replace(' ', 'T'))
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        // The rows were stamped when the batch reading them ran, after they landed; the window
        // closed once the wall clock passed its end.
        assertThat(windowEnd).isGreaterThan(landed).isLessThanOrEqualTo(closed);
      }
      result.rows().close();
    }
  }

  /**
   * Nexmark q12 as Flink writes it: the processing time is a computed column of the stream, and the
   * windows over it close on the wall clock whether grouped by TUMBLE(pt, …) or by the window table
   * function's window_start and window_end.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT STREAM user_id, COUNT(*) AS n, TUMBLE_END(pt, INTERVAL '1' SECOND) AS we "
            + "FROM clicks GROUP BY user_id, TUMBLE(pt, INTERVAL '1' SECOND)",
        "SELECT STREAM user_id, COUNT(*) AS n, window_end AS we "
            + "FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(pt), INTERVAL '1' SECOND)) "
            + "GROUP BY user_id, window_start, window_end"
      })
  void windowOverAProcTimeColumnClosesOnTheWallClock(String query) throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path clicks = sluice.folder("clicks");
      sluice.execute(
          "CREATE STREAM clicks (user_id BIGINT, page VARCHAR, pt AS PROCTIME()) WITH ("
              + "'connector' = 'files', 'path' = '"
              + clicks
              + "', 'format' = 'csv')");
      StatementResult.Rows result = sluice.query(query);
      long landed = System.currentTimeMillis();
      sluice.land(clicks, "001.csv", "1,/a\n1,/b\n2,/c\n");

      List<String> rows = EngineHarness.take(result, 2);
      long closed = System.currentTimeMillis();
      assertThat(rows.stream().map(row -> row.substring(0, row.lastIndexOf(" | "))))
          .containsExactlyInAnyOrder("1 | 2", "2 | 1");
      for (String row : rows) {
        long windowEnd =
            LocalDateTime.parse(row.substring(row.lastIndexOf(" | ") + 3).replace(' ', 'T'))
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        assertThat(windowEnd).isGreaterThan(landed).isLessThanOrEqualTo(closed);
      }
      result.rows().close();
    }
  }

  /**
   * A window top-N over a PROCTIME window table function emits each window's top N on the clock.
   */
  @Test
  void windowTopNOverProcessingTimeClosesOnTheWallClock() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path clicks = sluice.folder("clicks");
      sluice.execute(
          "CREATE STREAM clicks (user_id BIGINT, page VARCHAR, pt AS PROCTIME()) WITH ("
              + "'connector' = 'files', 'path' = '"
              + clicks
              + "', 'format' = 'csv')");
      StatementResult.Rows result =
          sluice.query(
              "SELECT STREAM user_id, page, window_end AS we FROM ("
                  + "SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, user_id "
                  + "ORDER BY page DESC) AS rn "
                  + "FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(pt), INTERVAL '1' SECOND))) "
                  + "WHERE rn = 1");
      long landed = System.currentTimeMillis();
      sluice.land(clicks, "001.csv", "1,/a\n1,/b\n2,/c\n");

      // Nothing lands after the file: only the wall clock passing the window's end can close it.
      List<String> rows = EngineHarness.take(result, 2);
      long closed = System.currentTimeMillis();
      assertThat(rows.stream().map(row -> row.substring(0, row.lastIndexOf(" | "))))
          .containsExactlyInAnyOrder("1 | /b", "2 | /c");
      for (String row : rows) {
        long windowEnd =
            LocalDateTime.parse(row.substring(row.lastIndexOf(" | ") + 3).replace(' ', 'T'))
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        assertThat(windowEnd).isGreaterThan(landed).isLessThanOrEqualTo(closed);
      }
      result.rows().close();
    }
  }

  /**
   * An inner window join of two PROCTIME window table functions: rows of one window meet as soon as
   * both are there (day-long windows hold both files' batches).
   */
  @Test
  void windowJoinOverProcessingTimeJoinsRowsOfOneWindow() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path clicks = sluice.folder("clicks");
      Path views = sluice.folder("views");
      sluice.execute(
          "CREATE STREAM clicks (user_id BIGINT, page VARCHAR, pt AS PROCTIME()) WITH ("
              + "'connector' = 'files', 'path' = '"
              + clicks
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE STREAM views (user_id BIGINT, item VARCHAR, pt AS PROCTIME()) WITH ("
              + "'connector' = 'files', 'path' = '"
              + views
              + "', 'format' = 'csv')");
      StatementResult.Rows result =
          sluice.query(
              "SELECT STREAM c.user_id, c.page, v.item FROM "
                  + "(SELECT * FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(pt), INTERVAL '1' DAY)))"
                  + " c JOIN "
                  + "(SELECT * FROM TABLE(TUMBLE(TABLE views, DESCRIPTOR(pt), INTERVAL '1' DAY)))"
                  + " v ON c.user_id = v.user_id AND c.window_start = v.window_start"
                  + " AND c.window_end = v.window_end");
      sluice.land(clicks, "001.csv", "1,/a\n2,/c\n");
      sluice.land(views, "001.csv", "1,lamp\n3,chair\n");
      assertThat(EngineHarness.take(result, 1)).containsExactly("1 | /a | lamp");
      result.rows().close();
      assertThat(
              String.join(
                  "\n",
                  sluice.rowsOf(
                      "EXPLAIN PLAN FOR SELECT STREAM c.user_id FROM "
                          + "(SELECT * FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(pt),"
                          + " INTERVAL '1' DAY))) c JOIN "
                          + "(SELECT * FROM TABLE(TUMBLE(TABLE views, DESCRIPTOR(pt),"
                          + " INTERVAL '1' DAY))) v ON c.user_id = v.user_id"
                          + " AND c.window_start = v.window_start"
                          + " AND c.window_end = v.window_end")))
          .contains(
              "StreamWindowJoin", "time=[proctime]", "until the wall clock passes the window");
    }
  }

  @Test
  void aProcTimeColumnIsKeptInTheCatalogAcrossARestart() throws Exception {
    Path clicks = temp.resolve("clicks");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.folder("clicks");
      sluice.land(clicks, "001.csv", "1,/a\n");
      sluice.execute(
          "CREATE STREAM clicks (user_id BIGINT, pt AS PROCTIME(), page VARCHAR) WITH ("
              + "'connector' = 'files', 'path' = '"
              + clicks
              + "', 'format' = 'csv')");
    }
    try (EngineHarness sluice = new EngineHarness(temp)) {
      // the source still reads two columns; pt keeps its place between them
      assertThat(sluice.rowsOf("SELECT user_id, pt IS NOT NULL, page FROM clicks"))
          .containsExactly("1 | true | /a");
    }
  }

  @Test
  void explainShowsTheWindowOverProcessingTime() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path clicks = sluice.folder("clicks");
      sluice.execute(
          "CREATE STREAM clicks (user_id BIGINT, page VARCHAR) WITH ('connector' = 'files', "
              + "'path' = '"
              + clicks
              + "', 'format' = 'csv')");
      List<String> plan =
          sluice.rowsOf(
              "EXPLAIN PLAN FOR SELECT STREAM user_id, COUNT(*) AS n FROM "
                  + "(SELECT *, PROCTIME() AS pt FROM clicks) "
                  + "GROUP BY user_id, TUMBLE(pt, INTERVAL '1' SECOND)");
      assertThat(String.join("\n", plan))
          .contains("(processing time)")
          .contains("dropped once the wall clock passes the window end")
          .contains("PROCTIME()");
    }
  }
}
