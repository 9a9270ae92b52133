package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.e2e.TestingServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JDBC sinks and tables through SQL on a running Sluice server, against real PostgreSQL and MariaDB
 * servers: what a user finds in the database after {@code CREATE SINK … WITH ('connector' =
 * 'jdbc')}, and what {@code SELECT} returns from a jdbc table.
 */
@Timeout(300)
class JdbcSqlTest {
  private static final long DEADLINE_MILLIS = 60_000;
  private static final AtomicInteger TABLES = new AtomicInteger();

  private static PostgresServer postgres;
  private static MariaDbServer mariadb;

  @TempDir Path temp;
  private TestingServer server;
  private Path input;

  @BeforeAll
  static void startDatabases() throws Exception {
    postgres = PostgresServer.start();
    mariadb = MariaDbServer.start();
  }

  @AfterAll
  static void stopDatabases() {
    if (postgres != null) {
      postgres.close();
    }
    if (mariadb != null) {
      mariadb.close();
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("in"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static TestDatabase database(String name) {
    return name.equals("postgresql") ? postgres : mariadb;
  }

  private static String jdbcOptions(TestDatabase db, String table) {
    return "'connector' = 'jdbc', 'url' = '"
        + db.url()
        + "', 'table-name' = '"
        + table
        + "', 'username' = '"
        + TestDatabase.USER
        + "', 'password' = '"
        + TestDatabase.PASSWORD
        + "'";
  }

  private void land(String name, String content) throws Exception {
    Path staging = input.resolve("." + name + ".tmp");
    Files.writeString(staging, content, StandardCharsets.UTF_8);
    Files.move(staging, input.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private void execute(String... statements) throws SQLException {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private List<String> sluiceQuery(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          values.add(result.getString(c));
        }
        rows.add(String.join(" | ", values));
      }
    }
    return rows;
  }

  /** Waits until {@code sql} on the database returns {@code expected}; fails with what it saw. */
  private static void awaitRows(TestDatabase db, String sql, String... expected) throws Exception {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    List<String> rows = db.query(sql);
    while (!rows.equals(List.of(expected)) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      rows = db.query(sql);
    }
    assertThat(rows).as("rows of %s in %s", sql, db.name()).containsExactly(expected);
  }

  private void createClicks() throws SQLException {
    execute(
        "CREATE STREAM clicks (page VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ("
            + "'connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void anAggregateIsUpsertedByItsGroupKeyAndRowsLeavingTheHavingAreDeleted(String name)
      throws Exception {
    TestDatabase db = database(name);
    String table = "page_counts_" + TABLES.incrementAndGet();
    db.execute("CREATE TABLE " + table + " (page VARCHAR(40) PRIMARY KEY, clicks BIGINT)");
    createClicks();
    execute(
        "CREATE SINK page_counts WITH ("
            + jdbcOptions(db, table)
            + ") AS SELECT page, COUNT(*) AS clicks FROM clicks GROUP BY page"
            + " HAVING COUNT(*) < 3");
    String read = "SELECT page, clicks FROM " + table + " ORDER BY page";
    land("1.csv", "/a,2026-01-01 00:00:01\n/b,2026-01-01 00:00:02\n/b,2026-01-01 00:00:03\n");
    awaitRows(db, read, "/a | 1", "/b | 2");
    // /a is updated in place; /b reaches 3 clicks, leaves the HAVING and is deleted
    land("2.csv", "/a,2026-01-01 00:00:04\n/b,2026-01-01 00:00:05\n/c,2026-01-01 00:00:06\n");
    awaitRows(db, read, "/a | 2", "/c | 1");
  }

  /** The README's tour: a windowed aggregate upserted as its windows grow. */
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aWindowedAggregateInUpdateModeUpdatesEachWindowsRowInPlace(String name) throws Exception {
    TestDatabase db = database(name);
    String table = "page_minutes_" + TABLES.incrementAndGet();
    String time = db == postgres ? "TIMESTAMP(3)" : "DATETIME(3)";
    db.execute(
        "CREATE TABLE "
            + table
            + " (minute_start "
            + time
            + " NOT NULL, page VARCHAR(40) NOT NULL, clicks BIGINT, PRIMARY KEY (minute_start, page))");
    createClicks();
    execute(
        "CREATE SINK page_minutes WITH ("
            + jdbcOptions(db, table)
            + ") AS SELECT TUMBLE_START(ts, INTERVAL '1' MINUTE) AS minute_start, page,"
            + " COUNT(*) AS clicks FROM clicks GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), page"
            + " EMIT UPDATE");
    String read =
        "SELECT minute_start, page, clicks FROM " + table + " ORDER BY minute_start, page";
    String first = db == postgres ? "2026-01-01 00:00:00" : "2026-01-01 00:00:00.000";
    String second = db == postgres ? "2026-01-01 00:01:00" : "2026-01-01 00:01:00.000";
    land("1.csv", "/a,2026-01-01 00:00:01\n/b,2026-01-01 00:00:02\n");
    awaitRows(db, read, first + " | /a | 1", first + " | /b | 1");
    land("2.csv", "/a,2026-01-01 00:00:30\n/a,2026-01-01 00:01:05\n");
    awaitRows(db, read, first + " | /a | 2", first + " | /b | 1", second + " | /a | 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void closedWindowsAreAppendedAndTheWholeTableIsReplacedInCompleteMode(String name)
      throws Exception {
    TestDatabase db = database(name);
    String windows = "windows_" + TABLES.incrementAndGet();
    String totals = "totals_" + TABLES.incrementAndGet();
    String time = db == postgres ? "TIMESTAMP(3)" : "DATETIME(3)";
    db.execute(
        "CREATE TABLE " + windows + " (ws " + time + ", clicks BIGINT)",
        "CREATE TABLE " + totals + " (page VARCHAR(40), clicks BIGINT)");
    createClicks();
    execute(
        "CREATE SINK windows WITH ("
            + jdbcOptions(db, windows)
            + ") AS SELECT TUMBLE_START(ts, INTERVAL '10' SECOND) AS ws, COUNT(*) AS clicks"
            + " FROM clicks GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)",
        "CREATE SINK totals WITH ("
            + jdbcOptions(db, totals)
            + ") AS SELECT page, COUNT(*) AS clicks FROM clicks GROUP BY page EMIT COMPLETE");
    land("1.csv", "/a,2026-01-01 00:00:01\n/b,2026-01-01 00:00:02\n/b,2026-01-01 00:00:12\n");
    String readWindows = "SELECT ws, clicks FROM " + windows + " ORDER BY ws";
    String readTotals = "SELECT page, clicks FROM " + totals + " ORDER BY page";
    String first = db == postgres ? "2026-01-01 00:00:00" : "2026-01-01 00:00:00.000";
    String second = db == postgres ? "2026-01-01 00:00:10" : "2026-01-01 00:00:10.000";
    awaitRows(db, readWindows, first + " | 2");
    awaitRows(db, readTotals, "/a | 1", "/b | 2");
    land("2.csv", "/c,2026-01-01 00:00:25\n");
    awaitRows(db, readWindows, first + " | 2", second + " | 1");
    awaitRows(db, readTotals, "/a | 1", "/b | 2", "/c | 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aJdbcTableIsReadBySnapshotQueriesAndJoinedByStreams(String name) throws Exception {
    TestDatabase db = database(name);
    String table = "customers_" + TABLES.incrementAndGet();
    db.execute(
        "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(40), tier INT)",
        "INSERT INTO " + table + " VALUES (1, 'ann', 1), (2, 'bob', 2), (3, 'cid', NULL)");
    execute(
        "CREATE TABLE customers (id BIGINT, name VARCHAR, tier INT) WITH ("
            + jdbcOptions(db, table)
            + ")");
    assertThat(sluiceQuery("SELECT name, tier FROM customers WHERE id > 1 ORDER BY id"))
        .containsExactly("bob | 2", "cid | null");
    assertThat(sluiceQuery("SELECT COUNT(*) FROM customers")).containsExactly("3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aStreamLooksTableRowsUpByKeyOneQueryPerBatchWithAndWithoutACache(String name)
      throws Exception {
    TestDatabase db = database(name);
    String customers = "customers_" + TABLES.incrementAndGet();
    String cached = "enriched_cached_" + TABLES.incrementAndGet();
    String uncached = "enriched_" + TABLES.incrementAndGet();
    db.execute(
        "CREATE TABLE " + customers + " (id BIGINT PRIMARY KEY, name VARCHAR(40))",
        "INSERT INTO " + customers + " VALUES (1, 'ann'), (2, 'bob')",
        "CREATE TABLE " + cached + " (order_id BIGINT, name VARCHAR(40))",
        "CREATE TABLE " + uncached + " (order_id BIGINT, name VARCHAR(40))");
    execute(
        "CREATE STREAM orders (id BIGINT, cid BIGINT, ts TIMESTAMP(3)) WITH ("
            + "'connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv')",
        "CREATE TABLE customers (id BIGINT, name VARCHAR) WITH ("
            + jdbcOptions(db, customers)
            + ")",
        "CREATE TABLE cached_customers (id BIGINT, name VARCHAR) WITH ("
            + jdbcOptions(db, customers)
            + ", 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100',"
            + " 'lookup.partial-cache.expire-after-write' = '1h')");
    long selectsBefore = db.selectsOn(customers);
    execute(
        "CREATE SINK enriched_cached WITH ("
            + jdbcOptions(db, cached)
            + ") AS SELECT o.id AS order_id, c.name FROM orders o"
            + " LEFT JOIN cached_customers FOR SYSTEM_TIME AS OF o.ts AS c ON o.cid = c.id",
        "CREATE SINK enriched WITH ("
            + jdbcOptions(db, uncached)
            + ") AS SELECT o.id AS order_id, c.name FROM orders o JOIN customers c ON o.cid = c.id");
    String readCached = "SELECT order_id, name FROM " + cached + " ORDER BY order_id";
    String readUncached = "SELECT order_id, name FROM " + uncached + " ORDER BY order_id";
    // orders of customers 1, 2, 1 again and 9, which does not exist
    land(
        "1.csv",
        "1,1,2026-01-01 00:00:01\n2,2,2026-01-01 00:00:02\n3,1,2026-01-01 00:00:03\n"
            + "4,9,2026-01-01 00:00:04\n");
    awaitRows(db, readCached, "1 | ann", "2 | bob", "3 | ann", "4 | null");
    awaitRows(db, readUncached, "1 | ann", "2 | bob", "3 | ann");
    // one query per sink for the batch's three keys, not one per row
    assertThat(db.selectsOn(customers) - selectsBefore).isEqualTo(2);

    db.execute("UPDATE " + customers + " SET name = 'ann-renamed' WHERE id = 1");
    land("2.csv", "5,1,2026-01-01 00:00:05\n6,9,2026-01-01 00:00:06\n");
    // the cache answers both keys (the missing one too) and still holds the old name; the
    // uncached join asks the database and sees the new one
    awaitRows(db, readCached, "1 | ann", "2 | bob", "3 | ann", "4 | null", "5 | ann", "6 | null");
    awaitRows(db, readUncached, "1 | ann", "2 | bob", "3 | ann", "5 | ann-renamed");
    assertThat(db.selectsOn(customers) - selectsBefore).isEqualTo(3);
  }

  /** Flink's lookup join as written: the stream's processing time is a computed column. */
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aLookupJoinAsOfAProcTimeColumnReadsTheTableByKey(String name) throws Exception {
    TestDatabase db = database(name);
    String customers = "customers_" + TABLES.incrementAndGet();
    String enriched = "enriched_pt_" + TABLES.incrementAndGet();
    db.execute(
        "CREATE TABLE " + customers + " (id BIGINT PRIMARY KEY, name VARCHAR(40))",
        "INSERT INTO " + customers + " VALUES (1, 'ann'), (2, 'bob')",
        "CREATE TABLE " + enriched + " (order_id BIGINT, name VARCHAR(40))");
    execute(
        "CREATE STREAM orders (id BIGINT, cid BIGINT, pt AS PROCTIME()) WITH ("
            + "'connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv')",
        "CREATE TABLE customers (id BIGINT, name VARCHAR) WITH ("
            + jdbcOptions(db, customers)
            + ")");
    long selectsBefore = db.selectsOn(customers);
    execute(
        "CREATE SINK enriched WITH ("
            + jdbcOptions(db, enriched)
            + ") AS SELECT o.id AS order_id, c.name FROM orders o"
            + " JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.cid = c.id");
    String read = "SELECT order_id, name FROM " + enriched + " ORDER BY order_id";
    land("1.csv", "1,1\n2,2\n3,9\n");
    awaitRows(db, read, "1 | ann", "2 | bob");
    db.execute("UPDATE " + customers + " SET name = 'ann-renamed' WHERE id = 1");
    land("2.csv", "4,1\n");
    // as of each row's processing time: the table as it is when the row is joined
    awaitRows(db, read, "1 | ann", "2 | bob", "4 | ann-renamed");
    assertThat(db.selectsOn(customers) - selectsBefore).isEqualTo(2);
  }

  /**
   * A condition on the table's columns and computed table columns do not make the join read the
   * whole table: the rows looked up by key are filtered and computed as they arrive.
   */
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aFilteredAndComputedTableIsStillLookedUpByKey(String name) throws Exception {
    TestDatabase db = database(name);
    String customers = "customers_" + TABLES.incrementAndGet();
    String inner = "enriched_gold_" + TABLES.incrementAndGet();
    String outer = "enriched_left_" + TABLES.incrementAndGet();
    db.execute(
        "CREATE TABLE "
            + customers
            + " (id BIGINT PRIMARY KEY, name VARCHAR(40), tier VARCHAR(10), credit BIGINT)",
        "INSERT INTO "
            + customers
            + " VALUES (1, 'ann', 'gold', 10), (2, 'bob', 'basic', 20), (3, 'cy', 'gold', 30)",
        "CREATE TABLE " + inner + " (order_id BIGINT, name VARCHAR(40), credit BIGINT)",
        "CREATE TABLE " + outer + " (order_id BIGINT, name VARCHAR(40))");
    execute(
        "CREATE STREAM orders (id BIGINT, cid BIGINT, pt AS PROCTIME()) WITH ("
            + "'connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv')",
        "CREATE TABLE customers (id BIGINT, name VARCHAR, tier VARCHAR, credit BIGINT) WITH ("
            + jdbcOptions(db, customers)
            + ")");
    String gold =
        "SELECT o.id AS order_id, c.name, c.credit FROM orders o JOIN (SELECT id, UPPER(name) AS"
            + " name, credit * 2 AS credit FROM customers WHERE tier = 'gold') c ON o.cid = c.id";
    String left =
        "SELECT o.id AS order_id, c.name FROM orders o LEFT JOIN customers FOR SYSTEM_TIME AS OF"
            + " o.pt AS c ON o.cid = c.id AND c.tier = 'gold' AND c.credit > 15";
    assertThat(
            String.join(
                "\n",
                sluiceQuery("EXPLAIN PLAN FOR " + gold.replaceFirst("SELECT", "SELECT STREAM"))))
        .contains("StreamLookupJoin")
        .contains("looked up by each batch's keys");
    assertThat(
            String.join(
                "\n",
                sluiceQuery("EXPLAIN PLAN FOR " + left.replaceFirst("SELECT", "SELECT STREAM"))))
        .contains("StreamLookupJoin")
        .contains("looked up by each batch's keys");
    long selectsBefore = db.selectsOn(customers);
    execute(
        "CREATE SINK gold WITH (" + jdbcOptions(db, inner) + ") AS " + gold,
        "CREATE SINK lefts WITH (" + jdbcOptions(db, outer) + ") AS " + left);
    land("1.csv", "1,1\n2,2\n3,3\n4,9\n");
    awaitRows(
        db,
        "SELECT order_id, name, credit FROM " + inner + " ORDER BY order_id",
        "1 | ANN | 20",
        "3 | CY | 60");
    awaitRows(
        db,
        "SELECT order_id, name FROM " + outer + " ORDER BY order_id",
        "1 | null",
        "2 | null",
        "3 | cy",
        "4 | null");
    // one query per sink for the batch's keys
    assertThat(db.selectsOn(customers) - selectsBefore).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aSinkWhoseTableDoesNotFitIsRefusedAndNoPasswordShows(String name) throws Exception {
    TestDatabase db = database(name);
    createClicks();
    assertThatThrownBy(
            () ->
                execute(
                    "CREATE SINK nowhere WITH ("
                        + jdbcOptions(db, "no_such_table")
                        + ") AS SELECT page, COUNT(*) AS clicks FROM clicks GROUP BY page"))
        .hasMessageContaining("Table 'no_such_table'")
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining(TestDatabase.PASSWORD);
    String table = "shown_" + TABLES.incrementAndGet();
    db.execute("CREATE TABLE " + table + " (page VARCHAR(40) PRIMARY KEY, clicks BIGINT)");
    // the password also written into the URL
    execute(
        "CREATE SINK shown WITH ("
            + jdbcOptions(db, table)
                .replace(db.url(), db.url() + "?password=" + TestDatabase.PASSWORD)
            + ") AS SELECT page, COUNT(*) AS clicks FROM clicks GROUP BY page");
    assertThat(String.join("\n", sluiceQuery("SELECT * FROM sys.sinks")))
        .contains("shown")
        .doesNotContain(TestDatabase.PASSWORD);
  }
}
