package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.kafka.SluiceServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged post survives kill -9 of the server right after the answer: the server runs in a
 * child JVM, killed the moment the last answer arrives, then started again on the same data
 * directory. A persistent query from the stream into a files sink, killed mid-flight, ends with
 * every acknowledged record exactly once.
 */
@Timeout(300)
class HttpIngestionCrashTest {
  private static final int POSTS = 10;
  private static final int RECORDS_PER_POST = 100;

  @TempDir Path temp;

  private static String webUrl(SluiceServerProcess server) {
    // jdbc:sluice://localhost:PORT
    return "http://" + server.url().substring("jdbc:sluice://".length()) + "/";
  }

  private static void postRange(HttpClient http, SluiceServerProcess server, int firstPost)
      throws Exception {
    for (int p = firstPost; p < firstPost + POSTS; p++) {
      StringBuilder body = new StringBuilder();
      for (int r = 0; r < RECORDS_PER_POST; r++) {
        body.append("{\"id\": ").append(p * RECORDS_PER_POST + r).append("}\n");
      }
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(webUrl(server) + "api/streams/events"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
  }

  @Test
  void acknowledgedRecordsSurviveKillNineAndAreCopiedExactlyOnce() throws Exception {
    Path data = temp.resolve("data");
    Path out = temp.resolve("out");
    HttpClient http = NetworkTesting.http();
    SluiceServerProcess first = SluiceServerProcess.start(data, null);
    try {
      try (Connection connection = DriverManager.getConnection(first.url());
          Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE STREAM events (id BIGINT) WITH ('connector' = 'http', 'format' = 'json')");
        statement.execute(
            "CREATE SINK copy WITH ('connector' = 'files', 'path' = '"
                + out
                + "', 'format' = 'json') AS SELECT id FROM events");
      }
      postRange(http, first, 0);
    } finally {
      // kill -9 the moment the last answer is in
      first.close();
    }

    SluiceServerProcess second = SluiceServerProcess.start(data, null);
    try {
      postRange(http, second, POSTS);
      int total = 2 * POSTS * RECORDS_PER_POST;
      try (Connection connection = DriverManager.getConnection(second.url());
          Statement statement = connection.createStatement()) {
        ResultSet rs = statement.executeQuery("SELECT STREAM id FROM events");
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < total; i++) {
          assertThat(rs.next()).as("row %s of %s", i + 1, total).isTrue();
          assertThat(seen.add(rs.getLong(1))).as("id %s twice", rs.getLong(1)).isTrue();
        }
        assertThat(seen).hasSize(total);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      List<String> rows = sinkRows(out);
      while (rows.size() < total && System.nanoTime() < deadline) {
        Thread.sleep(50);
        rows = sinkRows(out);
      }
      List<String> expected = new ArrayList<>();
      for (int id = 0; id < total; id++) {
        expected.add("{\"id\":" + id + "}");
      }
      assertThat(rows).as(second.output()).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      second.close();
    }
  }

  /** Every row in the sink's visible files. */
  private static List<String> sinkRows(Path out) throws Exception {
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
