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
      // the view's query updates its rows: the follower gets the old row (-U) before the new one
      // (+U); SET 'changelog.columns' = 'true' shows the kinds
      assertThat(EngineHarness.take(follow, 2)).containsExactly("1 | 30", "1 | 70");
      follow.rows().close();

      sluice.execute("DROP MATERIALIZED VIEW top_bids");
      assertThat(sluice.rowsOf("SHOW MATERIALIZED VIEWS")).isEmpty();
    }
  }

  @Test
  void viewOfAnAggregateOverAnAggregateFollowsItsRetractions() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path bids = sluice.folder("bids");
      sluice.execute(
          "CREATE STREAM bids (auction BIGINT, bidder BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + bids
              + "', 'format' = 'csv')");
      // How many bidders placed each number of bids: keyed by that number, and fed by an
      // aggregate whose rows move between its groups.
      sluice.execute(
          "CREATE MATERIALIZED VIEW bidders_by_bids AS SELECT placed, COUNT(*) AS bidders "
              + "FROM (SELECT bidder, COUNT(*) AS placed FROM bids GROUP BY bidder) "
              + "GROUP BY placed");
      // Without a key (the bidder projected away), each change retracts the row it replaces.
      sluice.execute(
          "CREATE MATERIALIZED VIEW placed AS SELECT placed "
              + "FROM (SELECT bidder, COUNT(*) AS placed FROM bids GROUP BY bidder)");

      sluice.land(bids, "1.csv", "1,10\n1,11\n2,10\n");
      awaitRows(sluice, "SELECT * FROM bidders_by_bids", List.of("1 | 1", "2 | 1"));
      awaitRows(sluice, "SELECT * FROM placed", List.of("2", "1"));
      // Bidder 10 moves from 2 bids to 3: the group of 2 empties and is deleted.
      sluice.land(bids, "2.csv", "3,10\n3,12\n");
      awaitRows(sluice, "SELECT * FROM bidders_by_bids", List.of("1 | 2", "3 | 1"));
      awaitRows(sluice, "SELECT * FROM placed", List.of("3", "1", "1"));
    }
  }

  /**
   * A push query following a view whose query updates its rows reads the view's changelog: the view
   * as it is (+I), then each change with its kind, so an aggregate over the view takes an updated
   * row's old value back out.
   */
  @Test
  void followingAnUpdatingViewKeepsRowKinds() throws Exception {
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path bids = sluice.folder("bids");
      sluice.execute(
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + bids
              + "', 'format' = 'csv')");
      sluice.execute(
          "CREATE MATERIALIZED VIEW top_bids AS "
              + "SELECT auction, MAX(price) AS top FROM bids GROUP BY auction");
      sluice.land(bids, "1.csv", "1,10\n2,5\n");
      awaitRows(sluice, "SELECT * FROM top_bids", List.of("1 | 10", "2 | 5"));

      StatementResult.Rows totals =
          sluice.query("SELECT STREAM COUNT(*) AS auctions, SUM(top) AS total FROM top_bids");
      assertThat(EngineHarness.take(totals, 1)).containsExactly("2 | 15");
      sluice.execute("SET 'changelog.columns' = 'true'");
      StatementResult.Rows follow = sluice.query("SELECT STREAM auction, top FROM top_bids");
      assertThat(withoutBatch(EngineHarness.take(follow, 2)))
          .containsExactlyInAnyOrder("+I | 1 | 10", "+I | 2 | 5");

      sluice.land(bids, "2.csv", "1,30\n");
      assertThat(withoutBatch(EngineHarness.take(follow, 2)))
          .containsExactly("-U | 1 | 10", "+U | 1 | 30");
      // the aggregate took 10 back out: 30 + 5, still two auctions
      assertThat(EngineHarness.take(totals, 1)).containsExactly("2 | 35");
      sluice.land(bids, "3.csv", "2,50\n");
      assertThat(withoutBatch(EngineHarness.take(follow, 2)))
          .containsExactly("-U | 2 | 5", "+U | 2 | 50");
      assertThat(EngineHarness.take(totals, 1)).containsExactly("2 | 80");
      follow.rows().close();
      totals.rows().close();
    }
  }

  private static List<String> withoutBatch(List<String> rows) {
    return rows.stream().map(row -> row.substring(row.indexOf(" | ") + 3)).toList();
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
