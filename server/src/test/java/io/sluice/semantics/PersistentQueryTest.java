package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sinks keep running without a client, survive a restart from their checkpoint, and commit once.
 */
@Timeout(60)
class PersistentQueryTest {
  @TempDir Path temp;

  private static String ddl(Path in) {
    return "CREATE STREAM bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3), "
        + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
        + "'path' = '"
        + in
        + "', 'format' = 'csv')";
  }

  /** Committed output rows: what the files source reading the sink folder returns. */
  private static List<String> committed(EngineHarness sluice, String stream) throws Exception {
    return sluice.rowsOf("SELECT * FROM " + stream);
  }

  private static void awaitRows(EngineHarness sluice, String stream, int count) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (committed(sluice, stream).size() < count) {
      assertThat(System.currentTimeMillis())
          .as("waiting for %s rows in %s", count, stream)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void sinkResumesAfterRestartWithoutLosingOrRepeatingRows() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path out = Files.createDirectories(temp.resolve("out"));
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.execute(ddl(in));
      sluice.execute(
          "CREATE STREAM expensive (auction BIGINT, price BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'json')");
      sluice.execute(
          "CREATE SINK expensive_bids WITH ('connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'json') AS SELECT auction, price FROM bids WHERE price > 10");
      sluice.land(in, "1.csv", "1,5,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
      sluice.land(in, "2.csv", "3,30,2026-01-01 00:00:03\n");
      awaitRows(sluice, "expensive", 2);
      assertThat(sluice.rowsOf("SHOW SINKS"))
          .singleElement()
          .asString()
          .startsWith("expensive_bids | files | " + out + " | auto | default | RUNNING");
    }
    // Server down: a file lands; the restarted server resumes from the checkpoint.
    Files.writeString(in.resolve("3.csv"), "4,40,2026-01-01 00:00:04\n5,1,2026-01-01 00:00:05\n");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      awaitRows(sluice, "expensive", 3);
      assertThat(committed(sluice, "expensive"))
          .containsExactlyInAnyOrder("2 | 20", "3 | 30", "4 | 40");
      sluice.execute("DROP SINK expensive_bids");
      assertThat(sluice.rowsOf("SHOW SINKS")).isEmpty();
      assertThat(temp.resolve("data/checkpoints/expensive_bids")).doesNotExist();
    }
  }

  @Test
  void aSinkDroppedAndCreatedAgainOverItsFolderAddsAllItsRows() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path out = Files.createDirectories(temp.resolve("out"));
    String sink =
        "CREATE SINK expensive_bids WITH ('connector' = 'files', 'path' = '"
            + out
            + "', 'format' = 'json') AS SELECT auction, price FROM bids WHERE price > 10";
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.execute(ddl(in));
      sluice.execute(
          "CREATE STREAM expensive (auction BIGINT, price BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'json')");
      sluice.execute(sink);
      sluice.land(in, "1.csv", "1,50,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
      sluice.land(in, "2.csv", "3,30,2026-01-01 00:00:03\n");
      awaitRows(sluice, "expensive", 3);

      sluice.execute("DROP SINK expensive_bids");
      sluice.execute(sink);
      // a new query with a new checkpoint: it reads the input again and writes it again
      awaitRows(sluice, "expensive", 6);
      sluice.land(in, "3.csv", "4,40,2026-01-01 00:00:04\n");
      awaitRows(sluice, "expensive", 7);

      assertThat(committed(sluice, "expensive"))
          .containsExactlyInAnyOrder(
              "1 | 50", "2 | 20", "3 | 30", "1 | 50", "2 | 20", "3 | 30", "4 | 40");
    }
  }

  @Test
  void windowedSinkKeepsItsStateAcrossARestart() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path out = Files.createDirectories(temp.resolve("out"));
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.execute(ddl(in));
      sluice.execute(
          "CREATE STREAM totals (ws TIMESTAMP(3), bids BIGINT, total BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'csv')");
      sluice.execute(
          "INSERT INTO totals SELECT TUMBLE_START(ts, INTERVAL '10' SECOND), "
              + "COUNT(*), SUM(price) FROM bids GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)");
      sluice.land(in, "1.csv", "1,5,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
      awaitBatches(temp, "totals_insert_1", 1);
    }
    // The window [00:00, 00:10) is half full in the checkpointed state; more rows then close it.
    Files.writeString(in.resolve("2.csv"), "3,30,2026-01-01 00:00:08\n4,1,2026-01-01 00:00:15\n");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      awaitRows(sluice, "totals", 1);
      assertThat(committed(sluice, "totals")).containsExactly("2026-01-01 00:00:00 | 3 | 55");
    }
  }

  @Test
  void rolledParquetSinkShowsRowsInThresholdSizedStepsAndFlushesTheRestWhenDropped()
      throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path out = Files.createDirectories(temp.resolve("out"));
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.execute(ddl(in));
      sluice.execute(
          "CREATE STREAM expensive (auction BIGINT, price BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'parquet')");
      sluice.execute(
          "CREATE SINK expensive_bids WITH ('connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'parquet', 'sink.rolling.min-rows' = '3') AS "
              + "SELECT auction, price FROM bids WHERE price > 10");
      sluice.land(in, "1.csv", "1,50,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
      awaitBatches(temp, "expensive_bids", 1);
      assertThat(committed(sluice, "expensive")).isEmpty();

      sluice.land(in, "2.csv", "3,30,2026-01-01 00:00:03\n4,1,2026-01-01 00:00:04\n");
      awaitRows(sluice, "expensive", 3);
      sluice.land(in, "3.csv", "5,40,2026-01-01 00:00:05\n");
      awaitBatches(temp, "expensive_bids", 3);
      assertThat(committed(sluice, "expensive"))
          .containsExactlyInAnyOrder("1 | 50", "2 | 20", "3 | 30");

      sluice.execute("DROP SINK expensive_bids");
      awaitRows(sluice, "expensive", 4);
      assertThat(committed(sluice, "expensive"))
          .containsExactlyInAnyOrder("1 | 50", "2 | 20", "3 | 30", "5 | 40");
    }
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".parquet")))
          .containsExactlyInAnyOrder(
              "expensive_bids-0000000001.parquet", "expensive_bids-0000000002.parquet");
    }
  }

  /** Waits until a persistent query committed at least {@code count} batches. */
  private static void awaitBatches(Path root, String sink, int count) throws Exception {
    Path commits = root.resolve("data/checkpoints").resolve(sink).resolve("commits");
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      if (Files.isDirectory(commits)) {
        try (Stream<Path> files = Files.list(commits)) {
          if (new ArrayList<>(files.toList()).size() >= count) {
            return;
          }
        }
      }
      assertThat(System.currentTimeMillis())
          .as("waiting for commits of %s", sink)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
