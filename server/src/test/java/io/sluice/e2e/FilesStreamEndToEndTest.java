package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

/** A files stream watched by a push query over the remote JDBC driver, file by file. */
@Timeout(60)
class FilesStreamEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("in"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void landFile(String name, String content) throws Exception {
    Path staging = temp.resolve("." + name);
    Files.writeString(staging, content, StandardCharsets.UTF_8);
    Files.move(staging, input.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private static List<String> take(ResultSet rs, int count) throws Exception {
    List<String> rows = new ArrayList<>();
    int columns = rs.getMetaData().getColumnCount();
    for (int i = 0; i < count; i++) {
      assertThat(rs.next()).as("row %s of %s", i + 1, count).isTrue();
      StringBuilder row = new StringBuilder();
      for (int c = 1; c <= columns; c++) {
        if (c > 1) {
          row.append(" | ");
        }
        row.append(rs.getString(c));
      }
      rows.add(row.toString());
    }
    return rows;
  }

  @Test
  void jsonFilesReachPushQueryAsTheyLand() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM bids (auction BIGINT, price BIGINT, bidder VARCHAR, "
              + "date_time TIMESTAMP(3)) WITH ('connector' = 'files', 'path' = '"
              + input
              + "', 'format' = 'json')");
      ResultSet rs =
          statement.executeQuery(
              "SELECT STREAM auction, price * 2 AS doubled, UPPER(bidder) AS bidder, date_time "
                  + "FROM bids WHERE price > 10");

      landFile(
          "1.json",
          "{\"auction\": 1, \"price\": 5, \"bidder\": \"ann\", "
              + "\"date_time\": \"2026-01-01 00:00:01.5\"}\n"
              + "{\"auction\": 2, \"price\": 20, \"bidder\": \"bob\", "
              + "\"date_time\": \"2026-01-01T00:00:02Z\"}\n");
      assertThat(take(rs, 1)).containsExactly("2 | 40 | BOB | 2026-01-01 00:00:02.000");

      landFile(
          "2.json",
          "{\"auction\": 3, \"price\": 30, \"bidder\": \"cy\", "
              + "\"date_time\": 1767225603000}\n");
      assertThat(take(rs, 1)).containsExactly("3 | 60 | CY | 2026-01-01 00:00:03.000");

      landFile(
          "3.json",
          "{\"auction\": 4, \"price\": 11, \"bidder\": \"di\", "
              + "\"date_time\": \"2026-01-01 00:00:04\"}\n"
              + "{\"auction\": 5, \"price\": 1, \"bidder\": \"ed\", "
              + "\"date_time\": \"2026-01-01 00:00:05\"}\n");
      assertThat(take(rs, 1)).containsExactly("4 | 22 | DI | 2026-01-01 00:00:04.000");
    }
  }
}
