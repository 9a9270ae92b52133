package io.sluice.e2e;

import static io.sluice.e2e.EndToEnd.land;
import static io.sluice.e2e.EndToEnd.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.parquet.AvroSchemas;
import io.sluice.connector.parquet.ParquetFiles;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed input in each format — truncated JSON, wrong CSV arity, a file that is not Parquet, a 2
 * MB record that does not fit — under each {@code on-error} policy, seen over JDBC: skip drops and
 * counts, fail stops the query naming the record, dead-letter also keeps the records in {@code
 * sys.dead_letters}, across a restart.
 */
@Timeout(60)
class BadRecordsEndToEndTest {
  private static final String HUGE = "x".repeat(2 * 1024 * 1024);
  private static final String PUSH_QUERY = "SELECT STREAM id, CHAR_LENGTH(name) FROM events";

  /** The good records of every format's input: a small one, and a 2 MB one that fits. */
  private static final List<String> GOOD_ROWS = List.of("1 | 3", "3 | " + HUGE.length());

  /** Parquet input as another tool might write it: ids as strings. */
  private static final Schema STRING_IDS =
      AvroSchemas.of(
          List.of(
              new Column("id", ColumnType.VARCHAR, -1, -1, false),
              new Column("name", ColumnType.VARCHAR, -1, -1, false)));

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

  /** One bad record of the input: where it is, what its error and raw text start with. */
  private record Bad(String position, String error, String rawStart) {}

  private void createEvents(Connection connection, String format, String onError)
      throws SQLException {
    EndToEnd.execute(
        connection,
        "CREATE STREAM events (id BIGINT, name VARCHAR) WITH ("
            + "'connector' = 'files', 'path' = '"
            + input
            + "', 'format' = '"
            + format
            + "', "
            + "'on-error' = '"
            + onError
            + "')");
  }

  /** Lands the format's malformed input (good rows {@link #GOOD_ROWS}); returns its bad records. */
  private List<Bad> landMalformed(String format) throws Exception {
    switch (format) {
      case "json":
        {
          Path file =
              land(
                  input,
                  "a.json",
                  String.join(
                      "\n",
                      "{\"id\": 1, \"name\": \"one\"}",
                      "{\"id\": 2, \"name\": \"tr",
                      "{\"id\": 3, \"name\": \"" + HUGE + "\"}",
                      "{\"id\": \"" + HUGE + "\", \"name\": \"big\"}",
                      ""));
          return List.of(
              new Bad("file '" + file + "' line 2", "Malformed JSON", "{\"id\": 2"),
              new Bad(
                  "file '" + file + "' line 4", "Column 'id' expects BIGINT", "{\"id\": \"xxx"));
        }
      case "csv":
        {
          Path file =
              land(
                  input,
                  "a.csv",
                  String.join("\n", "1,one", "2", "3," + HUGE, HUGE + ",big,extra", ""));
          return List.of(
              new Bad("file '" + file + "' line 2", "Expected 2 fields, got 1", "2"),
              new Bad("file '" + file + "' line 4", "Expected 2 fields, got 3", "xxx"));
        }
      default:
        {
          // the 2 MB id is no number
          List<GenericRecord> records = new ArrayList<>();
          for (String[] row : new String[][] {{"1", "one"}, {HUGE, "big"}, {"3", HUGE}}) {
            GenericRecord record = new GenericData.Record(STRING_IDS);
            record.put("id", row[0]);
            record.put("name", row[1]);
            records.add(record);
          }
          Path hidden = input.resolve(".a.parquet");
          ParquetFiles.write(hidden, STRING_IDS, records);
          Path good =
              Files.move(hidden, input.resolve("a.parquet"), StandardCopyOption.ATOMIC_MOVE);
          Path corrupt = land(input, "b.parquet", "PAR1 but nothing a Parquet reader wants");
          return List.of(
              new Bad("file '" + good + "' row 2", "Column 'id' expects BIGINT", "{\"id\": \"xxx"),
              new Bad("file '" + corrupt + "'", "Cannot read Parquet file", null));
        }
    }
  }

  /** The latest bad-record total of a query in sys.query_progress (-1: no batch yet). */
  private static long badRecords(Connection connection, String queryId) throws SQLException {
    List<String> totals = EndToEnd.progress(connection, queryId, "bad_records");
    return totals.isEmpty() ? -1 : Long.parseLong(totals.get(totals.size() - 1));
  }

