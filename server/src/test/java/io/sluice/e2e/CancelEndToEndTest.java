package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.PATIENCE;
import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.exec.driver.BatchProgress;
import io.sluice.exec.driver.QueryState;
import io.sluice.exec.driver.RunningQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Statement.cancel(), closing the statement or connection, and STOP QUERY end a push query. */
@Timeout(30)
class CancelEndToEndTest {
  private static final String PUSH_QUERY = "SELECT STREAM id FROM events WHERE id > 0";

  @TempDir Path temp;
  private TestingServer server;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("events"));
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM events (id BIGINT) WITH ('connector' = 'files', "
              + "'path' = '"
              + input
              + "', 'format' = 'csv')");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The server's running query for {@code sql}, once it shows up. */
  private RunningQuery runningQuery(String sql) throws Exception {
    List<RunningQuery> found =
        await(
            "a running query for " + sql,
            () ->
                server.server().engine().queries().list().stream()
                    .filter(q -> q.sql().equals(sql) && q.state() == QueryState.RUNNING)
                    .toList(),
            list -> !list.isEmpty());
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** Waits until the query ended as cancelled; the server keeps listing it as CANCELLED. */
  private void assertStopped(RunningQuery query) throws Exception {
    await("query " + query.id() + " to end", query::state, state -> state != QueryState.RUNNING);
    assertThat(query.state()).isEqualTo(QueryState.CANCELLED);
    assertThat(server.server().engine().queries().find(query.id()))
        .hasValueSatisfying(listed -> assertThat(listed.state()).isEqualTo(QueryState.CANCELLED));
  }

  /** Input rows the query has read over all its batches. */
  private static long inputRows(RunningQuery query) {
    return query.recentProgress().stream().mapToLong(BatchProgress::inputRows).sum();
  }

  @Test
  void cancelEndsNextBlockedOnAnotherThreadAndStopsTheQuery() throws Exception {
    try (Connection client = server.connect();
        Statement statement = client.createStatement();
        Connection other = server.connect()) {
      ResultSet rs = statement.executeQuery(PUSH_QUERY);
      land(input, "001.csv", "1\n");
      assertThat(rows(rs, 1)).containsExactly("1");
      RunningQuery query = runningQuery(PUSH_QUERY);

      long beforeNext = System.currentTimeMillis();
      CompletableFuture<Boolean> next =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return rs.next();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      // the server sees the fetch of the blocked next(); nothing is there for it to return
      await("next() to be waiting on the server", query::lastFetchMillis, t -> t > beforeNext);
      assertThat(next).isNotDone();

      statement.cancel();

      boolean nextResult;
      try {
        nextResult = next.get(PATIENCE.toMillis() / 2, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        nextResult = false;
        assertThat(e.getCause()).hasCauseInstanceOf(SQLException.class);
      }
      assertThat(nextResult).as("next() after cancel").isFalse();
      assertStopped(query);
      assertThat(EndToEnd.query(other, "SELECT query_id FROM sys.queries WHERE state = 'RUNNING'"))
          .doesNotContain(query.id());

      // a second push query sees the next file; the cancelled one does not read it
      try (Statement witness = other.createStatement()) {
        ResultSet witnessRows = witness.executeQuery("SELECT STREAM id FROM events");
        land(input, "002.csv", "2\n3\n");
        assertThat(rows(witnessRows, 3)).containsExactly("1", "2", "3");
      }
      assertThat(inputRows(query)).isEqualTo(1);
    }
  }

  @Test
  void closingTheStatementStopsTheQuery() throws Exception {
    try (Connection client = server.connect()) {
      Statement statement = client.createStatement();
      ResultSet rs = statement.executeQuery(PUSH_QUERY);
      land(input, "001.csv", "1\n");
      assertThat(rows(rs, 1)).containsExactly("1");
      RunningQuery query = runningQuery(PUSH_QUERY);

      statement.close();

      assertStopped(query);
      assertThat(rs.isClosed()).isTrue();
    }
  }

  @Test
  void closingTheConnectionStopsItsQueries() throws Exception {
    Connection client = server.connect();
    client.createStatement().executeQuery(PUSH_QUERY);
    RunningQuery query = runningQuery(PUSH_QUERY);

    client.close();

    assertStopped(query);
  }

  @Test
  void stopQueryFromAnotherConnectionEndsTheResultSet() throws Exception {
    try (Connection client = server.connect();
        Statement statement = client.createStatement();
        Connection admin = server.connect()) {
      ResultSet rs = statement.executeQuery(PUSH_QUERY);
      String id = EndToEnd.runningQueryId(admin, PUSH_QUERY);
      land(input, "001.csv", "1\n");
      assertThat(rows(rs, 1)).containsExactly("1");

      execute(admin, "STOP QUERY " + id);

      assertThat(rs.next()).as("next() after STOP QUERY").isFalse();
      assertThat(EndToEnd.query(admin, "SELECT query_id FROM sys.queries WHERE state = 'RUNNING'"))
          .doesNotContain(id);
    }
  }
}
