package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.config.SluiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A query whose state outgrows its budget (its own, or its share of the server's) fails alone, with
 * an error naming it and its state size; the other queries and the server go on.
 */
@Timeout(120)
class StateBudgetEndToEndTest {
  private static final int KEYS_PER_FILE = 2_000;

  @TempDir Path temp;
  private TestingServer server;
  private Path in;
  private Path copy;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SluiceConfig.QUERY_MAX_STATE_BYTES, SluiceConfig.SERVER_MAX_STATE_BYTES})
  void aQueryOverItsStateBudgetFailsAlone(String key) throws Exception {
    in = Files.createDirectories(temp.resolve("in"));
    copy = Files.createDirectories(temp.resolve("copy"));
    server =
        new TestingServer(
            temp.resolve("data"),
            key.equals(SluiceConfig.QUERY_MAX_STATE_BYTES)
                ? Map.of(key, "100000")
                : Map.of(key, "100000", SluiceConfig.QUERY_MAX_STATE_BYTES, "0"));
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM events (id BIGINT, payload VARCHAR) WITH ('connector' = 'files', "
              + "'path' = '"
              + in
              + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
      // one group per id, without end: its state grows with every file
      execute(
          connection,
          "CREATE MATERIALIZED VIEW per_id AS SELECT id, COUNT(*) AS n FROM events GROUP BY id");
      execute(
          connection,
          "CREATE SINK copy WITH ('connector' = 'files', 'path' = '"
              + copy
              + "', 'format' = 'json') AS SELECT id FROM events WHERE MOD(id, 1000) = 0");
      int file = 0;
      String row = null;
      while (row == null) {
        assertThat(file).as("files landed before per_id failed").isLessThan(40);
        landFile(file++);
        List<String> rows =
            await(
                "per_id to take file " + file,
                () ->
                    query(
                        connection,
                        "SELECT state, error FROM sys.queries WHERE query_id = 'per_id'"),
                r -> r.size() == 1);
        if (rows.get(0).startsWith("FAILED")) {
          row = rows.get(0);
        }
      }
      assertThat(row)
          .containsPattern("Query 'per_id' holds about [0-9]+ bytes of state \\([0-9]+ rows\\)")
          .contains("100000 bytes")
          .contains(key);

      // the other query and the server go on
      assertThat(query(connection, "SELECT state FROM sys.queries WHERE query_id = 'copy'"))
          .containsExactly("RUNNING");
      landFile(file);
      int files = file + 1;
      await(
          "copy to take all " + files + " files",
          () -> countRows(copy),
          n -> n == files * (KEYS_PER_FILE / 1000));
      assertThat(query(connection, "SELECT 1")).containsExactly("1");
    }
  }

  /** File {@code k}: ids 2000k to 2000k + 1999, each new. */
  private void landFile(int k) throws Exception {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < KEYS_PER_FILE; i++) {
      csv.append((long) k * KEYS_PER_FILE + i).append(",payload").append('\n');
    }
    land(in, String.format("%03d.csv", k), csv.toString());
  }

  private static long countRows(Path folder) throws Exception {
    long rows = 0;
    try (var files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        rows += Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
      }
    }
    return rows;
  }
}
