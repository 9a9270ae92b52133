package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.result.StatementResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A query gives the same rows on one subtask as on several: sources are read split by split, and
 * keyed operators meet all rows of their keys behind exchanges.
 */
@Timeout(120)
class ParallelExecutionTest {
  private static final long BASE = 1_767_225_600_000L; // 2026-01-01 00:00:00 UTC

  @TempDir Path temp;
  private EngineHarness sluice;

  @BeforeEach
  void setUp() throws Exception {
    sluice = new EngineHarness(temp);
    Path bids = sluice.folder("bids");
    Path auctions = sluice.folder("auctions");
    sluice.execute(
        "CREATE STREAM bids (auction BIGINT, bidder BIGINT, price BIGINT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
            + "'path' = '"
            + bids
            + "', 'format' = 'csv')");
    sluice.execute(
        "CREATE STREAM auctions (id BIGINT, seller BIGINT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts) WITH ('connector' = 'files', 'path' = '"
            + auctions
            + "', 'format' = 'csv')");
    // several files, so the files source has splits to hand to every subtask
    int row = 0;
    for (int file = 0; file < 7; file++) {
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 150; i++, row++) {
        lines
            .append(row % 17)
            .append(',')
            .append(row % 23)
            .append(',')
            .append(row * 37 % 1000)
            .append(',')
            .append(timestamp(BASE + row * 100L))
            .append('\n');
      }
      sluice.land(bids, "bids-" + file + ".csv", lines.toString());
    }
    for (int file = 0; file < 3; file++) {
      StringBuilder lines = new StringBuilder();
      for (int id = file * 6; id < file * 6 + 6; id++) {
        lines
            .append(id)
            .append(',')
            .append(id % 4)
            .append(',')
            .append(timestamp(BASE))
            .append('\n');
      }
      sluice.land(auctions, "auctions-" + file + ".csv", lines.toString());
    }
  }

  @AfterEach
  void tearDown() {
    sluice.close();
  }

  private static String timestamp(long millis) {
    return java.time.Instant.ofEpochMilli(millis).toString().replace('T', ' ').replace("Z", "");
  }

  private List<String> rowsAt(int parallelism, String query) throws Exception {
    sluice.execute("SET 'parallelism' = '" + parallelism + "'");
    return sluice.rowsOf(query);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT auction, COUNT(*), SUM(price), MIN(price), MAX(price) FROM bids GROUP BY auction",
        "SELECT COUNT(*), SUM(price), MAX(ts) FROM bids",
        "SELECT bidder, COUNT(DISTINCT auction) FROM bids GROUP BY bidder",
        "SELECT TUMBLE_START(ts, INTERVAL '5' SECOND), auction, COUNT(*) FROM bids "
            + "GROUP BY TUMBLE(ts, INTERVAL '5' SECOND), auction",
        "SELECT HOP_START(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND), MAX(price) FROM bids "
            + "GROUP BY HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)",
        "SELECT window_start, bidder, SUM(price) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), "
            + "INTERVAL '10' SECOND)) GROUP BY window_start, window_end, bidder",
        "SELECT auction, bidder, price, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY "
            + "auction ORDER BY price DESC, bidder) AS rn FROM bids) WHERE rn <= 3",
        "SELECT auction, bidder, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder "
            + "ORDER BY ts) AS rn FROM bids) WHERE rn = 1",
        "SELECT b.auction, b.price, a.seller FROM bids b JOIN auctions a ON b.auction = a.id "
            + "WHERE b.price > 900",
        "SELECT a.seller, COUNT(*), MAX(b.price) FROM bids b JOIN auctions a ON b.auction = a.id "
            + "GROUP BY a.seller",
        "SELECT s, COUNT(*) FROM (SELECT auction, SUM(price) / 1000 AS s FROM bids "
            + "GROUP BY auction) GROUP BY s",
        "SELECT auction, price FROM bids WHERE price > 990",
        "SELECT x FROM (VALUES (1), (2), (3)) AS t(x)",
        "SELECT auction, price FROM bids ORDER BY price DESC, auction, ts LIMIT 4"
      })
  void sameRowsOnOneSubtaskAsOnSeveral(String query) throws Exception {
    List<String> single = rowsAt(1, query);
    assertThat(single).isNotEmpty();
    assertThat(rowsAt(2, query)).containsExactlyInAnyOrderElementsOf(single);
    assertThat(rowsAt(3, query)).containsExactlyInAnyOrderElementsOf(single);
  }

  @Test
  void limitWithoutOrderEndsTheQueryWithTheRowsAsked() throws Exception {
    assertThat(rowsAt(3, "SELECT auction FROM bids LIMIT 5")).hasSize(5);
  }

  @Test
  void explainNamesTheParallelismAndTheExchanges() throws Exception {
    sluice.execute("SET 'parallelism' = '3'");
    List<String> plan =
        sluice.rowsOf("EXPLAIN PLAN FOR SELECT auction, COUNT(*) FROM bids GROUP BY auction");
    assertThat(plan.get(0)).isEqualTo("Parallelism: 3");
    assertThat(String.join("\n", plan))
        .contains("StreamGroupAggregate(groupBy=[0]")
        .contains("StreamExchange(distribution=[hash[0]])");
  }

  @Test
  void aParallelismOutOfRangeIsRefusedNamingTheRange() {
    assertThatThrownBy(() -> sluice.execute("SET 'parallelism' = '0'"))
        .hasMessageContaining("parallelism")
        .hasMessageContaining("a whole number from 1 to 128");
    assertThatThrownBy(() -> sluice.execute("SET 'parallelism' = 'many'"))
        .hasMessageContaining("a whole number from 1 to 128");
  }

  @Test
  void aPushQueryOnSeveralSubtasksEmitsEachWindowOnce() throws Exception {
    sluice.execute("SET 'parallelism' = '3'");
    StatementResult.Rows result =
        sluice.query(
            "SELECT STREAM TUMBLE_START(ts, INTERVAL '30' SECOND), COUNT(*) FROM bids "
                + "GROUP BY TUMBLE(ts, INTERVAL '30' SECOND)");
    try {
      // 1 050 bids 100 ms apart: windows of 300 bids; the last (150 bids) stays open
      assertThat(EngineHarness.take(result, 3))
          .containsExactlyInAnyOrder(
              "2026-01-01 00:00:00 | 300",
              "2026-01-01 00:00:30 | 300",
              "2026-01-01 00:01:00 | 300");
    } finally {
      result.rows().close();
    }
  }
}
