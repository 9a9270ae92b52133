package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.await;
import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.fs.ChecksummedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpoint, view-table and catalog files carry checksums: one flipped bit or a truncation in any
 * of them is caught when the server starts on them. The newest state or commit of a query falls
 * back to the checkpoint before it and replays the batch after it, so the output is exactly what it
 * would have been; damage that cannot be fallen back from (offsets of a batch to replay, the
 * metadata, every kept state) stops only that query, naming the file and both checksums; a damaged
 * catalog stops the server from starting, naming the file and its previous copy.
 *
 * <p>Each test runs a windowed sink ({@code windows}, 10-second tumbling counts) and a materialized
 * view ({@code totals}, counts per auction) over the same stream, one input file per batch, stops
 * the server after four batches, damages a file, starts it again and lands two more files, which
 * close every window.
 */
@Timeout(120)
class CheckpointDamageEndToEndTest {
  private static final int ROWS_PER_FILE = 20;
  private static final int FILES_BEFORE = 4;
  private static final int FILES_AFTER = 2;

  @TempDir Path temp;
  private Path in;
  private Path out;
  private Path data;
  private TestingServer server;

  @BeforeEach
  void runFourBatchesAndStop() throws Exception {
    in = Files.createDirectories(temp.resolve("in"));
    out = Files.createDirectories(temp.resolve("out"));
    data = temp.resolve("data");
    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3), "
              + "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'files', "
              + "'path' = '"
              + in
              + "', 'format' = 'csv', 'max-files-per-trigger' = '1')");
      execute(
          connection,
          "CREATE STREAM results (ws TIMESTAMP(3), n BIGINT, total BIGINT) WITH ("
              + "'connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'json')");
      execute(
          connection,
          "CREATE SINK windows WITH ('connector' = 'files', 'path' = '"
              + out
              + "', 'format' = 'json') AS SELECT TUMBLE_START(ts, INTERVAL '10' SECOND) AS ws, "
              + "COUNT(*) AS n, SUM(price) AS total FROM bids "
              + "GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)");
      execute(
          connection,
          "CREATE MATERIALIZED VIEW totals AS SELECT auction, COUNT(*) AS n, SUM(price) AS total "
              + "FROM bids GROUP BY auction");
      for (int file = 0; file < FILES_BEFORE; file++) {
        landFile(file);
        awaitCommitted("windows", file);
        awaitCommitted("view-totals", file);
      }
    }
    server.close();
    server = null;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** State and commits: the newest falls back to the one before; the output stays exact. */
  @ParameterizedTest(name = "{0} of {1}, {2}")
  @CsvSource({
    "state, windows, flipped bit",
    "state, windows, truncated",
    "commits, windows, flipped bit",
    "commits, windows, truncated",
    "state, view-totals, flipped bit",
    "state, view-totals, truncated",
    "commits, view-totals, flipped bit",
    "commits, view-totals, truncated",
    "table, view-totals, flipped bit",
    "table, view-totals, truncated"
  })
  void theNewestStateCommitOrTableFallsBackAndTheOutputStaysExact(
      String folder, String checkpoint, String damage) throws Exception {
    Path file = newest(data.resolve("checkpoints").resolve(checkpoint).resolve(folder));
    damage(file, damage);

    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      for (int file2 = FILES_BEFORE; file2 < FILES_BEFORE + FILES_AFTER; file2++) {
        landFile(file2);
      }
      awaitExactOutput(connection);
      assertThat(query(connection, "SELECT query_id, state FROM sys.queries WHERE push"))
          .containsExactlyInAnyOrder("windows | RUNNING", "totals | RUNNING");
    }
  }

  /**
   * Offsets of the batch to resume from and the metadata cannot be fallen back from: the query
   * stops, naming the file and the checksums, and the other query runs on.
   */
  @ParameterizedTest(name = "{0} of {1}, {2}")
  @CsvSource({
    "offsets, windows, totals, flipped bit",
    "offsets, windows, totals, truncated",
    "metadata, windows, totals, flipped bit",
    "metadata, windows, totals, truncated",
    "offsets, view-totals, windows, flipped bit",
    "metadata, view-totals, windows, truncated"
  })
  void damageWithoutFallbackStopsOnlyThatQueryNamingTheFile(
      String kind, String checkpoint, String other, String damage) throws Exception {
    Path folder = data.resolve("checkpoints").resolve(checkpoint);
    Path file = kind.equals("metadata") ? folder.resolve("metadata") : newest(folder.resolve(kind));
    damage(file, damage);
    String name = checkpoint.replace("view-", "");

    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      String row =
          await(
                  name + " to stop",
                  () ->
                      query(
                          connection,
                          "SELECT state, error FROM sys.queries WHERE query_id = '" + name + "'"),
                  rows -> !rows.isEmpty() && rows.get(0).startsWith("FAILED"))
              .get(0);
      assertThat(row)
          .contains("Checkpoint file " + file + " is damaged: ")
          .contains(
              damage.equals("flipped bit") ? "checksum mismatch (expected CRC32C " : "truncated: ")
          .containsPattern("expected CRC32C [0-9a-f]{8}, found [0-9a-f]{8}")
          .contains("RESTART QUERY");
      if (kind.equals("metadata")) {
        assertThat(row).contains("delete it");
      }

      // the other query goes on
      landFile(FILES_BEFORE);
      awaitCommitted(other.equals("totals") ? "view-totals" : "windows", FILES_BEFORE);
      assertThat(
              query(connection, "SELECT state FROM sys.queries WHERE query_id = '" + other + "'"))
          .containsExactly("RUNNING");

      if (kind.equals("metadata")) {
        // what the message advises: the metadata is written again and the query resumes
        Files.delete(file);
        execute(connection, "RESTART QUERY " + name);
        landFile(FILES_BEFORE + 1);
        awaitExactOutput(connection);
      }
    }
  }

  /**
   * With every kept state damaged, and the first batches' offsets no longer kept, there is nothing
   * to fall back to: stopped, named.
   */
  @Test
  void everyKeptStateDamagedStopsTheQuery() throws Exception {
    server = new TestingServer(data);
    int last = FILES_BEFORE + 5;
    for (int file = FILES_BEFORE; file <= last; file++) {
      landFile(file);
      awaitCommitted("windows", file);
    }
    server.close();
    server = null;
    Path checkpoint = data.resolve("checkpoints").resolve("windows");
    assertThat(checkpoint.resolve("offsets").resolve("0")).doesNotExist();
    Path states = checkpoint.resolve("state");
    List<Path> all = files(states);
    assertThat(all).hasSizeGreaterThan(1);
    for (Path file : all) {
      damage(file, "flipped bit");
    }
    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      String row =
          await(
                  "windows to stop",
                  () ->
                      query(
                          connection,
                          "SELECT state, error FROM sys.queries WHERE query_id = 'windows'"),
                  rows -> !rows.isEmpty() && rows.get(0).startsWith("FAILED"))
              .get(0);
      assertThat(row)
          .contains("Checkpoint file " + newest(states) + " is damaged: checksum mismatch")
          .contains("none of the older checkpoints kept");
    }
  }

  /** A damaged catalog file stops the server from starting, naming it and its previous copy. */
  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
    "relations.json, flipped bit",
    "relations.json, truncated",
    "sinks.json, flipped bit",
    "sinks.json, truncated"
  })
  void aDamagedCatalogFileStopsTheServerNamingIt(String name, String damage) throws Exception {
    Path file = data.resolve("catalog").resolve(name);
    damage(file, damage);
    assertThatThrownBy(() -> new TestingServer(data))
        .hasMessageContaining("Catalog file " + file + " is damaged: ")
        .hasMessageContaining(damage.equals("flipped bit") ? "checksum mismatch" : "truncated")
        .hasMessageContaining("copy " + file + ".previous over it");

    // the advice works: the previous copy lacks only the last change (the view's definition is
    // in relations.json, the sink's in sinks.json, each written last)
    Files.copy(
        data.resolve("catalog").resolve(name + ".previous"),
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      assertThat(query(connection, "SELECT query_id FROM sys.queries WHERE push"))
          .containsExactly(name.equals("sinks.json") ? "totals" : "windows");
    }
  }

  /** Files of the previous version, without checksums, are read as they are. */
  @Test
  void checkpointAndCatalogFilesWithoutChecksumsAreStillRead() throws Exception {
    List<Path> stripped = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(data)) {
      for (Path file : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(file) && ChecksummedFiles.isChecksummed(Files.readAllBytes(file))) {
          Files.write(file, ChecksummedFiles.read(file, bytes -> false));
          stripped.add(file);
        }
      }
    }
    assertThat(stripped)
        .extracting(p -> data.relativize(p).getName(0).toString())
        .contains("catalog", "checkpoints");

    server = new TestingServer(data);
    try (Connection connection = server.connect()) {
      for (int file = FILES_BEFORE; file < FILES_BEFORE + FILES_AFTER; file++) {
        landFile(file);
      }
      awaitExactOutput(connection);
    }
  }

  /** File {@code k}: 20 bids, auctions 0-3, 5 seconds of event time from second 5k. */
  private void landFile(int k) throws Exception {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < ROWS_PER_FILE; i++) {
      csv.append(i % 4)
          .append(',')
          .append(k * 100 + i)
          .append(',')
          .append(timestamp(k * 5_000L + i * 200L))
          .append('\n');
    }
    land(in, String.format("%03d.csv", k), csv.toString());
  }

  /** {@code millis} after 2026-01-01 00:00 (under an hour), as CSV and JDBC write it. */
  private static String timestamp(long millis) {
    return String.format(
        "2026-01-01 00:%02d:%02d.%03d", millis / 60_000, millis / 1000 % 60, millis % 1000);
  }

  /** What the sink and view hold once all six files are in: every window up to 00:00:30. */
  private void awaitExactOutput(Connection connection) throws Exception {
    Map<Long, long[]> windows = new TreeMap<>();
    Map<Long, long[]> auctions = new TreeMap<>();
    for (int k = 0; k < FILES_BEFORE + FILES_AFTER; k++) {
      for (int i = 0; i < ROWS_PER_FILE; i++) {
        long ts = k * 5_000L + i * 200L;
        long price = k * 100L + i;
        long[] window = windows.computeIfAbsent(ts / 10_000 * 10_000, w -> new long[2]);
        window[0]++;
        window[1] += price;
        long[] auction = auctions.computeIfAbsent((long) (i % 4), a -> new long[2]);
        auction[0]++;
        auction[1] += price;
      }
    }
    // the last file's window [20 s, 30 s) stays open: the watermark is at 27.8 s
    windows.remove(20_000L);
    List<String> expectedWindows = new ArrayList<>();
    windows.forEach(
        (start, v) -> expectedWindows.add(timestamp(start) + " | " + v[0] + " | " + v[1]));
    List<String> expectedTotals = new ArrayList<>();
    auctions.forEach((a, v) -> expectedTotals.add(a + " | " + v[0] + " | " + v[1]));

    List<String> sinkRows =
        await(
            "the sink's windows",
            () -> query(connection, "SELECT * FROM results"),
            rows -> rows.size() >= expectedWindows.size());
    assertThat(sinkRows).containsExactlyInAnyOrderElementsOf(expectedWindows);
    List<String> viewRows =
        await(
            "the view's totals",
            () -> query(connection, "SELECT * FROM totals"),
            rows -> rows.containsAll(expectedTotals));
    assertThat(viewRows).containsExactlyInAnyOrderElementsOf(expectedTotals);
  }

  /** Waits until checkpoint {@code name} committed batch {@code batch}. */
  private void awaitCommitted(String name, long batch) throws Exception {
    Path commit =
        data.resolve("checkpoints").resolve(name).resolve("commits").resolve(Long.toString(batch));
    await("commit " + commit, () -> Files.exists(commit), done -> done);
  }

  private static Path newest(Path folder) throws Exception {
    return files(folder).stream()
        .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
        .orElseThrow();
  }

  private static List<Path> files(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList();
    }
  }

  /** One bit flipped in the middle of the content, or the second half cut off. */
  private static void damage(Path file, String how) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    assertThat(ChecksummedFiles.isChecksummed(bytes)).as("%s has a checksum", file).isTrue();
    if (how.equals("flipped bit")) {
      int header = indexOf(bytes, (byte) '\n') + 1;
      int at = header + (bytes.length - header) / 2;
      bytes[at] ^= 0x10;
      Files.write(file, bytes);
    } else {
      Files.write(file, Arrays.copyOf(bytes, bytes.length / 2 + 20));
    }
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
