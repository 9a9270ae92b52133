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
