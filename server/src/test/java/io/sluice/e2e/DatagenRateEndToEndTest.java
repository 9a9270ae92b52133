package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.remaining;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The datagen rate source paces deterministic rows; LIMIT or 'number-of-rows' ends the query. */
@Timeout(30)
class DatagenRateEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    connection = server.connect();
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    server.close();
  }

  @Test
  void pushQueryWithLimitGetsTheDocumentedRowsAtTheRateThenEnds() throws Exception {
    execute(
        connection,
        "CREATE STREAM ticks (n BIGINT, small TINYINT, label VARCHAR, "
            + "even BOOLEAN, amount DOUBLE, ts TIMESTAMP(3)) WITH ('connector' = 'datagen', "
            + "'kind' = 'rate', 'rows-per-second' = '50')");
    try (Statement statement = connection.createStatement()) {
      long started = System.nanoTime();
      ResultSet rs =
          statement.executeQuery(
              "SELECT STREAM n, small, label, even, amount, ts FROM ticks LIMIT 20");
      List<String> rows = new ArrayList<>();
      List<Long> millis = new ArrayList<>();
      while (rs.next()) {
        String row = EndToEnd.render(rs);
        rows.add(row.substring(0, row.lastIndexOf(" | "))); // all but ts, which is checked below
        millis.add(rs.getTimestamp("ts").getTime());
      }
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

      List<String> expected = new ArrayList<>();
      List<Long> expectedOffsets = new ArrayList<>();
      for (int n = 0; n < 20; n++) {
        expected.add(n + " | " + n + " | row-" + n + " | " + (n % 2 == 0) + " | " + (double) n);
        expectedOffsets.add(n * 20L);
      }
      assertThat(rows).containsExactlyElementsOf(expected);
      // TIMESTAMP is the start time plus n * 1000 / rate milliseconds
      assertThat(millis)
          .extracting(m -> m - millis.get(0))
          .containsExactlyElementsOf(expectedOffsets);
      // row 19 is not due before 20 rows' worth of time at 50 rows per second
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(400);
    }
  }

  @Test
  void filterAppliesBeforeLimit() throws Exception {
    execute(
        connection,
        "CREATE STREAM ticks (n BIGINT, even BOOLEAN) WITH ("
            + "'connector' = 'datagen', 'kind' = 'rate', 'rows-per-second' = '200')");
    try (Statement statement = connection.createStatement()) {
      ResultSet rs =
          statement.executeQuery("SELECT STREAM n FROM ticks WHERE NOT even AND n > 10 LIMIT 4");
      assertThat(remaining(rs)).containsExactly("11", "13", "15", "17");
    }
  }

  @Test
  void numberOfRowsEndsThePushQuery() throws Exception {
    execute(
        connection,
        "CREATE STREAM few (n INTEGER, label VARCHAR) WITH ("
            + "'connector' = 'datagen', 'kind' = 'rate', 'rows-per-second' = '100', "
            + "'number-of-rows' = '5')");
    try (Statement statement = connection.createStatement()) {
      ResultSet rs = statement.executeQuery("SELECT STREAM label FROM few");
      assertThat(remaining(rs)).containsExactly("row-0", "row-1", "row-2", "row-3", "row-4");
    }
  }
}
