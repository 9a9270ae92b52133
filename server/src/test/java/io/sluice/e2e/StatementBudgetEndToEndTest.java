package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.config.SluiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement with a 200 KB IN list is answered within the statement budget (the list becomes a set
 * lookup, not a chain of comparisons), and while it is planned and compiled another connection's
 * statements answer within a second.
 */
@Timeout(120)
class StatementBudgetEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Path in;
  private ExecutorService executor;

  @BeforeEach
  void start() throws Exception {
    in = Files.createDirectories(temp.resolve("in"));
    executor = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aLargeInListIsAnsweredWhileOtherConnectionsGoOn() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      csv.append(i * 7).append(",name").append(i).append('\n');
    }
    land(in, "000.csv", csv.toString());
    String sql = largeInList();
    try (Connection big = server.connect();
        Connection small = server.connect()) {
      execute(
          small,
          "CREATE STREAM items (id BIGINT, name VARCHAR) WITH ('connector' = 'files', "
              + "'path' = '"
              + in
              + "', 'format' = 'csv')");
      assertThat(query(small, "SELECT 1")).containsExactly("1");
      long started = System.nanoTime();
      Future<List<String>> answer = executor.submit(() -> query(big, sql));
      while (!answer.isDone()) {
        long before = System.nanoTime();
        assertThat(query(small, "SELECT 1")).containsExactly("1");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        assertThat(millis).as("SELECT 1 while the big statement runs").isLessThan(1_000);
        Thread.sleep(50);
      }
      System.out.println(
          "IN list answered in "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
              + " ms");
      assertThat(answer.get()).containsExactlyInAnyOrder("14 | name2", "21 | name3", "28 | name4");
    }
  }

  /** A statement over its budget is refused, naming the budget, and the server goes on. */
  @Test
  void aStatementOverItsBudgetIsRefused() throws Exception {
    server = new TestingServer(temp.resolve("data"), Map.of(SluiceConfig.STATEMENT_TIMEOUT, "1"));
    try (Connection connection = server.connect()) {
      assertThatThrownBy(() -> query(connection, largeInList()))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("within its budget of 1 ms (sluice.statement.timeout)");
    }
  }

  /** SELECT over {@code items} with an IN list of 200 KB, matching ids 14, 21 and 28. */
  private static String largeInList() {
    StringBuilder sql = new StringBuilder("SELECT id, name FROM items WHERE id IN (");
    for (int i = 0; sql.length() < 200_000; i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(1_000_000 + i * 3);
    }
    return sql.append(", 14, 700) OR name IN ('name3', 'name4')").toString();
  }
}
