package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.execute;
import static io.sluice.e2e.EndToEnd.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's functions whose value no scenario can fix: NOW() and UNIX_TIMESTAMP() read the clock
 * while the query runs, UUID() gives every row its own random UUID.
 */
@Timeout(60)
class NonDeterministicFunctionsEndToEndTest {
  private static final int ROWS = 50;

  @TempDir Path temp;
  private TestingServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    Path input = Files.createDirectories(temp.resolve("in"));
    EndToEnd.land(
        input,
        "1.json",
        IntStream.range(0, ROWS)
            .mapToObj(i -> "{\"id\": " + i + "}\n")
            .collect(Collectors.joining()));
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE STREAM s (id INTEGER) WITH ('connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'json')");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void nowAndUnixTimestampAreTheClockWhileTheQueryRuns() throws Exception {
    try (Connection connection = server.connect()) {
      long before = Instant.now().getEpochSecond();
      List<String> rows =
          query(connection, "SELECT NOW(), CURRENT_TIMESTAMP, UNIX_TIMESTAMP() FROM s");
      long after = Instant.now().getEpochSecond();

      assertThat(rows).hasSize(ROWS);
      for (String row : rows) {
        String[] values = row.split(" \\| ");
        // NOW() is CURRENT_TIMESTAMP: the same TIMESTAMP(0), in UTC
        assertThat(values[0]).isEqualTo(values[1]);
        long now = LocalDateTime.parse(values[0].replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        assertThat(now).isBetween(before, after);
        assertThat(Long.parseLong(values[2])).isBetween(before, after);
      }
    }
  }

  @Test
  void uuidIsAVersion4UuidOfItsOwnForEveryRow() throws Exception {
    try (Connection connection = server.connect()) {
      List<String> uuids = query(connection, "SELECT UUID() FROM s");

      assertThat(uuids).hasSize(ROWS);
      Set<String> distinct = new HashSet<>();
      for (String text : uuids) {
        UUID uuid = UUID.fromString(text);
        // the canonical lower-case text of a random (version 4, IETF variant) UUID
        assertThat(uuid.toString()).isEqualTo(text);
        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
        distinct.add(text);
      }
      assertThat(distinct).hasSize(ROWS);
    }
  }
}
