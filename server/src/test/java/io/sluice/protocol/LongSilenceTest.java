package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.launcher.SluiceServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A push query whose input falls silent for 70 seconds, longer than the server's idle timeout (30
 * s, {@code sluice.http.request-timeout-ms}) and than proxies' usual 60 seconds, read at once by a
 * plain HTTP client of the JSON protocol, the stock Avatica driver over protobuf and over JSON, and
 * the Sluice driver: each gets the next row when it comes, and the plain client's fetch is one
 * request held through the whole silence, never an empty frame that is not done.
 *
 * <p>Runs beside the other test classes: it waits out the silence on its own server and port.
 */
@Execution(ExecutionMode.CONCURRENT)
class LongSilenceTest {
  private static final Duration SILENCE = Duration.ofSeconds(70);

  @TempDir Path temp;

  @Test
  @Timeout(180)
  void everyClientGetsTheNextRowAfterASeventySecondSilence() throws Exception {
    Path input = Files.createDirectories(temp.resolve("in"));
    ProtocolServer.land(input, "1.csv", "1,ann\n");
    ExecutorService readers = Executors.newCachedThreadPool();
    try (SluiceServer server = ProtocolServer.start(temp.resolve("data"))) {
      AvaticaJsonClient plain = new AvaticaJsonClient(server.port());
      plain.open();
      int statement = plain.createStatement();
      plain.prepareAndExecute(statement, ProtocolServer.csvStream("s", input), 10);
      JsonNode first = plain.prepareAndExecute(statement, "SELECT STREAM id, name FROM s", 100);
      assertThat(first.get("firstFrame").get("rows").toString()).isEqualTo("[[1,\"ann\"]]");

      String stock = "jdbc:avatica:remote:url=http://localhost:" + server.port();
      Map<String, String> jdbcClients =
          Map.of(
              "stock protobuf", stock + ";serialization=protobuf",
              "stock json", stock + ";serialization=json",
              "sluice", server.jdbcUrl());
      Map<String, Future<List<String>>> jdbcRows = new java.util.TreeMap<>();
      List<Connection> connections = new ArrayList<>();
      for (Map.Entry<String, String> client : jdbcClients.entrySet()) {
        Connection connection = DriverManager.getConnection(client.getValue());
        connections.add(connection);
        jdbcRows.put(client.getKey(), readers.submit(twoRows(connection)));
      }

      long silenceStarted = System.nanoTime();
      // The silence is timed from the plain client's first fetch: the reader thread may start
      // late on a loaded machine.
      CountDownLatch fetching = new CountDownLatch(1);
      Future<List<JsonNode>> plainFrames =
          readers.submit(
              () -> {
                List<JsonNode> frames = new ArrayList<>();
                JsonNode frame;
                do {
                  long asked = System.nanoTime();
                  fetching.countDown();
                  frame = plain.fetch(statement, 1, 100);
                  frame =
                      ((com.fasterxml.jackson.databind.node.ObjectNode) frame)
                          .put("heldMillis", (System.nanoTime() - asked) / 1_000_000);
                  frames.add(frame);
                } while (frame.get("rows").isEmpty() && !frame.get("done").asBoolean());
                return frames;
              });
      assertThat(fetching.await(30, TimeUnit.SECONDS)).as("plain client fetching").isTrue();
      Thread.sleep(SILENCE.toMillis()); // the silence itself, not a wait for a condition
      for (Map.Entry<String, Future<List<String>>> rows : jdbcRows.entrySet()) {
        assertThat(rows.getValue().isDone()).as("%s still waiting", rows.getKey()).isFalse();
      }
      assertThat(plainFrames.isDone()).as("plain client still waiting").isFalse();
      // two rows: Avatica's Java iterator hands out a frame's last row only once it has fetched
      // the next frame, so the stock driver shows row 2 when row 3 has come
      ProtocolServer.land(input, "2.csv", "2,bob\n3,cy\n");

      List<JsonNode> frames = plainFrames.get(30, TimeUnit.SECONDS);
      assertThat(frames).as("one fetch, held through the silence").hasSize(1);
      assertThat(frames.get(0).get("rows").toString()).isEqualTo("[[2,\"bob\"],[3,\"cy\"]]");
      assertThat(frames.get(0).get("done").asBoolean()).isFalse();
      assertThat(frames.get(0).get("heldMillis").asLong())
          .isGreaterThanOrEqualTo(SILENCE.toMillis());
      for (Map.Entry<String, Future<List<String>>> rows : jdbcRows.entrySet()) {
        assertThat(rows.getValue().get(30, TimeUnit.SECONDS))
            .as(rows.getKey())
            .containsExactly("1 | ann", "2 | bob");
      }
      assertThat(System.nanoTime() - silenceStarted).isGreaterThan(SILENCE.toNanos());
      for (Connection connection : connections) {
        connection.close();
      }
      plain.close();
    } finally {
      readers.shutdownNow();
    }
  }

  /** Runs the push query on {@code connection} and returns its first two rows. */
  private static Callable<List<String>> twoRows(Connection connection) {
    return () -> {
      List<String> rows = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT STREAM id, name FROM s")) {
        while (rows.size() < 2 && rs.next()) {
          rows.add(rs.getLong(1) + " | " + rs.getString(2));
        }
      }
      return rows;
    };
  }
}
