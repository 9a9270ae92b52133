package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.checkpoint.BatchOffsets;
import io.sluice.exec.checkpoint.CheckpointLog;
import io.sluice.exec.checkpoint.QueryMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query reading one stream in several places (a self-join, both branches of a UNION ALL) reads
 * and decodes it once per batch: its rows, bad records and late rows count once, and a checkpoint
 * holds one offset for the stream. Checkpoints written before keep a source per scan.
 */
@Timeout(60)
class SharedScanTest {
  private static final String UNION_OF_TWO_SCANS =
      "SELECT %s id, page FROM clicks WHERE id > 2 "
          + "UNION ALL SELECT %<s id + 100, 'early' FROM clicks WHERE id <= 2";

  @TempDir Path temp;

  private static void createClicks(EngineHarness sluice, Path clicks, String lateInto) {
    sluice.execute(
        "CREATE STREAM clicks (id BIGINT, page VARCHAR, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND"
            + (lateInto == null ? "" : " ON LATE INTO " + lateInto)
            + ") WITH ('connector' = 'files', 'path' = '"
            + clicks
            + "', 'format' = 'csv', 'on-error' = 'skip', 'max-files-per-trigger' = '1')");
  }

  @Test
  void rowsBadRecordsAndLateRowsOfAStreamReadTwiceCountOnce() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path clicks = sluice.folder("clicks");
      Path late = sluice.folder("late");
      sluice.execute(
          "CREATE STREAM late_clicks (id BIGINT, page VARCHAR, ts TIMESTAMP(3)) WITH ("
              + "'connector' = 'files', 'path' = '"
              + late
              + "', 'format' = 'json')");
      createClicks(sluice, clicks, "late_clicks");
      sluice.execute("SET 'trigger' = 'available-now'");
      sluice.land(clicks, "1.csv", "1,/a,2026-01-01 00:00:01\n3,/b,2026-01-01 00:00:09\n");
      // the watermark is 00:00:08 after the first file: the row at 00:00:03 is late
      sluice.land(
          clicks,
          "2.csv",
          "2,/c,2026-01-01 00:00:03\nnot a number,/d,x\n4,/e,2026-01-01 00:00:10\n");
      List<String> rows = sluice.rowsOf(String.format(UNION_OF_TWO_SCANS, "STREAM"));
      assertThat(rows).containsExactlyInAnyOrder("101 | early", "3 | /b", "4 | /e");
      sluice.execute("SET 'changelog.columns' = 'false'");
      String query = latestPushQuery(sluice);
      assertThat(
              sluice.rowsOf(
                  "SELECT input_rows, bad_records, late_rows FROM sys.query_progress"
                      + " WHERE query_id = '"
                      + query
                      + "' ORDER BY batch_id"))
          .containsExactly("2 | 0 | 0", "1 | 1 | 1");
      assertThat(sluice.rowsOf("SELECT id, page FROM late_clicks")).containsExactly("2 | /c");
    }
  }

  @Test
  void aSelfJoinOverColumnsEachSideReadsDifferentlyEqualsItsSnapshot() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path clicks = sluice.folder("clicks");
      createClicks(sluice, clicks, null);
      sluice.execute("SET 'trigger' = 'available-now'");
      sluice.land(
          clicks,
          "1.csv",
          "1,/a,2026-01-01 00:00:01\n2,/b,2026-01-01 00:00:02\n3,/a,2026-01-01 00:00:03\n");
      sluice.land(clicks, "2.csv", "4,/b,2026-01-01 00:00:04\n5,/c,2026-01-01 00:00:30\n");
      // the left side reads id and ts, the right side id, page and ts: one source reads all three
      String query =
          "SELECT %s l.id, r.page FROM clicks l JOIN clicks r ON l.id = r.id + 1"
              + " AND l.ts BETWEEN r.ts AND r.ts + INTERVAL '5' SECOND";
      sluice.execute("SET 'changelog.columns' = 'false'");
      List<String> streamed = sluice.rowsOf(String.format(query, "STREAM"));
      assertThat(streamed).containsExactlyInAnyOrder("2 | /a", "3 | /b", "4 | /a");
      assertThat(sluice.rowsOf("EXPLAIN PLAN FOR " + String.format(query, "STREAM")))
          .filteredOn(line -> line.contains("StreamScan(relation=[clicks]"))
          .hasSize(2)
          .allMatch(line -> line.endsWith(" source=shared"));
      assertThat(sluice.rowsOf(String.format(query, "")))
          .containsExactlyInAnyOrderElementsOf(streamed);
    }
  }

  @Test
  void aSinkKeepsTheSourcesItsCheckpointWasWrittenWith() throws Exception {
    Path clicks = temp.resolve("clicks");
    Path sharedOut = temp.resolve("shared");
    Path perScanOut = temp.resolve("per-scan");
    Path perScanCheckpoint = temp.resolve("data/checkpoints/per_scan");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.folder("clicks");
      createClicks(sluice, clicks, null);
      sluice.execute(sink("shared", sharedOut));
      sluice.execute(sink("per_scan", perScanOut));
    }
    // as a server before shared scans left it: plan version 1, no batch yet
    CheckpointLog perScan = new CheckpointLog(perScanCheckpoint);
    QueryMetadata metadata = perScan.readMetadata().orElseThrow();
    perScan.writeMetadata(new QueryMetadata(metadata.name(), metadata.sql(), 1));
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.land(clicks, "1.csv", "1,/a,2026-01-01 00:00:01\n3,/b,2026-01-01 00:00:02\n");
      awaitRows(sluice, sharedOut, List.of("101 | early", "3 | /b"));
      awaitRows(sluice, perScanOut, List.of("101 | early", "3 | /b"));
    }
    assertThat(lastOffsets(temp.resolve("data/checkpoints/shared")).end()).hasSize(1);
    assertThat(lastOffsets(perScanCheckpoint).end()).hasSize(2);
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.land(clicks, "2.csv", "2,/c,2026-01-01 00:00:03\n4,/d,2026-01-01 00:00:04\n");
      List<String> all = List.of("101 | early", "3 | /b", "102 | early", "4 | /d");
      awaitRows(sluice, sharedOut, all);
      awaitRows(sluice, perScanOut, all);
    }
    assertThat(new CheckpointLog(perScanCheckpoint).readMetadata().orElseThrow().planVersion())
        .isEqualTo(1);
    assertThat(lastOffsets(perScanCheckpoint).end()).hasSize(2);
    // metadata lost (deleted after damage): the offsets tell which plan wrote the batches
    Files.delete(perScanCheckpoint.resolve("metadata"));
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.land(clicks, "3.csv", "5,/e,2026-01-01 00:00:05\n");
      awaitRows(
          sluice, perScanOut, List.of("101 | early", "3 | /b", "102 | early", "4 | /d", "5 | /e"));
    }
    assertThat(new CheckpointLog(perScanCheckpoint).readMetadata().orElseThrow().planVersion())
        .isEqualTo(1);
    assertThat(lastOffsets(perScanCheckpoint).end()).hasSize(2);
  }

  private static String sink(String name, Path out) {
    return "CREATE SINK "
        + name
        + " WITH ('connector' = 'files', 'path' = '"
        + out
        + "', 'format' = 'csv') AS "
        + String.format(UNION_OF_TWO_SCANS, "");
  }

  private static BatchOffsets lastOffsets(Path checkpoint) {
    CheckpointLog log = new CheckpointLog(checkpoint);
    return log.offsets(log.latestOffsetsBatch().orElseThrow()).orElseThrow();
  }

  /** Waits until the files sink folder {@code out} holds exactly {@code expected}. */
  private static void awaitRows(EngineHarness sluice, Path out, List<String> expected)
      throws Exception {
    String stream = "out_" + out.getFileName().toString().replace('-', '_');
    if (sluice.rowsOf("SHOW STREAMS").stream().noneMatch(row -> row.startsWith(stream + " "))) {
      sluice.execute(
          "CREATE STREAM "
              + stream
              + " (id BIGINT, page VARCHAR) WITH ('connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'csv')");
    }
    long deadline = System.currentTimeMillis() + 20_000;
    List<String> rows = sluice.rowsOf("SELECT * FROM " + stream);
    while (!(rows.size() == expected.size() && rows.containsAll(expected))) {
      assertThat(System.currentTimeMillis())
          .as("waiting for %s in %s, have %s", expected, out, rows)
          .isLessThan(deadline);
      Thread.sleep(50);
      rows = sluice.rowsOf("SELECT * FROM " + stream);
    }
  }

  private static String latestPushQuery(EngineHarness sluice) throws Exception {
    return sluice
        .rowsOf("SELECT query_id FROM sys.queries WHERE sql_text LIKE 'SELECT STREAM%'")
        .stream()
        .max(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(1))))
        .orElseThrow();
  }
}