  /** sys.dead_letters as rows of (relation, source_position, error, raw, received). */
  private static List<List<String>> deadLetters(Connection connection) throws SQLException {
    List<List<String>> letters = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT relation, source_position, error, raw, "
                    + "received FROM sys.dead_letters")) {
      while (rs.next()) {
        letters.add(
            Arrays.asList(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5)));
      }
    }
    return letters;
  }

  /** Runs the push query, lands the input and returns its bad records once the rows are in. */
  private List<Bad> readThroughPushQuery(
      Connection connection, Connection monitor, Statement statement, String format)
      throws Exception {
    ResultSet rs = statement.executeQuery(PUSH_QUERY);
    String queryId = EndToEnd.runningQueryId(monitor, PUSH_QUERY);
    List<Bad> bad = landMalformed(format);
    assertThat(rows(rs, 2)).containsExactlyElementsOf(GOOD_ROWS);
    EndToEnd.await(
        "2 bad records in the progress of " + queryId,
        () -> badRecords(monitor, queryId),
        count -> count == 2);
    return bad;
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "parquet"})
  void skipDropsAndCountsBadRecordsAndKeepsNone(String format) throws Exception {
    try (Connection connection = server.connect();
        Connection monitor = server.connect();
        Statement statement = connection.createStatement()) {
      createEvents(connection, format, "skip");

      readThroughPushQuery(connection, monitor, statement, format);

      assertThat(deadLetters(monitor)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "parquet"})
  void failStopsTheQueryNamingTheFirstBadRecord(String format) throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      createEvents(connection, format, "fail");
      ResultSet rs = statement.executeQuery(PUSH_QUERY);
      Bad first = landMalformed(format).get(0);

      assertThatThrownBy(rs::next)
          .isInstanceOf(SQLException.class)
          .hasMessageContainingAll("'events'", first.position(), first.error());
      assertThat(deadLetters(connection)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "parquet"})
  void deadLetterKeepsBadRecordsQueryableOnceAndAcrossARestart(String format) throws Exception {
    List<List<String>> letters;
    try (Connection connection = server.connect();
        Connection monitor = server.connect();
        Statement statement = connection.createStatement()) {
      createEvents(connection, format, "dead-letter");

      List<Bad> bad = readThroughPushQuery(connection, monitor, statement, format);

      // files are read by parallel subtasks: letters come in the order the files' reads found them
      letters = byPosition(deadLetters(monitor));
      bad = new java.util.ArrayList<>(bad);
      bad.sort(java.util.Comparator.comparing(Bad::position));
      assertThat(letters).hasSize(2);
      for (int i = 0; i < 2; i++) {
        List<String> letter = letters.get(i);
        Bad expected = bad.get(i);
        assertThat(letter.get(0)).isEqualTo("events");
        assertThat(letter.get(1)).isEqualTo(expected.position());
        assertThat(letter.get(2)).startsWith(expected.error()).hasSizeLessThan(1_100);
        if (expected.rawStart() == null) {
          assertThat(letter.get(3)).isNull();
        } else {
          assertThat(letter.get(3)).startsWith(expected.rawStart()).hasSizeLessThan(4_200);
        }
        assertThat(letter.get(4)).isNotNull();
      }
      // the 2 MB record is kept cut, saying how long it was
      assertThat(letters)
          .extracting(letter -> letter.get(3))
          .filteredOn(Objects::nonNull)
          .anySatisfy(raw -> assertThat(raw).endsWith("characters in all]"));
      // another query reading the same records adds no second copy
      assertThat(EndToEnd.query(monitor, "SELECT COUNT(*) FROM events")).containsExactly("2");
      assertThat(byPosition(deadLetters(monitor))).isEqualTo(letters);
    }

    server.restart();

    try (Connection connection = server.connect()) {
      assertThat(byPosition(deadLetters(connection))).isEqualTo(letters);
    }
  }

  /** Dead letters by where their record was: files read at once find theirs in any order. */
  private static List<List<String>> byPosition(List<List<String>> letters) {
    List<List<String>> sorted = new java.util.ArrayList<>(letters);
    sorted.sort(java.util.Comparator.comparing(letter -> letter.get(1)));
    return sorted;
  }
}
