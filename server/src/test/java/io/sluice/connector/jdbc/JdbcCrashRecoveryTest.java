package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.kafka.SluiceServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exactly once into a database across a crash: a server in a child JVM upserts an aggregate without
 * a window (updates and deletes by key) into a PostgreSQL or MariaDB table, one input file per
 * batch, is halted (like kill -9) at each point of batch 1's commit protocol and restarts on the
 * same data directory. The table must then equal the query's result over all the input.
 */
@Timeout(180)
class JdbcCrashRecoveryTest {
  /** Groups leave the result once their total reaches 150: the sink deletes their rows. */
  private static final String QUERY =
      "SELECT MOD(auction, 3) AS k, COUNT(*) AS bids, SUM(price) AS total FROM bids"
          + " GROUP BY MOD(auction, 3) HAVING SUM(price) < 150";

  private static final long DEADLINE_MILLIS = 60_000;
  private static final AtomicInteger RUNS = new AtomicInteger();

  private static PostgresServer postgres;
  private static MariaDbServer mariadb;

  @TempDir Path temp;

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

  private static void land(Path directory, String name, String content) throws Exception {
    Path staging = directory.resolve("." + name + ".tmp");
    Files.writeString(staging, content, StandardCharsets.UTF_8);
    Files.move(staging, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  @ParameterizedTest(name = "{0}, killed {1}")
  @CsvSource({
    "postgresql, after-offsets",
    "postgresql, mid-sink",
    "postgresql, after-sink-commit",
    "postgresql, after-commit",
    "mariadb, after-offsets",
    "mariadb, mid-sink",
    "mariadb, after-sink-commit",
    "mariadb, after-commit"
  })
  void theTableAfterACrashEqualsTheResultWithoutOne(String name, String point) throws Exception {
    TestDatabase db = name.equals("postgresql") ? postgres : mariadb;
    String table = "totals_" + RUNS.incrementAndGet();
    db.execute("CREATE TABLE " + table + " (k INT PRIMARY KEY, bids BIGINT, total BIGINT)");
    Path in = Files.createDirectories(temp.resolve("in"));
    // batch N reads file N; batch 1 is where the process dies
    land(in, "0.csv", "1,5,2026-01-01 00:00:01\n2,20,2026-01-01 00:00:02\n");
    land(in, "1.csv", "3,30,2026-01-01 00:00:08\n4,40,2026-01-01 00:00:12\n");
    land(in, "2.csv", "5,50,2026-01-01 00:00:25\n6,1,2026-01-01 00:00:31\n");
    land(in, "3.csv", "7,70,2026-01-01 00:00:45\n8,80,2026-01-01 00:00:55\n");
    List<String> ddl =
        List.of(
            "CREATE STREAM bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3), "
                + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
                + "'path' = '"
                + in
                + "', 'format' = 'csv', 'max-files-per-trigger' = '1')",
            "CREATE SINK totals WITH ('connector' = 'jdbc', 'url' = '"
                + db.url()
                + "', 'table-name' = '"
                + table
                + "', 'username' = '"
                + TestDatabase.USER
                + "', 'password' = '"
                + TestDatabase.PASSWORD
                + "') AS "
                + QUERY);
    try (SluiceServerProcess first =
        SluiceServerProcess.start(temp.resolve("data"), point + ":1")) {
      String refused = "none";
      try (Connection connection = DriverManager.getConnection(first.url());
          Statement statement = connection.createStatement()) {
        for (String sql : ddl) {
          statement.execute(sql);
        }
      } catch (SQLException e) {
        // the crash may land while the client still talks to the server
        refused = e.getMessage();
      }
      assertThat(first.awaitExit(60))
          .as(
              "exit code of the server killed %s (statement error: %s); its output:\n%s",
              point, refused, first.output())
          .isEqualTo(137);
    }
    // MOD(auction, 3): group 1 (5, 40, 70) and group 0 (30, 1) stay; group 2 reaches 150 (20, 50,
    // 80) in the last batch and is deleted
    List<String> expected = List.of("0 | 2 | 31", "1 | 3 | 115");
    String read = "SELECT k, bids, total FROM " + table + " ORDER BY k";
    try (SluiceServerProcess second = SluiceServerProcess.start(temp.resolve("data"), null)) {
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      List<String> rows = db.query(read);
      List<String> progress = progress(db);
      while ((!rows.equals(expected) || !progress.equals(List.of("3")))
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        rows = db.query(read);
        progress = progress(db);
      }
      assertThat(progress)
          .as("the sink's progress row; server output:\n%s", second.output())
          .containsExactly("3");
      assertThat(rows)
          .as("table %s; server output:\n%s", table, second.output())
          .containsExactlyElementsOf(expected);
    }
  }

  private static List<String> progress(TestDatabase db) throws SQLException {
    return db.query("SELECT batch_id FROM sluice_sink_progress WHERE sink_name = 'totals'");
  }
}
