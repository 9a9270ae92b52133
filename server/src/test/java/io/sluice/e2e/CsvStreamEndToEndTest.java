package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.PATIENCE;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CSV files landing one by one reach a filtered push query; bad lines are skipped or fail it. */
@Timeout(30)
class CsvStreamEndToEndTest {
  private static final String PUSH_QUERY =
      "SELECT STREAM id, name, amount * 10 AS tenfold FROM orders WHERE amount >= 100";

  @TempDir Path temp;
  private TestingServer server;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("orders"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void createOrders(Connection connection, String extraOptions) throws SQLException {
    EndToEnd.execute(
        connection,
        "CREATE STREAM orders (id BIGINT, name VARCHAR, amount BIGINT) "
            + "WITH ('connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv'"
            + extraOptions
            + ")");
  }

  /** Lands a file and returns the next {@code count} rows, failing if they take too long. */
  private static List<String> landAndTake(
      Path directory, String name, String content, ResultSet rs, int count) throws Exception {
    land(directory, name, content);
    long landed = System.nanoTime();
    List<String> rows = rows(rs, count);
    assertThat(System.nanoTime() - landed)
        .as("nanos from landing %s to its rows", name)
        .isLessThan(PATIENCE.toNanos() / 2);
    return rows;
  }

  @Test
  void eachLandedFileDeliversExactlyItsMatchingRows() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      createOrders(connection, "");
      ResultSet rs = statement.executeQuery(PUSH_QUERY);

      assertThat(landAndTake(input, "001.csv", "1,ann,50\n2,bob,100\n3,cy,250\n", rs, 2))
          .containsExactly("2 | bob | 1000", "3 | cy | 2500");
      assertThat(landAndTake(input, "002.csv", "4,di,99\n5,ed,101\n", rs, 1))
          .containsExactly("5 | ed | 1010");
      // a file with no matching row delivers nothing: the next row is the following file's
      land(input, "003.csv", "6,fay,1\n7,gus,2\n");
      assertThat(landAndTake(input, "004.csv", "8,hal,300\n9,ivy,0\n10,jo,100\n", rs, 2))
          .containsExactly("8 | hal | 3000", "10 | jo | 1000");
    }
  }

  @Test
  void badLinesAreSkippedAndCountedInProgress() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        Connection monitor = server.connect()) {
      createOrders(connection, "");
      ResultSet rs = statement.executeQuery(PUSH_QUERY);
      String queryId = EndToEnd.runningQueryId(monitor, PUSH_QUERY);

      assertThat(
              landAndTake(
                  input,
                  "001.csv",
                  String.join(
                      "\n",
                      "1,ann,100",
                      "2,bob", // too few fields
                      "3,cy,lots", // not a BIGINT
                      "4,di,200,extra", // too many fields
                      "5,ed,300",
                      ""),
                  rs,
                  2))
          .containsExactly("1 | ann | 1000", "5 | ed | 3000");
      EndToEnd.await(
          "3 bad records in the progress of " + queryId,
          () -> badRecords(monitor, queryId),
          count -> count == 3);

      // the count is a running total: a clean file leaves it, a bad line adds to it
      assertThat(landAndTake(input, "002.csv", "6,fay,600\n7,gus,x\n", rs, 1))
          .containsExactly("6 | fay | 6000");
      EndToEnd.await(
          "4 bad records in the progress of " + queryId,
          () -> badRecords(monitor, queryId),
          count -> count == 4);
    }
  }

  /** The latest bad-record total of a query, as sys.query_progress shows it (-1: no batch yet). */
  private static long badRecords(Connection connection, String queryId) throws SQLException {
    List<String> totals = EndToEnd.progress(connection, queryId, "bad_records");
    return totals.isEmpty() ? -1 : Long.parseLong(totals.get(totals.size() - 1));
  }

  @Test
  void onErrorFailEndsThePushQueryNamingFileAndLine() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      createOrders(connection, ", 'on-error' = 'fail'");
      ResultSet rs = statement.executeQuery(PUSH_QUERY);

      assertThat(landAndTake(input, "001.csv", "1,ann,100\n", rs, 1))
          .containsExactly("1 | ann | 1000");
      Path bad = land(input, "002.csv", "2,bob,200\n\n3,cy,lots\n4,di,400\n");

      assertThatThrownBy(rs::next)
          .isInstanceOf(SQLException.class)
          .hasMessageContainingAll(bad.toString(), "line 3");
      // the connection survives the failed query
      assertThat(EndToEnd.query(connection, "SELECT name FROM sys.streams"))
          .containsExactly("orders");
    }
  }
}
