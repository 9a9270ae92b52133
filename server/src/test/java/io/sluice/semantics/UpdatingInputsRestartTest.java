package io.sluice.semantics;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators over updating inputs keep what they need across a restart: an OVER aggregation its
 * partitions' rows and the results it emitted (so it can retract them), a retract top-N the rows
 * past its top N, a regular join its sides' current rows and match counts.
 */
@Timeout(90)
class UpdatingInputsRestartTest {
  @TempDir Path temp;

  @Test
  void overTopNAndJoinStateOverUpdatesSurviveARestart() throws Exception {
    Path bids = temp.resolve("bids");
    Path scores = temp.resolve("scores");
    Path tiers = temp.resolve("tiers");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.folder("bids");
      sluice.folder("scores");
      sluice.folder("tiers");
      sluice.land(bids, "1.csv", "1,100,4,2026-01-01 00:00:01\n2,100,8,2026-01-01 00:00:02\n");
      sluice.land(scores, "1.csv", "10,5\n11,3\n");
      sluice.land(tiers, "1.csv", "10,gold\n");
      sluice.execute(
          "CREATE STREAM bids (auction BIGINT, seller BIGINT, price BIGINT, ts TIMESTAMP(3),"
              + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ("
              + "'connector' = 'files', 'path' = '"
              + bids
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE STREAM scores (player BIGINT, points BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + scores
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE STREAM tiers (player BIGINT, tier VARCHAR) WITH ("
              + "'connector' = 'files', 'path' = '"
              + tiers
              + "', 'format' = 'csv')");
      // q6's shape: an average OVER each seller's winning bids, which the top-1 replaces
      sluice.execute(
          "CREATE MATERIALIZED VIEW averages AS SELECT seller, auction, price, AVG(price) OVER ("
              + "PARTITION BY seller ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS a "
              + "FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)"
              + " AS rn FROM bids) WHERE rn = 1");
      sluice.execute(
          "CREATE MATERIALIZED VIEW leader AS SELECT player, total FROM ("
              + "SELECT *, ROW_NUMBER() OVER (ORDER BY total DESC) AS rn FROM ("
              + "SELECT player, SUM(points) AS total FROM scores GROUP BY player)) WHERE rn = 1");
      sluice.execute(
          "CREATE MATERIALIZED VIEW tiered AS SELECT t.player, t.total, r.tier FROM ("
              + "SELECT player, SUM(points) AS total FROM scores GROUP BY player) t "
              + "LEFT JOIN tiers r ON t.player = r.player");
      sluice.awaitRows("SELECT * FROM averages", List.of("100 | 1 | 4 | 4", "100 | 2 | 8 | 6"));
      sluice.awaitRows("SELECT * FROM leader", List.of("10 | 5"));
      sluice.awaitRows("SELECT * FROM tiered", List.of("10 | 5 | gold", "11 | 3 | null"));
    }
    try (EngineHarness sluice = new EngineHarness(temp)) {
      // auction 1's winner moves after auction 2's: both results emitted before the restart
      // must be retracted
      sluice.land(bids, "2.csv", "1,100,10,2026-01-01 00:00:03\n");
      // 10 falls behind 11, which the top-1 kept past its top row before the restart
      sluice.land(scores, "2.csv", "10,-4\n");
      sluice.land(tiers, "2.csv", "11,silver\n");
      sluice.awaitRows("SELECT * FROM averages", List.of("100 | 2 | 8 | 8", "100 | 1 | 10 | 9"));
      sluice.awaitRows("SELECT * FROM leader", List.of("11 | 3"));
      sluice.awaitRows("SELECT * FROM tiered", List.of("10 | 1 | gold", "11 | 3 | silver"));
    }
  }
}
