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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent query heals from a passing failure: while its sink's folder is out of reach (the
 * folder replaced by a file, a fault at the file-system layer that binds even for root) it shows
 * RETRYING with the cause and its next attempt, and once the folder is back it resumes from its
 * checkpoint by itself, with nothing lost or written twice.
 */
@Timeout(120)
class SelfHealingEndToEndTest {
  private static final int ROWS_PER_FILE = 10;

  @TempDir Path temp;
  private Path in;
  private Path out;
  private TestingServer server;

  @BeforeEach
  void start() throws Exception {
    in = Files.createDirectories(temp.resolve("in"));
    out = Files.createDirectories(temp.resolve("out"));
    server =
        new TestingServer(
            temp.resolve("data"),
            Map.of(
                SluiceConfig.RETRY_INITIAL_DELAY_MS, "100",
                SluiceConfig.RETRY_MAX_DELAY_MS, "400"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSinkWhoseFolderIsOutOfReachRetriesAndResumesWithNothingLost() throws Exception {
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM bids (auction BIGINT, price BIGINT) WITH ('connector' = 'files', "
              + "'path' = '"
              + in
              + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
      execute(
          connection,
          "CREATE SINK copy WITH ('connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'json') AS SELECT auction, price FROM bids");
      landFile(0);
      awaitOutput(1);

      // the folder goes out of reach: a file where it was
      Path aside = temp.resolve("out-aside");
      Files.move(out, aside);
      Files.writeString(out, "not a folder");
      landFile(1);
      landFile(2);
      String row =
          await(
                  "copy to retry",
                  () ->
                      query(
                          connection,
                          "SELECT state, retry_attempt, next_attempt IS NOT NULL, error "
                              + "FROM sys.queries WHERE query_id = 'copy'"),
                  rows -> rows.size() == 1 && rows.get(0).startsWith("RETRYING | "))
              .get(0);
      assertThat(row).contains("| true | ").contains(out.toString()).doesNotContain("Exception");

      // the folder is back: the query resumes by itself and writes what it missed, once
      Files.delete(out);
      Files.move(aside, out);
      landFile(3);
      awaitOutput(4);
      assertThat(
              query(
                  connection,
                  "SELECT state, error, retry_attempt FROM sys.queries WHERE query_id = 'copy'"))
          .containsExactly("RUNNING | null | null");
    }
  }

  /** File {@code k}: auctions 0-9 at prices 100k to 100k + 9. */
  private void landFile(int k) throws Exception {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < ROWS_PER_FILE; i++) {
      csv.append(i).append(',').append(k * 100 + i).append('\n');
    }
    land(in, String.format("%03d.csv", k), csv.toString());
  }

  /** Waits until the sink's folder holds exactly the rows of the first {@code files} files. */
  private void awaitOutput(int files) throws Exception {
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < files; k++) {
      for (int i = 0; i < ROWS_PER_FILE; i++) {
        expected.add("{\"auction\":" + i + ",\"price\":" + (k * 100 + i) + "}");
      }
    }
    List<String> rows =
        await(
            "the sink's rows of " + files + " files",
            this::outputRows,
            found -> found.size() >= expected.size());
    assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Every row in the sink's visible files (not those staged or hidden). */
  private List<String> outputRows() throws Exception {
    List<String> rows = new ArrayList<>();
    if (!Files.isDirectory(out)) {
      return rows;
    }
    try (var files = Files.list(out)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            rows.add(line.replace(" ", ""));
          }
        }
      }
    }
    return rows;
  }
}
