package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.error.SluiceException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows, watermarks and output modes, batch by batch. Each input file is one micro-batch
 * ('max-files-per-trigger' = 1, trigger available-now); {@code _batch_id} and {@code _op} show
 * which batch emitted a row and how.
 */
@Timeout(60)
class WindowAggregationTest {
  @TempDir Path temp;
  private EngineHarness sluice;
  private Path bids;

  @BeforeEach
  void setUp() throws Exception {
    sluice = new EngineHarness(temp);
    bids = sluice.folder("bids");
    sluice.execute(
        "CREATE STREAM bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ('connector' = 'files', "
            + "'path' = '"
            + bids
            + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
    sluice.execute("SET 'trigger' = 'available-now'");
    sluice.execute("SET 'changelog.columns' = 'true'");
  }

  @AfterEach
  void tearDown() {
    sluice.close();
  }

  private void batches(String... files) throws Exception {
    for (int i = 0; i < files.length; i++) {
      sluice.land(bids, String.format("%03d.csv", i), files[i]);
    }
  }

  @Test
  void tumbleAppendEmitsEachWindowOnceTheWatermarkPassesItsEnd() throws Exception {
    batches(
        "1,10,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:04\n",
        // out of order but within the 2 s delay: still counted in [00:00, 00:05)
        "1,30,2026-01-01 00:00:06\n1,5,2026-01-01 00:00:03\n",
        // watermark reaches 00:00:10: [00:05, 00:10) closes
        "2,40,2026-01-01 00:00:12\n",
        // late: older than the watermark (00:00:10)
        "1,99,2026-01-01 00:00:07\n");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM TUMBLE_START(ts, INTERVAL '5' SECOND) AS ws, "
                + "TUMBLE_END(ts, INTERVAL '5' SECOND) AS we, COUNT(*) AS bids, SUM(price) AS total "
                + "FROM bids GROUP BY TUMBLE(ts, INTERVAL '5' SECOND)");
    // Batch 1's watermark is 00:00:04 (max 00:00:06 - 2 s): both windows close in batch 2.
    assertThat(rows)
        .containsExactly(
            "2 | +I | 2026-01-01 00:00:00 | 2026-01-01 00:00:05 | 3 | 35",
            "2 | +I | 2026-01-01 00:00:05 | 2026-01-01 00:00:10 | 1 | 30");
    assertThat(progressColumn("late_rows")).endsWith("1");
  }

