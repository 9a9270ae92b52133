package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users see of decoding: a line that is not UTF-8 is one bad record (the push query goes on,
 * the dead letter names file and line), and timestamps before year 1 print as such over JDBC and in
 * a CSV sink.
 */
@Timeout(60)
class DecodingEndToEndTest {
  @TempDir Path temp;
  private TestingServer server;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("events"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void createEvents(Connection connection, String onError) throws SQLException {
    EndToEnd.execute(
        connection,
        "CREATE STREAM events (id BIGINT, name VARCHAR, ts TIMESTAMP(3)) "
            + "WITH ('connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv', 'on-error' = '"
            + onError
            + "')");
  }

  @Test
  void aLineThatIsNotUtf8IsOneDeadLetterAndThePushQueryGoesOn() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      createEvents(connection, "dead-letter");
      ResultSet rs = statement.executeQuery("SELECT STREAM id, name FROM events");

      ByteArrayOutputStream content = new ByteArrayOutputStream();
      content.writeBytes("1,ann,0\n".getBytes(StandardCharsets.UTF_8));
      content.writeBytes(new byte[] {'2', ',', 'b', (byte) 0xFF, 'b', ',', '0', '\n'});
      content.writeBytes("3,cy,0\n".getBytes(StandardCharsets.UTF_8));
      Path bad = land(input, "001.csv", content.toByteArray());

      assertThat(rows(rs, 2)).containsExactly("1 | ann", "3 | cy");
      assertThat(
              EndToEnd.await(
                  "the dead letter of line 2",
                  () ->
                      EndToEnd.query(
                          connection, "SELECT source_position, error, raw FROM sys.dead_letters"),
                  letters -> !letters.isEmpty()))
          .containsExactly(
              "file '"
                  + bad
                  + "' line 2 | the record is not valid UTF-8: byte 0xFF at byte 4 | 2,b\uFFFDb,0");
      // the query did not stop: a later file still arrives
      land(input, "002.csv", "4,di,0\n".getBytes(StandardCharsets.UTF_8));
      assertThat(rows(rs, 1)).containsExactly("4 | di");
    }
  }

  @Test
  void timestampsBeforeYearOnePrintOverJdbcAndInACsvSink() throws Exception {
    Path output = temp.resolve("out");
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      createEvents(connection, "fail");
      ResultSet rs = statement.executeQuery("SELECT STREAM id, ts FROM events");
      EndToEnd.execute(
          connection,
          "CREATE SINK old_times WITH ('connector' = 'files', 'path' = '"
              + output
              + "', 'format' = 'csv') AS SELECT id, ts FROM events");
      // epoch millis: 2 BC (year -1) begins; the last millisecond of 1 BC (year 0); 1970
      land(
          input,
          "001.csv",
          "1,a,-62198755200000\n2,b,-62135596800001\n3,c,1970-01-01 00:00:00.250\n"
              .getBytes(StandardCharsets.UTF_8));

      assertThat(rows(rs, 3))
          .containsExactly(
              "1 | -0001-01-01 00:00:00.000",
              "2 | 0000-12-31 23:59:59.999",
              "3 | 1970-01-01 00:00:00.250");
      assertThat(
              EndToEnd.await(
                  "the sink's file", () -> sinkLines(output), lines -> lines.size() == 3))
          .containsExactly(
              "1,-0001-01-01 00:00:00.000",
              "2,0000-12-31 23:59:59.999",
              "3,1970-01-01 00:00:00.250");
    }
  }

  /** The lines of the files a sink made visible in {@code folder}. */
  private static List<String> sinkLines(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".csv"))
          .filter(f -> !f.getFileName().toString().startsWith("_"))
          .sorted()
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  private static Path land(Path directory, String name, byte[] content) throws Exception {
    Path staging = directory.resolve("." + name + ".tmp");
    Files.write(staging, content);
    return Files.move(staging, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }
}
