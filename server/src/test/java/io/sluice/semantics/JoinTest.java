package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.result.StatementResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stream–table joins, interval joins of two streams, and joins in snapshot queries. */
@Timeout(60)
class JoinTest {
  @TempDir Path temp;
  private EngineHarness sluice;
  private Path clicks;
  private Path users;
  private Path orders;
  private Path payments;

  @BeforeEach
  void setUp() throws Exception {
    sluice = new EngineHarness(temp);
    clicks = sluice.folder("clicks");
    users = sluice.folder("users");
    orders = sluice.folder("orders");
    payments = sluice.folder("payments");
    sluice.land(users, "users.csv", "1,Ann,NL\n2,Bob,DE\n");
    sluice.execute(
        "CREATE STREAM clicks (user_id BIGINT, page VARCHAR, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts) WITH ('connector' = 'files', 'path' = '"
            + clicks
            + "', 'format' = 'csv')");
    sluice.execute(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR, country VARCHAR) "
            + "WITH ('connector' = 'files', 'path' = '"
            + users
            + "', 'format' = 'csv')");
    sluice.execute(
        "CREATE STREAM orders (id BIGINT, amount BIGINT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', 'path' = '"
            + orders
            + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
    sluice.execute(
        "CREATE STREAM payments (order_id BIGINT, paid BIGINT, ts TIMESTAMP(3), "
            + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', 'path' = '"
            + payments
            + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
  }

  @AfterEach
  void tearDown() {
    sluice.close();
  }

  @Test
  void aFiniteStreamJoinedWithATableClosesItsLastWindowsWhenItEnds() throws Exception {
    // the table (files, never exhausted) has no watermark: the stream's end alone moves the
    // watermark to the end of time, so every window closes, as without the join
    // an unpaced generator: every row is available at once, so 'available-now' reads them all
    // (a rate source paced by the wall clock may have no row due yet when the query starts)
    sluice.execute(
        "CREATE STREAM bid (auction BIGINT, bidder BIGINT, date_time TIMESTAMP(3), WATERMARK FOR"
            + " date_time AS date_time - INTERVAL '1' SECOND) WITH ('connector' = 'datagen',"
            + " 'kind' = 'nexmark', 'nexmark.table' = 'bid', 'events' = '1000')");
    sluice.execute("SET 'trigger' = 'available-now'");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM COUNT(*) AS bids FROM bid b JOIN users u ON MOD(b.bidder, 2) + 1 = u.id "
                + "GROUP BY TUMBLE(b.date_time, INTERVAL '1' HOUR)");
    // 1000 events hold 920 bids; every bidder id matches one of the two users
    assertThat(rows.stream().mapToLong(Long::parseLong).sum()).isEqualTo(920);
  }

