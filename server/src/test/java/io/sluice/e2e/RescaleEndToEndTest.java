package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent query checkpointed at one parallelism resumes at another ({@code ALTER … SET
 * ('parallelism' = …)}) with its state handed to the new subtasks by key group: aggregates, windows
 * still open, a join's held rows and a deduplication's seen keys all carry over, so nothing is lost
 * or counted twice. Started at 2 subtasks, then 3, then 1, then a server restart.
 */
@Timeout(120)
class RescaleEndToEndTest {
  private static final int USERS = 30;

  @TempDir Path temp;
  private TestingServer server;
  private Path clicks;
  private Path users;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    clicks = Files.createDirectories(temp.resolve("clicks"));
    users = Files.createDirectories(temp.resolve("users"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void stateMovesToTheSubtasksOfTheNewParallelismAndNothingIsLostOrCountedTwice() throws Exception {
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM clicks (user_id BIGINT, amount BIGINT, ts TIMESTAMP(3), "
              + "pt AS PROCTIME(), WATERMARK FOR ts AS ts) WITH ('connector' = 'files', "
              + "'path' = '"
              + clicks
              + "', 'format' = 'json')");
      execute(
          connection,
          "CREATE STREAM users (id BIGINT, name VARCHAR) WITH ('connector' = 'files', "
              + "'path' = '"
              + users
              + "', 'format' = 'csv')");
      StringBuilder names = new StringBuilder();
      for (int u = 0; u < USERS; u++) {
        names.append(u).append(",user").append(u).append('\n');
      }
      land(users, "users.csv", names.toString());
      land(clicks, "1.json", clicks(1, "00:00:1"));
      execute(
          connection,
          "CREATE MATERIALIZED VIEW totals AS SELECT user_id, COUNT(*) AS n, "
              + "SUM(amount) AS total FROM clicks GROUP BY user_id");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_minute AS SELECT user_id, "
              + "TUMBLE_START(ts, INTERVAL '1' MINUTE) AS ws, COUNT(*) AS n FROM clicks "
              + "GROUP BY user_id, TUMBLE(ts, INTERVAL '1' MINUTE)");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW matched AS SELECT c.user_id, u.name, c.amount "
              + "FROM clicks c JOIN users u ON c.user_id = u.id");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW firsts AS SELECT user_id, amount FROM ("
              + "SELECT user_id, amount, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY pt) "
              + "AS rn FROM clicks) WHERE rn = 1");
      awaitPhase(connection, 1);
      assertThat(parallelismOf(connection, "totals")).isEqualTo("2");

      alterAll(connection, 3);
      land(clicks, "2.json", clicks(2, "00:00:4"));
      awaitPhase(connection, 2);

      alterAll(connection, 1);
      land(clicks, "3.json", clicks(3, "00:01:1"));
      awaitPhase(connection, 3);
      // the first minute's windows were open across both changes: every row of them counted once
      await(
          "the first minute's windows to close with the rows of both phases",
          () -> query(connection, "SELECT user_id, n FROM per_minute ORDER BY user_id"),
          rows -> rows.equals(perUser(u -> u + " | 4")));
    }

    server.restart();