  @Test
  void lateRowsGoIntoTheDeclaredStreamInsteadOfBeingLost() throws Exception {
    Path clicks = sluice.folder("clicks");
    Path late = sluice.folder("late_clicks");
    sluice.execute(
        "CREATE STREAM late_clicks (id BIGINT, ts TIMESTAMP(3)) WITH ("
            + "'connector' = 'files', 'path' = '"
            + late
            + "', 'format' = 'json')");
    sluice.execute(
        "CREATE STREAM clicks (id BIGINT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND ON LATE INTO late_clicks) WITH ("
            + "'connector' = 'files', 'path' = '"
            + clicks
            + "', 'format' = 'csv', "
            + "'max-files-per-trigger' = '1')");
    sluice.land(clicks, "1.csv", "1,2026-01-01 00:00:01\n2,2026-01-01 00:00:09\n");
    // The watermark is now 00:00:08: the row at 00:00:03 is late, the one at 00:00:08 is not.
    sluice.land(clicks, "2.csv", "3,2026-01-01 00:00:03\n4,2026-01-01 00:00:08\n");
    sluice.land(clicks, "3.csv", "5,2026-01-01 00:00:30\n");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM TUMBLE_START(ts, INTERVAL '5' SECOND), "
                + "COUNT(*) FROM clicks GROUP BY TUMBLE(ts, INTERVAL '5' SECOND)");
    assertThat(rows)
        .containsExactly("0 | +I | 2026-01-01 00:00:00 | 1", "2 | +I | 2026-01-01 00:00:05 | 2");
    assertThat(progressColumn("late_rows")).containsExactly("0", "1", "1");
    sluice.execute("SET 'changelog.columns' = 'false'");
    assertThat(sluice.rowsOf("SELECT * FROM late_clicks"))
        .containsExactly("3 | 2026-01-01 00:00:03");
  }

  @Test
  void hopWindowsHoldARowInEveryWindowItFallsIn() throws Exception {
    batches("1,10,2026-01-01 00:00:05\n", "1,1,2026-01-01 00:00:20\n");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM HOP_START(ts, INTERVAL '2' SECOND, "
                + "INTERVAL '4' SECOND) AS ws, HOP_END(ts, INTERVAL '2' SECOND, INTERVAL '4' SECOND) AS we, "
                + "COUNT(*) AS c FROM bids GROUP BY HOP(ts, INTERVAL '2' SECOND, INTERVAL '4' SECOND)");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "1 | +I | 2026-01-01 00:00:02 | 2026-01-01 00:00:06 | 1",
            "1 | +I | 2026-01-01 00:00:04 | 2026-01-01 00:00:08 | 1");
  }

  @Test
  void windowTableFunctionsGroupByWindowBounds() throws Exception {
    batches(
        "1,10,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n1,5,2026-01-01 00:00:07\n",
        "1,1,2026-01-01 00:00:30\n");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM window_start, window_end, auction, "
                + "MAX(price) AS top FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND)) "
                + "GROUP BY window_start, window_end, auction");
    // Batch 0 already moves the watermark to 00:00:05, closing [00:00, 00:05).
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "0 | +I | 2026-01-01 00:00:00 | 2026-01-01 00:00:05 | 1 | 10",
            "0 | +I | 2026-01-01 00:00:00 | 2026-01-01 00:00:05 | 2 | 20",
            "1 | +I | 2026-01-01 00:00:05 | 2026-01-01 00:00:10 | 1 | 5");
  }

  @Test
  void sessionWindowsMergeWhenARowBridgesTheGap() throws Exception {
    batches(
        "1,10,2026-01-01 00:00:01\n2,5,2026-01-01 00:00:02\n",
        // 00:00:09 opens a second session for auction 1; 00:00:05 is within 5 s of both
        // 00:00:01 and 00:00:09, so they merge into one session [00:00:01, 00:00:14)
        "1,10,2026-01-01 00:00:09\n1,1,2026-01-01 00:00:05\n",
        "9,0,2026-01-01 00:00:30\n");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM window_start, window_end, auction, "
                + "COUNT(*) AS c, SUM(price) AS s FROM TABLE(SESSION(TABLE bids, DESCRIPTOR(ts), "
                + "INTERVAL '5' SECOND)) GROUP BY window_start, window_end, auction");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "1 | +I | 2026-01-01 00:00:02 | 2026-01-01 00:00:07 | 2 | 1 | 5",
            "2 | +I | 2026-01-01 00:00:01 | 2026-01-01 00:00:14 | 1 | 3 | 21");
    sluice.execute("SET 'changelog.columns' = 'false'");
    assertThat(
            sluice.rowsOf(
                "SELECT SESSION_START(ts, INTERVAL '5' SECOND) AS s, auction, "
                    + "COUNT(*) FROM bids GROUP BY SESSION(ts, INTERVAL '5' SECOND), auction"))
        .containsExactlyInAnyOrder(
            "2026-01-01 00:00:01 | 1 | 3",
            "2026-01-01 00:00:02 | 2 | 1",
            "2026-01-01 00:00:30 | 9 | 1");
    assertThatThrownBy(
            () ->
                sluice.query(
                    "SELECT SESSION_END(ts, INTERVAL '5' SECOND) FROM bids "
                        + "GROUP BY SESSION(ts, INTERVAL '5' SECOND)"))
        .hasMessageContaining("SESSION_END is not supported");
    // The PARTITION BY spelling of the table function gives the same sessions.
    assertThat(
            sluice.rowsOf(
                "SELECT window_start, window_end, auction, COUNT(*) FROM "
                    + "TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '5' SECOND)) "
                    + "GROUP BY window_start, window_end, auction"))
        .containsExactlyInAnyOrder(
            "2026-01-01 00:00:01 | 2026-01-01 00:00:14 | 1 | 3",
            "2026-01-01 00:00:02 | 2026-01-01 00:00:07 | 2 | 1",
            "2026-01-01 00:00:30 | 2026-01-01 00:00:35 | 9 | 1");
    assertThatThrownBy(
            () ->
                sluice.query(
                    "SELECT window_start, COUNT(*) FROM "
                        + "TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '5' SECOND)) "
                        + "GROUP BY window_start, window_end"))
        .hasMessageContaining("PARTITION BY columns are not all in the GROUP BY");
  }

  @Test
  void updateModeEmitsChangedKeysAsUpserts() throws Exception {
    batches(
        "1,10,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n",
        "1,30,2026-01-01 00:00:03\n",
        "3,5,2026-01-01 00:00:04\n");
    sluice.execute("SET 'output.mode' = 'update'");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM auction, COUNT(*) AS bids, MAX(price) AS top FROM bids GROUP BY auction");
    assertInBatchOrder(rows);
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "0 | +I | 1 | 1 | 10",
            "0 | +I | 2 | 1 | 20",
            "1 | +U | 1 | 2 | 30",
            "2 | +I | 3 | 1 | 5");
  }

  @Test
  void updateModeRetractsAKeyThatStopsPassingHaving() throws Exception {
    batches(
        "1,10,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n",
        "1,5,2026-01-01 00:00:03\n",
        "1,50,2026-01-01 00:00:04\n");
    sluice.execute("SET 'output.mode' = 'update'");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM auction, MIN(price) AS lo FROM bids "
                + "GROUP BY auction HAVING MIN(price) > 7");
    // Auction 1's minimum drops to 5 in batch 1: its row is deleted. Batch 2 updates the group
    // again (still failing HAVING), which repeats the delete: harmless for an upsert reader.
    assertInBatchOrder(rows);
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "0 | +I | 1 | 10", "0 | +I | 2 | 20", "1 | -D | 1 | 5", "2 | -D | 1 | 5");
  }

  @Test
  void aWindowWithoutKeysCountsDistinctValuesPerFilterAcrossBatchesAndSubtasks() throws Exception {
    // the aggregate runs in two phases, and the COUNT(DISTINCT)s differing only in FILTER share
    // one map of values: every call's partial must reach the windows
    batches(
        "1,10,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n3,30,2026-01-01 00:00:03\n",
        "1,40,2026-01-01 00:00:04\n4,5,2026-01-01 00:00:04\n2,25,2026-01-01 00:00:06\n",
        "5,50,2026-01-01 00:00:12\n");
    String query =
        "SELECT %s TUMBLE_START(ts, INTERVAL '5' SECOND) AS ws, COUNT(DISTINCT auction) AS a,"
            + " COUNT(DISTINCT auction) FILTER (WHERE price > 15) AS rich,"
            + " COUNT(DISTINCT auction) FILTER (WHERE price < 15) AS poor, COUNT(*) AS n"
            + " FROM bids GROUP BY TUMBLE(ts, INTERVAL '5' SECOND)";
    assertThat(sluice.rowsOf(String.format(query, "STREAM")))
        .containsExactly(
            "2 | +I | 2026-01-01 00:00:00 | 4 | 3 | 2 | 5",
            "2 | +I | 2026-01-01 00:00:05 | 1 | 1 | 0 | 1");
    sluice.execute("SET 'changelog.columns' = 'false'");
    assertThat(sluice.rowsOf(String.format(query, "")))
        .containsExactlyInAnyOrder(
            "2026-01-01 00:00:00 | 4 | 3 | 2 | 5",
            "2026-01-01 00:00:05 | 1 | 1 | 0 | 1",
            "2026-01-01 00:00:10 | 1 | 1 | 0 | 1");
  }

  @Test
  void completeModeRepeatsTheWholeResultEveryBatch() throws Exception {
    batches("1,10,2026-01-01 00:00:01\n", "2,20,2026-01-01 00:00:02\n1,1,2026-01-01 00:00:03\n");
    sluice.execute("SET 'output.mode' = 'complete'");
    List<String> rows =
        sluice.rowsOf("SELECT STREAM auction, SUM(price) AS total FROM bids GROUP BY auction");
    assertInBatchOrder(rows);
    assertThat(rows)
        .containsExactlyInAnyOrder("0 | +I | 1 | 10", "1 | +I | 1 | 11", "1 | +I | 2 | 20");
  }

  /**
   * Batches come in order; within one, rows of different keys come subtask after subtask, so their
   * order is not the input's.
   */
  private static void assertInBatchOrder(List<String> rows) {
    assertThat(rows)
        .isSortedAccordingTo(
            java.util.Comparator.comparingLong(row -> Long.parseLong(row.split(" \\| ")[0])));
  }

  @Test
  void modesAQueryCannotHonourAreRejectedAtStart() {
    sluice.execute("SET 'output.mode' = 'append'");
    assertThatThrownBy(
            () -> sluice.query("SELECT STREAM auction, COUNT(*) FROM bids GROUP BY auction"))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("Output mode append cannot be used for an aggregation without");
    sluice.execute("SET 'output.mode' = 'complete'");
    assertThatThrownBy(() -> sluice.query("SELECT STREAM auction FROM bids"))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("Output mode complete needs an aggregation");
  }

  @Test
  void stateFallsBackOnceWindowsClose() throws Exception {
    batches(
        "1,10,2026-01-01 00:00:01\n2,10,2026-01-01 00:00:02\n3,10,2026-01-01 00:00:03\n",
        "1,10,2026-01-01 00:00:30\n");
    sluice.rowsOf(
        "SELECT STREAM auction, TUMBLE_START(ts, INTERVAL '5' SECOND), COUNT(*) "
            + "FROM bids GROUP BY auction, TUMBLE(ts, INTERVAL '5' SECOND)");
    // After batch 0 three windows (one per auction) are open; batch 1 closes them and opens one.
    assertThat(progressColumn("state_rows")).containsExactly("3", "1");
  }

  @Test
  void snapshotOfAWindowedQueryEqualsTheAppendResultAfterTheFinalWatermark() throws Exception {
    batches(
        "1,10,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:04\n",
        "1,30,2026-01-01 00:00:06\n1,5,2026-01-01 00:00:03\n",
        "2,40,2026-01-01 00:00:12\n",
        "9,0,2026-01-01 00:01:00\n");
    String query =
        "SELECT %s TUMBLE_START(ts, INTERVAL '5' SECOND) AS ws, auction, COUNT(*) AS c,"
            + " SUM(price) AS s, MIN(price) AS lo FROM bids "
            + "GROUP BY TUMBLE(ts, INTERVAL '5' SECOND), auction";
    sluice.execute("SET 'changelog.columns' = 'false'");
    List<String> streamed = sluice.rowsOf(String.format(query, "STREAM"));
    List<String> snapshot = sluice.rowsOf(String.format(query, ""));
    // The last file only moves the watermark; its own window is still open in the stream.
    assertThat(snapshot).contains("2026-01-01 00:01:00 | 9 | 1 | 0 | 0");
    snapshot.remove("2026-01-01 00:01:00 | 9 | 1 | 0 | 0");
    assertThat(streamed).containsExactlyInAnyOrderElementsOf(snapshot);
  }

  /** A column of sys.query_progress for the latest push query, batch by batch. */
  private List<String> progressColumn(String column) throws Exception {
    sluice.execute("SET 'changelog.columns' = 'false'");
    String latest =
        sluice
            .rowsOf("SELECT query_id FROM sys.queries WHERE sql_text LIKE " + "'SELECT STREAM%'")
            .stream()
            .max(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(1))))
            .orElseThrow();
    return sluice.rowsOf(
        "SELECT "
            + column
            + " FROM sys.query_progress WHERE query_id = '"
            + latest
            + "' ORDER BY batch_id");
  }
}
