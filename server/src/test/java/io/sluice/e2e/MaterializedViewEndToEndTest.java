package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BI tool on the stock Avatica driver reads a materialized view while its query runs: every read
 * sees the table as of some committed batch, never half of one.
 */
@Timeout(90)
class MaterializedViewEndToEndTest {
  private static final int KEYS = 20;
  private static final int FILES = 15;

  @TempDir Path temp;

  @Test
  void everyReadIsConsistentWithSomeCommittedBatch() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    try (TestingServer server = new TestingServer(temp.resolve("data"));
        Connection sluice = server.connect();
        Statement statement = sluice.createStatement()) {
      statement.execute(
          "CREATE STREAM ticks (k BIGINT, v BIGINT) WITH ('connector' = 'files', "
              + "'path' = '"
              + in
              + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
      statement.execute(
          "CREATE MATERIALIZED VIEW per_key AS "
              + "SELECT k, COUNT(*) AS c, SUM(v) AS s FROM ticks GROUP BY k");

      String avatica =
          "jdbc:avatica:remote:url=http://localhost:"
              + server.server().port()
              + ";serialization=protobuf";
      Set<Long> seenCounts = new HashSet<>();
      long lastCount = 0;
      try (Connection bi = DriverManager.getConnection(avatica)) {
        int landed = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        while (lastCount < FILES && System.currentTimeMillis() < deadline) {
          if (landed < FILES) {
            // Each file adds one row to every key, so a consistent table has equal counts.
            StringBuilder rows = new StringBuilder();
            for (int k = 0; k < KEYS; k++) {
              rows.append(k).append(',').append(landed + 1).append('\n');
            }
            Path staging = in.resolve(".f" + landed);
            Files.writeString(staging, rows, StandardCharsets.UTF_8);
            Files.move(
                staging,
                in.resolve(String.format("%03d.csv", landed)),
                StandardCopyOption.ATOMIC_MOVE);
            landed++;
          }
          List<long[]> table = read(bi);
          if (table.isEmpty()) {
            continue;
          }
          long count = table.get(0)[1];
          assertThat(table)
              .as("read after %s files", landed)
              .hasSize(KEYS)
              .allSatisfy(
                  row -> {
                    assertThat(row[1]).isEqualTo(count);
                    // Values 1..count were added to every key: their sum is count(count+1)/2.
                    assertThat(row[2]).isEqualTo(count * (count + 1) / 2);
                  });
          assertThat(count).as("the view never goes back").isGreaterThanOrEqualTo(lastCount);
          lastCount = count;
          seenCounts.add(count);
        }
      }
      assertThat(lastCount).isEqualTo(FILES);
      // Reads happened while the query ran, not only after it caught up.
      assertThat(seenCounts).hasSizeGreaterThan(1);
    }
  }

  private static List<long[]> read(Connection connection) throws Exception {
    List<long[]> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT k, c, s FROM per_key ORDER BY k")) {
      while (rs.next()) {
        rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
      }
    }
    return rows;
  }
}
