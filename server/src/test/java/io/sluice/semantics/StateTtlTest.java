package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.result.StatementResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code SET 'state.ttl'}: keys idle for longer lose their state, as Flink's state TTL. */
@Timeout(60)
class StateTtlTest {
  private static final String LAST_ROW_PER_KEY =
      "SELECT STREAM k, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC)"
          + " AS rn FROM events) WHERE rn = 1";

  @TempDir Path temp;

  @Test
  void aKeyIdleLongerThanTheTtlStartsOver() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path events = createEvents(sluice);
      sluice.execute("SET 'state.ttl' = '1s'");
      sluice.execute("SET 'changelog.columns' = 'true'");
      StatementResult.Rows result = sluice.query(LAST_ROW_PER_KEY);

      sluice.land(events, "001.csv", "1,10,2026-01-01 00:00:01\n");
      assertThat(ops(EngineHarness.take(result, 1))).containsExactly("+I | 1 | 10");
      sluice.land(events, "002.csv", "1,11,2026-01-01 00:00:02\n");
      assertThat(ops(EngineHarness.take(result, 1))).containsExactly("+U | 1 | 11");
      long lastTouched = System.currentTimeMillis();

      // Let key 1 stay idle for longer than the TTL: its kept row is forgotten, so its next row
      // is new again (+I), not an update of a row the state no longer holds.
      while (System.currentTimeMillis() < lastTouched + 1_500) {
        Thread.sleep(50);
      }
      sluice.land(events, "003.csv", "1,12,2026-01-01 00:00:03\n");
      assertThat(ops(EngineHarness.take(result, 1))).containsExactly("+I | 1 | 12");
      result.rows().close();
    }
  }

  @Test
  void explainShowsTheTtl() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      createEvents(sluice);
      sluice.execute("SET 'state.ttl' = '30m'");
      String plan = String.join("\n", sluice.rowsOf("EXPLAIN PLAN FOR " + LAST_ROW_PER_KEY));
      assertThat(plan).contains("ttl=[30 min]").contains("keys idle for 30 min expire");
    }
  }

  @Test
  void aBadTtlIsRefusedNamingTheProperty() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> sluice.execute("SET 'state.ttl' = 'soon'"))
          .hasMessageContaining("state.ttl")
          .hasMessageContaining("'soon'");
    }
  }

  private static Path createEvents(EngineHarness sluice) throws Exception {
    Path events = sluice.folder("events");
    sluice.execute(
        "CREATE STREAM events (k BIGINT, v BIGINT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts) WITH ('connector' = 'files', 'path' = '"
            + events
            + "', 'format' = 'csv')");
    return events;
  }

  /** Rows without their batch id: {@code "+I | 1 | 10"}. */
  private static List<String> ops(List<String> rows) {
    return rows.stream().map(row -> row.substring(row.indexOf(" | ") + 3)).toList();
  }
}
