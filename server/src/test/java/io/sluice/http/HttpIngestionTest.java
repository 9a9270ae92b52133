package io.sluice.http;

import static io.sluice.http.NetworkTesting.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP streams on a real server: records posted with {@code java.net.http} come out of push queries
 * over JDBC; bad records, sizes, budgets and unknown streams are refused with what is wrong, and a
 * refused post leaves nothing in the log.
 */
@Timeout(120)
class HttpIngestionTest {
  @TempDir Path temp;
  private TestingServer server;
  private HttpClient http;

  @BeforeEach
  void start() {
    server =
        new TestingServer(
            temp.resolve("data"), Map.of(SluiceConfig.INGEST_MAX_BODY_BYTES, "100000"));
    http = NetworkTesting.http();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String stream, String type, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.server().webUrl() + "api/streams/" + stream))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> take(ResultSet rs, int count) throws Exception {
    List<String> rows = new ArrayList<>();
    int columns = rs.getMetaData().getColumnCount();
    for (int i = 0; i < count; i++) {
      assertThat(rs.next()).as("row %s of %s after %s", i + 1, count, rows).isTrue();
      StringBuilder row = new StringBuilder();
      for (int c = 1; c <= columns; c++) {
        row.append(c > 1 ? " | " : "").append(rs.getString(c));
      }
      rows.add(row.toString());
    }
    return rows;
  }

  private long logBytes(String stream) throws Exception {
    Path folder = temp.resolve("data").resolve("streams").resolve(stream);
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      long total = 0;
      for (Path file : files.toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }

  @Test
  void postedRecordsComeOutOfAPushQuery() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM clicks (id BIGINT, page VARCHAR, ms INT)"
              + " WITH ('connector' = 'http', 'format' = 'json')");
      ResultSet rs =
          statement.executeQuery("SELECT STREAM id, UPPER(page) AS page FROM clicks WHERE ms > 10");

      HttpResponse<String> lines =
          post(
              "clicks",
              "application/x-ndjson",
              "{\"id\": 1, \"page\": \"home\", \"ms\": 5}\n"
                  + "{\"id\": 2, \"page\": \"cart\", \"ms\": 50}\r\n\n"
                  + "{\"id\": 3, \"page\": \"pay\", \"ms\": 70}\n");
      assertThat(lines.statusCode()).as(lines.body()).isEqualTo(200);
      assertThat(lines.body()).contains("\"accepted\":3").contains("\"skipped\":0");
      assertThat(take(rs, 2)).containsExactly("2 | CART", "3 | PAY");

      HttpResponse<String> array =
          post(
              "clicks",
              "application/json",
              "[{\"id\": 4, \"page\": \"a\", \"ms\": 11}, {\"id\": 5, \"page\": \"b\", \"ms\": 1}]");
      assertThat(array.statusCode()).as(array.body()).isEqualTo(200);
      assertThat(take(rs, 1)).containsExactly("4 | A");
    }
  }

  @Test
  void csvRecordsArePostedLineByLine() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM temps (sensor VARCHAR, celsius DOUBLE)"
              + " WITH ('connector' = 'http', 'format' = 'csv')");
      ResultSet rs = statement.executeQuery("SELECT STREAM sensor, celsius FROM temps");
      HttpResponse<String> response = post("temps", "text/csv", "s1,20.5\ns2,-3\n");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(take(rs, 2)).containsExactly("s1 | 20.5", "s2 | -3.0");
    }
  }

  @Test
  void aRefusedBodyLeavesNothingInTheLog() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM orders (id BIGINT NOT NULL, amount DOUBLE)"
              + " WITH ('connector' = 'http', 'format' = 'json', 'on-error' = 'fail')");
      HttpResponse<String> bad =
          post(
              "orders",
              "application/x-ndjson",
              "{\"id\": 1, \"amount\": 2.5}\n{\"id\": \"x\", \"amount\": 1}\n{\"id\": 3}\n");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body())
          .contains("Bad record in 'orders', line 2")
          .contains("id")
          .contains("nothing of this request was accepted");
      HttpResponse<String> missing =
          post("orders", "application/x-ndjson", "{\"id\": 4}\n{\"amount\": 1}\n");
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(missing.body()).contains("line 2").contains("NOT NULL");
      HttpResponse<String> broken = post("orders", "application/json", "[{\"id\": 1},");
      assertThat(broken.statusCode()).isEqualTo(400);
      assertThat(broken.body()).contains("not a JSON array");
      HttpResponse<String> tooLarge =
          post("orders", "application/x-ndjson", "{\"id\": 7}\n".repeat(20_000));
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(tooLarge.body()).contains("sluice.ingest.max-body-bytes");
      assertThat(logBytes("orders")).isZero();

      HttpResponse<String> good = post("orders", "application/x-ndjson", "{\"id\": 9}\n");
      assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
      long oneRecord = logBytes("orders");
      assertThat(oneRecord).isEqualTo(8 + "{\"id\": 9}".length());
      ResultSet rs = statement.executeQuery("SELECT STREAM id, amount FROM orders");
      assertThat(take(rs, 1)).containsExactly("9 | null");
    }
  }

  @Test
  void badRecordsAreSkippedOrDeadLetteredWithCounts() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM a (id BIGINT) WITH ('connector' = 'http', 'format' = 'json')");
      statement.execute(
          "CREATE STREAM b (id BIGINT) WITH ('connector' = 'http', 'format' = 'json',"
              + " 'on-error' = 'dead-letter')");
      HttpResponse<String> skipped =
          post("a", "application/x-ndjson", "{\"id\": 1}\nnot json\n{\"id\": 2}\n");
      assertThat(skipped.statusCode()).isEqualTo(200);
      assertThat(skipped.body()).contains("\"accepted\":2").contains("\"skipped\":1");
      HttpResponse<String> dead = post("b", "application/x-ndjson", "{\"id\": 1}\n{\"id\": [1]}\n");
      assertThat(dead.statusCode()).isEqualTo(200);
      assertThat(dead.body()).contains("\"accepted\":1").contains("\"dead_lettered\":1");
      assertThat(query(connection, "SELECT relation, source_position, raw FROM sys.dead_letters"))
          .containsExactly("b | posted line 2 | {\"id\": [1]}");
      ResultSet rs = statement.executeQuery("SELECT STREAM id FROM a");
      assertThat(take(rs, 2)).containsExactly("1", "2");
    }
  }

  @Test
  void postsToWhatIsNoHttpStreamAreRefusedNamingIt() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM gen (id BIGINT) WITH ('connector' = 'files', 'format' = 'json', 'path' = '"
              + Files.createDirectories(temp.resolve("in"))
              + "')");
      statement.execute(
          "CREATE STREAM h (id BIGINT) WITH ('connector' = 'http', 'format' = 'json')");
    }
    HttpResponse<String> unknown = post("nope", "application/json", "{\"id\": 1}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("No stream 'nope'");
    HttpResponse<String> datagen = post("gen", "application/json", "{\"id\": 1}");
    assertThat(datagen.statusCode()).isEqualTo(400);
    assertThat(datagen.body())
        .contains("Stream 'gen' has connector 'files'")
        .contains("'connector' = 'http'");
    HttpResponse<String> plain = post("h", "text/plain", "{\"id\": 1}");
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(plain.body()).contains("application/x-ndjson");
    assertThat(logBytes("h")).isZero();
  }

  @Test
  void aFullLogAnswers429WithRetryAfter() throws Exception {
    try (Connection connection = server.connect()) {
      NetworkTesting.execute(
          connection,
          "CREATE STREAM small (id BIGINT) WITH ('connector' = 'http', 'format' = 'json',"
              + " 'log.max-bytes' = '100')");
    }
    String record = "{\"id\": 12345}\n";
    HttpResponse<String> first = post("small", "application/json", record.repeat(4));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    HttpResponse<String> second = post("small", "application/json", record.repeat(4));
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).isPresent();
    assertThat(second.body()).contains("'log.max-bytes'").contains("100 bytes");
    assertThat(logBytes("small")).isEqualTo(4 * (8 + record.length() - 1));
  }

  @Test
  void dropStreamDeletesItsLog() throws Exception {
    try (Connection connection = server.connect()) {
      NetworkTesting.execute(
          connection,
          "CREATE STREAM gone (id BIGINT) WITH ('connector' = 'http', 'format' = 'json')");
      assertThat(post("gone", "application/json", "{\"id\": 1}").statusCode()).isEqualTo(200);
      Path folder = temp.resolve("data").resolve("streams").resolve("gone");
      assertThat(folder).isDirectory();
      NetworkTesting.execute(connection, "DROP STREAM gone");
      assertThat(folder).doesNotExist();
      NetworkTesting.execute(
          connection,
          "CREATE STREAM gone (id BIGINT) WITH ('connector' = 'http', 'format' = 'json')");
      assertThat(post("gone", "application/json", "{\"id\": 2}").statusCode()).isEqualTo(200);
      try (Statement statement = connection.createStatement()) {
        ResultSet rs = statement.executeQuery("SELECT STREAM id FROM gone");
        assertThat(take(rs, 1)).containsExactly("2");
      }
    }
  }

  @Test
  void concurrentPostersAreAllAcknowledgedAndEveryRowIsReadOnce() throws Exception {
    int posters = 8;
    int postsEach = 25;
    int recordsPerPost = 20;
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM events (id BIGINT) WITH ('connector' = 'http', 'format' = 'json')");
      ResultSet rs = statement.executeQuery("SELECT STREAM id FROM events");
      ExecutorService pool = Executors.newFixedThreadPool(posters);
      try {
        List<Future<List<Integer>>> statuses = new ArrayList<>();
        for (int p = 0; p < posters; p++) {
          int poster = p;
          statuses.add(
              pool.submit(
                  () -> {
                    List<Integer> codes = new ArrayList<>();
                    for (int i = 0; i < postsEach; i++) {
                      StringBuilder body = new StringBuilder();
                      for (int r = 0; r < recordsPerPost; r++) {
                        long id = ((long) poster * postsEach + i) * recordsPerPost + r;
                        body.append("{\"id\": ").append(id).append("}\n");
                      }
                      codes.add(
                          post("events", "application/x-ndjson", body.toString()).statusCode());
                    }
                    return codes;
                  }));
        }
        for (Future<List<Integer>> status : statuses) {
          assertThat(status.get()).containsOnly(200);
        }
      } finally {
        pool.shutdownNow();
      }
      int total = posters * postsEach * recordsPerPost;
      Set<String> seen = new HashSet<>();
      for (String id : take(rs, total)) {
        assertThat(seen.add(id)).as("id %s read twice", id).isTrue();
      }
      assertThat(seen).hasSize(total);
      assertThat(logBytes("events"))
          .isEqualTo(server.server().engine().streamLogs().sizeBytes("events"));
    }
  }
}