  @Test
  void streamJoinsTableAndSeesTheTableChange() throws Exception {
    StatementResult.Rows result =
        sluice.query(
            "SELECT STREAM c.page, u.name, u.country "
                + "FROM clicks c LEFT JOIN users u ON c.user_id = u.id");
    sluice.land(clicks, "1.csv", "1,/home,2026-01-01 00:00:01\n3,/about,2026-01-01 00:00:02\n");
    assertThat(EngineHarness.take(result, 2))
        .containsExactlyInAnyOrder("/home | Ann | NL", "/about | null | null");

    Path file = users.resolve("users.csv");
    Files.writeString(file, "1,Ann,BE\n3,Cyd,FR\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    sluice.land(clicks, "2.csv", "1,/cart,2026-01-01 00:00:03\n3,/cart,2026-01-01 00:00:04\n");
    assertThat(EngineHarness.take(result, 2))
        .containsExactlyInAnyOrder("/cart | Ann | BE", "/cart | Cyd | FR");
    result.rows().close();
  }

  @Test
  void innerJoinDropsStreamRowsWithoutATableMatch() throws Exception {
    sluice.land(clicks, "1.csv", "2,/a,2026-01-01 00:00:01\n9,/b,2026-01-01 00:00:02\n");
    sluice.execute("SET 'trigger' = 'available-now'");
    assertThat(
            sluice.rowsOf(
                "SELECT STREAM u.name, c.page FROM users u JOIN clicks c " + "ON c.user_id = u.id"))
        .containsExactly("Bob | /a");
  }

  @Test
  void intervalJoinMatchesWithinTheBoundAndForgetsWhatTheWatermarkPassed() throws Exception {
    sluice.land(orders, "1.csv", "1,100,2026-01-01 00:00:01\n2,200,2026-01-01 00:00:02\n");
    sluice.land(payments, "1.csv", "1,100,2026-01-01 00:00:03\n");
    sluice.land(orders, "2.csv", "3,300,2026-01-01 00:00:20\n");
    // Payment for order 2 comes 30 s late: outside the 10 s bound, and its order is long evicted.
    sluice.land(payments, "2.csv", "2,200,2026-01-01 00:00:32\n3,300,2026-01-01 00:00:25\n");
    sluice.execute("SET 'trigger' = 'available-now'");
    List<String> rows =
        sluice.rowsOf(
            "SELECT STREAM o.id, o.amount, p.paid FROM orders o "
                + "JOIN payments p ON o.id = p.order_id "
                + "AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND");
    assertThat(rows).containsExactlyInAnyOrder("1 | 100 | 100", "3 | 300 | 300");
  }

  @Test
  void aCommaJoinWithItsKeyInWhereIsAnEquiJoin() throws Exception {
    sluice.land(clicks, "1.csv", "2,/a,2026-01-01 00:00:01\n9,/b,2026-01-01 00:00:02\n");
    sluice.execute("SET 'trigger' = 'available-now'");
    assertThat(
            sluice.rowsOf(
                "SELECT STREAM u.name, c.page FROM clicks c, users u "
                    + "WHERE c.user_id = u.id AND c.page <> '/x'"))
        .containsExactly("Bob | /a");
  }

  @Test
  void joinsOfTwoStreamsWithoutATimeBoundKeepBothSides() throws Exception {
    sluice.land(orders, "1.csv", "1,100,2026-01-01 00:00:01\n2,200,2026-01-01 00:00:02\n");
    sluice.land(payments, "1.csv", "1,100,2026-01-01 00:00:03\n");
    // Far behind the watermark, and still matched: a regular join holds every row.
    sluice.land(payments, "2.csv", "2,200,2026-01-01 01:00:00\n");
    sluice.land(orders, "2.csv", "3,300,2026-01-01 02:00:00\n");
    sluice.land(payments, "3.csv", "3,300,2026-01-01 00:00:00\n");
    sluice.execute("SET 'trigger' = 'available-now'");
    assertThat(
            sluice.rowsOf(
                "SELECT STREAM o.id, p.paid FROM orders o "
                    + "JOIN payments p ON o.id = p.order_id"))
        .containsExactlyInAnyOrder("1 | 100", "2 | 200", "3 | 300");
  }

  @Test
  void snapshotQueriesJoinLikeABatchEngine() throws Exception {
    sluice.land(orders, "1.csv", "1,100,2026-01-01 00:00:01\n2,200,2026-01-01 00:00:02\n");
    sluice.land(payments, "1.csv", "1,100,2026-01-01 00:00:03\n7,5,2026-01-01 00:00:04\n");
    assertThat(
            sluice.rowsOf(
                "SELECT o.id, p.order_id FROM orders o FULL JOIN payments p "
                    + "ON o.id = p.order_id"))
        .containsExactlyInAnyOrder("1 | 1", "2 | null", "null | 7");
    assertThat(
            sluice.rowsOf(
                "SELECT u.name, COUNT(*) AS clicks FROM users u JOIN orders o "
                    + "ON u.id = o.id GROUP BY u.name ORDER BY u.name"))
        .containsExactly("Ann | 1", "Bob | 1");
  }
}
