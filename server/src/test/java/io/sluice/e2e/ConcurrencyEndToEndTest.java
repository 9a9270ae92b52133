package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.PATIENCE;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients with push queries over one stream, and one doing DDL, each get exactly their rows. */
@Timeout(30)
class ConcurrencyEndToEndTest {
  private static final int CLIENTS = 4;
  private static final int FILES = 5;
  private static final int ROWS_PER_FILE = 40;

  /** The id of the last row of every bucket, landed after all others. */
  private static final long SENTINEL = 1_000_000;

  @TempDir Path temp;
  private TestingServer server;
  private Path input;
  private ExecutorService executor;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("events"));
    executor = Executors.newFixedThreadPool(CLIENTS + 1);
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM events (id BIGINT, bucket INTEGER, payload VARCHAR) "
              + "WITH ('connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'csv')");
    }
  }

  @AfterEach
  void stop() throws Exception {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  /** Client {@code k}'s query: bucket k, each client phrasing its filter differently. */
  private static String pushQuery(int k) {
    switch (k) {
      case 0:
        return "SELECT STREAM id, payload FROM events WHERE bucket = 0";
      case 1:
        return "SELECT STREAM id, payload FROM events WHERE bucket IN (1) AND id >= 0";
      case 2:
        return "SELECT STREAM id, payload FROM events WHERE MOD(id, 4) = 2 "
            + "OR id = "
            + SENTINEL
            + " AND bucket = 2";
      default:
        return "SELECT STREAM id, payload FROM events WHERE payload LIKE 'b3-%'";
    }
  }

  private static String row(long id, int bucket) {
    return id + "," + bucket + ",b" + bucket + "-" + id + "\n";
  }

  /** Rows of client {@code k} but its sentinel, in landing order. */
  private static List<String> expectedRows(int k) {
    List<String> rows = new ArrayList<>();
    for (long id = 0; id < FILES * ROWS_PER_FILE; id++) {
      if (id % CLIENTS == k) {
        rows.add(id + " | b" + k + "-" + id);
      }
    }
    return rows;
  }

  @Test
  void eachClientGetsExactlyItsRowsWhileAnotherRunsDdl() throws Exception {
    CountDownLatch queriesStarted = new CountDownLatch(CLIENTS);
    AtomicBoolean readersDone = new AtomicBoolean();
    List<Future<List<String>>> readers = new ArrayList<>();
    for (int k = 0; k < CLIENTS; k++) {
      String sql = pushQuery(k);
      int expected = expectedRows(k).size();
      readers.add(
          executor.submit(
              () -> {
                try (Connection connection = server.connect();
                    Statement statement = connection.createStatement()) {
                  ResultSet rs = statement.executeQuery(sql);
                  queriesStarted.countDown();
                  // the sentinel's file is landed last, so it comes in the last batch, but the
                  // rows of one batch come split by split, so it may precede that batch's others
                  List<String> rows = new ArrayList<>();
                  boolean sentinel = false;
                  while ((!sentinel || rows.size() < expected) && rs.next()) {
                    if (rs.getLong(1) == SENTINEL) {
                      sentinel = true;
                    } else {
                      rows.add(EndToEnd.render(rs));
                    }
                  }
                  return rows;
                }
              }));
    }
    Future<Integer> ddl =
        executor.submit(
            () -> {
              int rounds = 0;
              try (Connection connection = server.connect()) {
                while (!readersDone.get() || rounds == 0) {
                  String name = "scratch_" + rounds;
                  execute(
                      connection,
                      "CREATE STREAM "
                          + name
                          + " (x BIGINT) WITH ("
                          + "'connector' = 'datagen', 'kind' = 'rate')");
                  assertThat(query(connection, "SELECT name FROM sys.streams"))
                      .containsExactlyInAnyOrder("events", name);
                  execute(connection, "DROP STREAM " + name);
                  rounds++;
                }
              }
              return rounds;
            });

    assertThat(queriesStarted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    long id = 0;
    for (int file = 0; file < FILES; file++) {
      StringBuilder content = new StringBuilder();
      for (int i = 0; i < ROWS_PER_FILE; i++, id++) {
        content.append(row(id, (int) (id % CLIENTS)));
      }
      land(input, String.format("%03d.csv", file), content.toString());
    }
    StringBuilder sentinels = new StringBuilder();
    for (int k = 0; k < CLIENTS; k++) {
      sentinels.append(row(SENTINEL, k));
    }
    land(input, "999.csv", sentinels.toString());

    for (int k = 0; k < CLIENTS; k++) {
      assertThat(readers.get(k).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
          .as("rows of client %s: %s", k, pushQuery(k))
          // files of one batch are read by parallel subtasks, whose rows follow one another
          .containsExactlyInAnyOrderElementsOf(expectedRows(k));
    }
    readersDone.set(true);
    assertThat(ddl.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isPositive();
    try (Connection connection = server.connect()) {
      assertThat(query(connection, "SELECT name FROM sys.streams")).containsExactly("events");
    }
  }
}
