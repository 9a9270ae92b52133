package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.result.StatementResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A materialized view keeps its query's result table in the server for ad-hoc reads. */
@Timeout(60)
class MaterializedViewTest {
  @TempDir Path temp;

  private static List<String> awaitRows(EngineHarness sluice, String sql, List<String> expected)
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
    return rows;
  }

  @Test
  void viewHoldsTheLatestResultAndJoinsWithTables() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path bids = sluice.folder("bids");
      Path auctions = sluice.folder("auctions");
      sluice.land(auctions, "a.csv", "1,lamp\n2,chair\n");
      sluice.execute(
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + bids
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE TABLE auctions (id BIGINT PRIMARY KEY, item VARCHAR) WITH ("
              + "'connector' = 'files', 'path' = '"
              + auctions
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE MATERIALIZED VIEW top_bids AS "
              + "SELECT auction, COUNT(*) AS bids, MAX(price) AS top FROM bids GROUP BY auction");

      sluice.land(bids, "1.csv", "1,10\n2,5\n1,30\n");
      awaitRows(sluice, "SELECT * FROM top_bids", List.of("1 | 2 | 30", "2 | 1 | 5"));
      // A later batch replaces the row of its key: the view is upserted, not appended.
      sluice.land(bids, "2.csv", "2,50\n");
      awaitRows(sluice, "SELECT * FROM top_bids", List.of("1 | 2 | 30", "2 | 2 | 50"));

      assertThat(
              sluice.rowsOf(
                  "SELECT a.item, v.top FROM top_bids v JOIN auctions a "
                      + "ON v.auction = a.id WHERE v.top > 20 ORDER BY v.top DESC"))
          .containsExactly("chair | 50", "lamp | 30");
      assertThat(sluice.rowsOf("SHOW MATERIALIZED VIEWS"))
          .singleElement()
          .asString()
          .startsWith("top_bids | auto | RUNNING | 2 |");

      StatementResult.Rows follow = sluice.query("SELECT STREAM auction, top FROM top_bids");
      assertThat(EngineHarness.take(follow, 2)).containsExactlyInAnyOrder("1 | 30", "2 | 50");
      sluice.land(bids, "3.csv", "1,70\n");
      assertThat(EngineHarness.take(follow, 1)).containsExactly("1 | 70");
      follow.rows().close();

      sluice.execute("DROP MATERIALIZED VIEW top_bids");
      assertThat(sluice.rowsOf("SHOW MATERIALIZED VIEWS")).isEmpty();
    }
  }

  @Test
  void viewIsRebuiltAfterARestart() throws Exception {
    Path bids = temp.resolve("bids");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.folder("bids");
      sluice.land(bids, "1.csv", "1,10\n1,20\n");
      sluice.execute(
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + bids
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE MATERIALIZED VIEW totals AS "
              + "SELECT auction, SUM(price) AS total FROM bids GROUP BY auction");
      awaitRows(sluice, "SELECT * FROM totals", List.of("1 | 30"));
    }
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.land(bids, "2.csv", "1,5\n");
      awaitRows(sluice, "SELECT * FROM totals", List.of("1 | 35"));
    }
  }
}
