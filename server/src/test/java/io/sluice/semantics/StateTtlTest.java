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

  /** Append-only (each key's first row by event time), so a files sink takes it. */
  private static final String FIRST_ROW_PER_KEY =
      "SELECT k, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts)"
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

  /**
   * {@code WITH ('state.ttl' = …)} on a materialized view: the first row per key by processing time
   * is kept until the key idles longer than the TTL; then the key's next row is its first again.
   */
  @Test
  void aMaterializedViewsTtlOptionExpiresIdleKeys() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path events = sluice.folder("events");
      sluice.execute(
          "CREATE STREAM events (k BIGINT, v BIGINT, pt AS PROCTIME()) WITH ("
              + "'connector' = 'files', 'path' = '"
              + events
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE MATERIALIZED VIEW firsts WITH ('state.ttl' = '2s') AS SELECT k, v FROM ("
              + "SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY pt) AS rn FROM events) "
              + "WHERE rn = 1");
      sluice.land(events, "001.csv", "1,10\n");
      awaitRows(sluice, "SELECT * FROM firsts", List.of("1 | 10"));
      sluice.land(events, "002.csv", "1,11\n2,20\n");
      awaitRows(sluice, "SELECT * FROM firsts", List.of("1 | 10", "2 | 20"));
      long lastTouched = System.currentTimeMillis();

      while (System.currentTimeMillis() < lastTouched + 3_000) {
        Thread.sleep(50);
      }
      sluice.land(events, "003.csv", "1,12\n");
      awaitRows(sluice, "SELECT * FROM firsts", List.of("1 | 12", "2 | 20"));
      assertThat(String.join("\n", sluice.rowsOf("SELECT * FROM sys.materialized_views")))
          .contains("firsts");
    }
  }

  @Test
  void explainCreateShowsTheTtlOfASinkOrView() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path events = createEvents(sluice);
      String sinkPlan =
          String.join(
              "\n",
              sluice.rowsOf(
                  "EXPLAIN CREATE SINK last_rows WITH ('connector' = 'files', 'path' = '"
                      + events.resolveSibling("out")
                      + "', 'format' = 'json', 'state.ttl' = '30m') AS "
                      + FIRST_ROW_PER_KEY));
      assertThat(sinkPlan).contains("ttl=[30 min]").contains("keys idle for 30 min expire");
      // nothing was created
      assertThat(sluice.rowsOf("SHOW SINKS")).isEmpty();

      // a view takes the session's TTL unless it names its own
      sluice.execute("SET 'state.ttl' = '1h'");
      String viewPlan =
          String.join(
              "\n", sluice.rowsOf("EXPLAIN CREATE MATERIALIZED VIEW v AS " + LAST_ROW_PER_KEY));
      assertThat(viewPlan).contains("ttl=[1 h]");
      String ownPlan =
          String.join(
              "\n",
              sluice.rowsOf(
                  "EXPLAIN CREATE MATERIALIZED VIEW v WITH ('state.ttl' = '10s') AS "
                      + LAST_ROW_PER_KEY));
      assertThat(ownPlan).contains("ttl=[10 s]");

      // the sink is created with it: the option is one every sink takes
      sluice.execute(
          "CREATE SINK last_rows WITH ('connector' = 'files', 'path' = '"
              + events.resolveSibling("out")
              + "', 'format' = 'json', 'state.ttl' = '30m') AS "
              + FIRST_ROW_PER_KEY);
      assertThat(sluice.rowsOf("SHOW SINKS")).hasSize(1);
    }
  }

  @Test
  void aBadTtlOptionIsRefusedNamingIt() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path events = createEvents(sluice);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  sluice.execute(
                      "CREATE SINK s WITH ('connector' = 'files', 'path' = '"
                          + events.resolveSibling("out")
                          + "', 'format' = 'json', 'state.ttl' = 'soon') AS "
                          + FIRST_ROW_PER_KEY))
          .hasMessageContaining("state.ttl")
          .hasMessageContaining("'soon'");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  sluice.execute(
                      "CREATE MATERIALIZED VIEW v WITH ('ttl' = '1h') AS " + LAST_ROW_PER_KEY))
          .hasMessageContaining("unknown option 'ttl'")
          .hasMessageContaining("'state.ttl'");
      assertThat(sluice.rowsOf("SHOW SINKS")).isEmpty();
    }
  }

  private static void awaitRows(EngineHarness sluice, String sql, List<String> expected)
      throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    List<String> rows = sluice.rowsOf(sql);
    while (!(rows.size() == expected.size() && rows.containsAll(expected))) {
      assertThat(System.currentTimeMillis())
          .as("waiting for %s, have %s", expected, rows)
          .isLessThan(deadline);
      Thread.sleep(50);
      rows = sluice.rowsOf(sql);
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
