package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.result.StatementResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans read only the columns a query uses (shown by EXPLAIN), plus the event-time column, and
 * results are the same as reading every column: for every kind of source.
 */
@Timeout(60)
class ProjectionPushDownTest {
  @TempDir Path temp;
  private EngineHarness sluice;

  @BeforeEach
  void setUp() {
    sluice = new EngineHarness(temp);
  }

  @AfterEach
  void tearDown() {
    sluice.close();
  }

  private String explain(String query) throws Exception {
    return String.join("\n", sluice.rowsOf("EXPLAIN PLAN FOR " + query));
  }

  @Test
  void csvScanReadsTheColumnsUsedAndTheEventTime() throws Exception {
    Path bids = sluice.folder("bids");
    sluice.execute(
        "CREATE STREAM bids (auction BIGINT, note VARCHAR, price BIGINT, "
            + "ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ("
            + "'connector' = 'files', 'path' = '"
            + bids
            + "', 'format' = 'csv')");
    sluice.land(bids, "1.csv", "1,a,10,2026-01-01 00:00:01\n2,b,25,2026-01-01 00:00:02\n");
    String query = "SELECT price * 2 FROM bids WHERE auction > 1";
    assertThat(explain(query)).contains("columns=[auction, price, ts]");
    assertThat(sluice.rowsOf(query)).containsExactly("50");
    assertThat(sluice.rowsOf("SELECT note, auction FROM bids"))
        .containsExactlyInAnyOrder("a | 1", "b | 2");
  }

  @Test
  void jsonWindowFindsItsEventTimeThroughTheProjectedScan() throws Exception {
    Path clicks = sluice.folder("clicks");
    sluice.execute(
        "CREATE STREAM clicks (id BIGINT, page VARCHAR, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
            + "'path' = '"
            + clicks
            + "', 'format' = 'json')");
    sluice.land(
        clicks,
        "1.json",
        "{\"id\": 1, \"page\": \"a\", \"ts\": \"2026-01-01 00:00:01\"}\n"
            + "{\"id\": 2, \"page\": \"b\", \"ts\": \"2026-01-01 00:00:07\"}\n");
    String query =
        "SELECT TUMBLE_START(ts, INTERVAL '5' SECOND), COUNT(*) FROM clicks "
            + "GROUP BY TUMBLE(ts, INTERVAL '5' SECOND)";
    assertThat(explain(query)).contains("columns=[ts]");
    assertThat(sluice.rowsOf(query))
        .containsExactlyInAnyOrder("2026-01-01 00:00:00 | 1", "2026-01-01 00:00:05 | 1");
  }

  @Test
  void lateRowsLeavingWholeKeepEveryColumn() throws Exception {
    Path clicks = sluice.folder("clicks");
    Path late = sluice.folder("late");
    sluice.execute(
        "CREATE STREAM late_clicks (id BIGINT, page VARCHAR, ts TIMESTAMP(3)) WITH ("
            + "'connector' = 'files', 'path' = '"
            + late
            + "', 'format' = 'json')");
    sluice.execute(
        "CREATE STREAM clicks (id BIGINT, page VARCHAR, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND ON LATE INTO late_clicks) WITH ("
            + "'connector' = 'files', 'path' = '"
            + clicks
            + "', 'format' = 'json')");
    assertThat(explain("SELECT STREAM id FROM clicks")).contains("columns=[id, page, ts]");
  }

  @Test
  void generatorsBuildOnlyTheColumnsRead() throws Exception {
    sluice.execute(
        "CREATE STREAM numbers (n BIGINT, label VARCHAR, d DOUBLE) WITH ("
            + "'connector' = 'datagen', 'kind' = 'rate', 'rows-per-second' = '1000000', "
            + "'number-of-rows' = '3')");
    sluice.execute(
        "CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, "
            + "channel VARCHAR, url VARCHAR, date_time TIMESTAMP(3), extra VARCHAR) WITH ("
            + "'connector' = 'datagen', 'kind' = 'nexmark', 'nexmark.table' = 'bid', "
            + "'events' = '1000')");
    assertThat(explain("SELECT label FROM numbers")).contains("columns=[label]");
    // paced by the wall clock, so a push query waits for the rows
    StatementResult.Rows numbers = sluice.query("SELECT STREAM d, label FROM numbers WHERE n > 0");
    assertThat(EngineHarness.take(numbers, 2)).containsExactly("1.0 | row-1", "2.0 | row-2");
    numbers.rows().close();
    List<String> all =
        sluice.rowsOf(
            "SELECT price, auction FROM (SELECT * FROM bid "
                + "UNION ALL SELECT * FROM bid WHERE auction < 0)");
    String query = "SELECT price, auction FROM bid";
    assertThat(explain(query)).contains("columns=[auction, price]");
    assertThat(sluice.rowsOf(query)).hasSize(920).containsExactlyElementsOf(all);
  }

  @Test
  void systemTablesAreProjectedAfterReading() throws Exception {
    sluice.execute("CREATE STREAM s (a BIGINT) WITH ('connector' = 'datagen', 'kind' = 'rate')");
    assertThat(explain("SELECT name FROM sys.streams")).contains("columns=[name]");
    assertThat(sluice.rowsOf("SELECT name FROM sys.streams")).containsExactly("s");
  }
}
