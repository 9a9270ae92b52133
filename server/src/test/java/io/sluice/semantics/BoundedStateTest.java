package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.driver.RunningQuery;
import io.sluice.server.result.QueryRows;
import io.sluice.server.result.StatementResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Windowed state stays bounded by open windows × keys, however many rows stream through. */
@Timeout(120)
class BoundedStateTest {
  private static final long ROWS = 10_000_000;
  private static final int KEYS = 10;

  @TempDir Path temp;

  @Test
  void tenMillionRowsKeepStateBoundedByOpenWindowsTimesKeys() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      // One million rows per second of event time: 10 s of events, one-second windows.
      sluice.execute(
          "CREATE STREAM ticks (id BIGINT, ts TIMESTAMP(3), "
              + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', "
              + "'kind' = 'rate', 'rows-per-second' = '1000000', 'number-of-rows' = '"
              + ROWS
              + "')");
      StatementResult.Rows result =
          sluice.query(
              "SELECT STREAM MOD(id, "
                  + KEYS
                  + ") AS k, "
                  + "TUMBLE_START(ts, INTERVAL '1' SECOND) AS ws, COUNT(*) AS c FROM ticks "
                  + "GROUP BY MOD(id, "
                  + KEYS
                  + "), TUMBLE(ts, INTERVAL '1' SECOND)");
      RunningQuery query = ((QueryRows) result.rows()).query();
      // Windows close while the input runs. The generator starts at wall-clock time, so the first
      // window is partial; every later one holds 100 000 rows per key.
      List<String> rows = EngineHarness.take(result, 8 * KEYS);
      assertThat(rows.subList(KEYS, rows.size()))
          .allSatisfy(row -> assertThat(row).endsWith(" | 100000"));

      long counted =
          rows.stream()
              .mapToLong(row -> Long.parseLong(row.substring(row.lastIndexOf(' ') + 1)))
              .sum();
      assertThat(counted).isGreaterThan(7_000_000L);
      assertThat(query.totalInputRows()).isGreaterThanOrEqualTo(counted);
      // At most the windows a batch can span (delay + batch length) stay open, per key.
      assertThat(query.peakStateRows()).isLessThanOrEqualTo(4L * KEYS);
      result.rows().close();
    }
  }
}