    try (Connection connection = server.connect()) {
      await(
          "the views to run again at the parallelism they were altered to",
          () -> parallelismOf(connection, "totals"),
          "1"::equals);
      land(clicks, "4.json", clicks(4, "00:02:1"));
      awaitPhase(connection, 4);
      await(
          "the second minute's windows to close",
          () ->
              query(
                  connection,
                  "SELECT user_id, n FROM per_minute WHERE ws > TIMESTAMP '2026-01-01 "
                      + "00:00:00' ORDER BY user_id"),
          rows -> rows.equals(perUser(u -> u + " | 2")));
    }
  }

  @Test
  void onlyTheParallelismCanBeAlteredAndItMustBeInRange() throws Exception {
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM clicks (user_id BIGINT, amount BIGINT, ts TIMESTAMP(3)) "
              + "WITH ('connector' = 'files', 'path' = '"
              + clicks
              + "', 'format' = 'json')");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW totals AS SELECT user_id, COUNT(*) AS n FROM clicks "
              + "GROUP BY user_id");
      assertThatThrownBy(
              () -> execute(connection, "ALTER MATERIALIZED VIEW totals SET ('trigger' = 'once')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("At line 1, column 49")
          .hasMessageContaining(
              "ALTER changes only 'parallelism' of materialized view 'totals'; to change "
                  + "'trigger', drop it and create it again");
      assertThatThrownBy(
              () ->
                  execute(connection, "ALTER MATERIALIZED VIEW totals SET ('parallelism' = '200')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("'parallelism' must be a whole number from 1 to 128");
      assertThatThrownBy(() -> execute(connection, "ALTER SINK nowhere SET ('parallelism' = '2')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("Sink 'nowhere' does not exist");
      execute(connection, "ALTER SINK IF EXISTS nowhere SET ('parallelism' = '2')");
      assertThat(parallelismOf(connection, "totals")).isEqualTo("2");
    }
  }

  /** Two clicks per user in phase {@code phase}, at {@code second} + 0 and + 1 of 2026-01-01. */
  private static String clicks(int phase, String second) {
    StringBuilder json = new StringBuilder();
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < 2; i++) {
        json.append("{\"user_id\": ")
            .append(u)
            .append(", \"amount\": ")
            .append(phase * 100 + u)
            .append(", \"ts\": \"2026-01-01 ")
            .append(second)
            .append(i)
            .append("\"}\n");
      }
    }
    return json.toString();
  }

  /** Waits until the views hold exactly what the clicks of phases 1 to {@code phase} make. */
  private static void awaitPhase(Connection connection, int phase) throws Exception {
    await(
        "the totals of phases 1 to " + phase,
        () -> query(connection, "SELECT user_id, n, total FROM totals ORDER BY user_id"),
        rows -> rows.equals(perUser(u -> u + " | " + 2 * phase + " | " + total(u, phase))));
    await(
        "every click of phases 1 to " + phase + " joined once",
        () -> query(connection, "SELECT COUNT(*), COUNT(DISTINCT name), SUM(amount) FROM matched"),
        rows ->
            rows.equals(
                List.of(
                    2 * USERS * phase
                        + " | "
                        + USERS
                        + " | "
                        + java.util.stream.IntStream.range(0, USERS)
                            .mapToLong(u -> total(u, phase))
                            .sum())));
    // first rows are kept per user: later phases must not make a user's first row again
    assertThat(query(connection, "SELECT user_id, amount FROM firsts ORDER BY user_id"))
        .isEqualTo(perUser(u -> u + " | " + (100 + u)));
  }

  private static long total(int user, int phase) {
    long total = 0;
    for (int p = 1; p <= phase; p++) {
      total += 2L * (p * 100 + user);
    }
    return total;
  }

  private static List<String> perUser(java.util.function.IntFunction<String> row) {
    List<String> rows = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      rows.add(row.apply(u));
    }
    return rows;
  }

  private static void alterAll(Connection connection, int parallelism) throws Exception {
    for (String view : List.of("totals", "per_minute", "matched", "firsts")) {
      execute(
          connection,
          "ALTER MATERIALIZED VIEW " + view + " SET ('parallelism' = '" + parallelism + "')");
      await(
          view + " to run at parallelism " + parallelism,
          () -> parallelismOf(connection, view),
          String.valueOf(parallelism)::equals);
    }
  }

  private static String parallelismOf(Connection connection, String query) throws Exception {
    List<String> rows =
        query(
            connection,
            "SELECT state, parallelism FROM sys.queries WHERE query_id = '" + query + "'");
    return rows.size() == 1 && rows.get(0).startsWith("RUNNING | ")
        ? rows.get(0).substring("RUNNING | ".length())
        : String.valueOf(rows);
  }
}
