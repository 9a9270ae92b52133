package io.sluice.protocol;

import static io.sluice.protocol.AvaticaJsonClient.JSON;
import static io.sluice.protocol.AvaticaJsonClient.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.launcher.SluiceServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avatica's JSON protocol spoken over plain HTTP, as a client without Avatica's library (Python,
 * Go, curl) does: typed parameter signatures, every type's value both ways, fetches that hold until
 * rows come, push queries that end, and errors as messages.
 */
@Timeout(60)
class AvaticaJsonProtocolTest {
  private static final String EVERY_TYPE =
      "SELECT CAST(? AS BOOLEAN) AS b, CAST(? AS TINYINT) AS ti, CAST(? AS SMALLINT) AS si, "
          + "CAST(? AS INTEGER) AS i, CAST(? AS BIGINT) AS lo, CAST(? AS BIGINT) AS hi, "
          + "CAST(? AS REAL) AS r, CAST(? AS DOUBLE) AS d, CAST(? AS DECIMAL(12, 3)) AS m, "
          + "CAST(? AS VARCHAR) AS s, CAST(? AS DATE) AS dt, CAST(? AS TIME(3)) AS t, "
          + "CAST(? AS TIMESTAMP(3)) AS ts FROM (VALUES (1)) AS v(x)";

  @TempDir Path temp;
  private SluiceServer server;
  private AvaticaJsonClient client;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = ProtocolServer.start(temp.resolve("data"));
    input = Files.createDirectories(temp.resolve("in"));
    client = new AvaticaJsonClient(server.port());
    client.open();
    client.prepareAndExecute(client.createStatement(), ProtocolServer.csvStream("s", input), 10);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void preparedStatementSignatureTypesEachParameter() throws Exception {
    JsonNode statement =
        client.prepare(
            "SELECT id FROM s WHERE id = ? AND name = ? AND CAST(id AS DOUBLE) < ? "
                + "AND CAST(id AS DECIMAL(10, 2)) > ?");
    List<String> parameters = new ArrayList<>();
    for (JsonNode parameter : statement.get("signature").get("parameters")) {
      parameters.add(
          parameter.get("typeName").asText() + " " + parameter.get("parameterType").asInt());
    }
    assertThat(parameters).containsExactly("BIGINT -5", "VARCHAR 12", "DOUBLE 8", "DECIMAL 3");

    JsonNode everyType = client.prepare(EVERY_TYPE);
    List<Integer> types = new ArrayList<>();
    for (JsonNode parameter : everyType.get("signature").get("parameters")) {
      types.add(parameter.get("parameterType").asInt());
    }
    assertThat(types).containsExactly(16, -6, 5, 4, -5, -5, 7, 8, 3, 12, 91, 92, 93);
  }

  @Test
  void everyTypeRoundTripsExactlyIncludingExtremesAndNull() throws Exception {
    JsonNode statement = client.prepare(EVERY_TYPE);
    ArrayNode values = JSON.createArrayNode();
    values.add(value("BOOLEAN", true));
    values.add(value("BYTE", -128));
    values.add(value("SHORT", 32767));
    values.add(value("INTEGER", Integer.MIN_VALUE));
    values.add(value("LONG", Long.MIN_VALUE));
    values.add(value("LONG", Long.MAX_VALUE));
    values.add(value("FLOAT", 0.1f));
    values.add(value("DOUBLE", -Double.MAX_VALUE));
    values.add(value("NUMBER", new BigDecimal("-123456789.125")));
    values.add(value("STRING", "o'hara é"));
    values.add(value("JAVA_SQL_DATE", 20455)); // 2026-01-02
    values.add(value("JAVA_SQL_TIME", 45_296_789)); // 12:34:56.789
    values.add(value("JAVA_SQL_TIMESTAMP", 1_767_323_045_678L)); // 2026-01-02 03:04:05.678
    JsonNode result = client.execute(statement, values, 10);
    JsonNode row = result.get("firstFrame").get("rows").get(0);
    if (!result.get("firstFrame").get("done").asBoolean()) {
      // the row may come before the query has marked its end: the next frame then says so
      JsonNode next = client.fetch(statement.get("id").asInt(), 1, 10);
      assertThat(next.get("done").asBoolean()).isTrue();
      assertThat(next.get("rows")).isEmpty();
    }
    assertThat(row.get(0).asBoolean()).isTrue();
    assertThat(row.get(1).asLong()).isEqualTo(-128);
    assertThat(row.get(2).asLong()).isEqualTo(32767);
    assertThat(row.get(3).asLong()).isEqualTo(Integer.MIN_VALUE);
    assertThat(row.get(4).asText()).isEqualTo("-9223372036854775808");
    assertThat(row.get(5).asText()).isEqualTo("9223372036854775807");
    assertThat(row.get(6).asText()).isEqualTo("0.1");
    assertThat(row.get(7).doubleValue()).isEqualTo(-Double.MAX_VALUE);
    assertThat(row.get(8).decimalValue()).isEqualByComparingTo("-123456789.125");
    assertThat(row.get(9).asText()).isEqualTo("o'hara é");
    assertThat(row.get(10).asLong()).isEqualTo(20455);
    assertThat(row.get(11).asLong()).isEqualTo(45_296_789);
    assertThat(row.get(12).asLong()).isEqualTo(1_767_323_045_678L);

    List<String> columnTypes = new ArrayList<>();
    for (JsonNode column : result.get("signature").get("columns")) {
      columnTypes.add(column.get("type").get("name").asText());
    }
    assertThat(columnTypes)
        .containsExactly(
            "BOOLEAN",
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "BIGINT",
            "REAL",
            "DOUBLE",
            "DECIMAL",
            "VARCHAR",
            "DATE",
            "TIME",
            "TIMESTAMP");

    ArrayNode nulls = JSON.createArrayNode();
    for (int i = 0; i < 13; i++) {
      nulls.add(value("NULL", null));
    }
    JsonNode nullRow = client.execute(statement, nulls, 10).get("firstFrame").get("rows").get(0);
    for (int i = 0; i < 13; i++) {
      assertThat(nullRow.get(i).isNull()).as("column %s of %s", i + 1, nullRow).isTrue();
    }
  }

  @Test
  void pushQueryFirstFrameAndFetchesHoldUntilRowsCome() throws Exception {
    int statement = client.createStatement();
    long started = System.nanoTime();
    CompletableFuture<JsonNode> first =
        CompletableFuture.supplyAsync(
            () ->
                call(
                    () ->
                        client.prepareAndExecute(statement, "SELECT STREAM id, name FROM s", 100)));
    // a silence: the request holds instead of answering an empty frame
    assertStillWaiting(first, 1500);
    ProtocolServer.land(input, "1.csv", "1,ann\n");
    JsonNode firstFrame = first.get(30, TimeUnit.SECONDS).get("firstFrame");
    assertThat(firstFrame.get("rows").toString()).isEqualTo("[[1,\"ann\"]]");
    assertThat(firstFrame.get("done").asBoolean()).isFalse();
    assertThat(System.nanoTime() - started).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1500));

    CompletableFuture<JsonNode> next =
        CompletableFuture.supplyAsync(() -> call(() -> client.fetch(statement, 1, 100)));
    assertStillWaiting(next, 1500);
    ProtocolServer.land(input, "2.csv", "2,bob\n3,cy\n");
    JsonNode frame = next.get(30, TimeUnit.SECONDS);
    assertThat(frame.get("rows").toString()).isEqualTo("[[2,\"bob\"],[3,\"cy\"]]");
    assertThat(frame.get("done").asBoolean()).isFalse();
    client.closeStatement(statement);
  }

  @Test
  void pushQueriesThatEndDeliverEveryRowThenDone() throws Exception {
    ProtocolServer.land(input, "1.csv", "1,a\n2,b\n3,c\n");
    ProtocolServer.land(input, "2.csv", "4,d\n5,e\n");
    int statement = client.createStatement();
    client.prepareAndExecute(statement, "SET 'trigger' = 'once'", 10);
    assertThat(readAll(statement, "SELECT STREAM id FROM s"))
        .containsExactlyInAnyOrder("1", "2", "3", "4", "5");

    client.prepareAndExecute(statement, "SET 'trigger' = 'default'", 10);
    assertThat(readAll(statement, "SELECT STREAM id FROM s WHERE id > 1 LIMIT 3")).hasSize(3);
  }

  /** Every row of a push query read two at a time, checking no frame is empty and not done. */
  private List<String> readAll(int statement, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    JsonNode frame = client.prepareAndExecute(statement, sql, 2).get("firstFrame");
    while (true) {
      assertThat(frame.get("rows").size() > 0 || frame.get("done").asBoolean())
          .as("a frame with rows or done: %s", frame)
          .isTrue();
      for (JsonNode row : frame.get("rows")) {
        rows.add(row.get(0).asText());
      }
      if (frame.get("done").asBoolean()) {
        return rows;
      }
      frame = client.fetch(statement, rows.size(), 2);
    }
  }

  @Test
  void errorsAreMessagesWithoutStackTracesAndTheConnectionGoesOn() throws Exception {
    int statement = client.createStatement();
    HttpResponse<String> failed =
        client.post(
            "{\"request\": \"prepareAndExecute\", \"connectionId\": \""
                + client.connectionId
                + "\", \"statementId\": "
                + statement
                + ", \"sql\": \"SELECT nope FROM s\", \"maxRowsTotal\": -1}");
    assertThat(failed.statusCode()).isEqualTo(500);
    JsonNode error = JSON.readTree(failed.body());
    assertThat(error.get("response").asText()).isEqualTo("error");
    assertThat(error.get("errorMessage").asText()).contains("Column 'nope' not found");
    assertThat(error.get("sqlState").asText()).isEqualTo("42000");
    assertThat(error.get("exceptions")).isEmpty();
    assertThat(failed.body()).doesNotContain("\tat ", "Exception");

    HttpResponse<String> malformed = client.post("{\"request\": \"prepareAndExecute\", ");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(malformed.body()).get("errorMessage").asText())
        .startsWith("Malformed Avatica JSON request");

    HttpResponse<String> unknownField =
        client.post(
            "{\"request\": \"fetch\", \"connectionId\": \""
                + client.connectionId
                + "\", \"statementId\": 1, \"offset\": 0, \"frameMaxSize\": 5}");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknownField.body()).get("errorMessage").asText())
        .contains("frameMaxSize");

    HttpResponse<String> notOpen =
        client.post("{\"request\": \"createStatement\", \"connectionId\": \"never-opened\"}");
    assertThat(notOpen.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(notOpen.body()).get("errorMessage").asText())
        .isEqualTo("Connection 'never-opened' is not open");

    ProtocolServer.land(input, "1.csv", "1,ann\n");
    assertThat(
            client
                .prepareAndExecute(statement, "SELECT id, name FROM s", 10)
                .get("firstFrame")
                .get("rows")
                .toString())
        .isEqualTo("[[1,\"ann\"]]");
  }

  /** {@code request} has not been answered after {@code millis}: the server holds it. */
  static void assertStillWaiting(CompletableFuture<?> request, long millis) throws Exception {
    try {
      Object answer = request.get(millis, TimeUnit.MILLISECONDS);
      throw new AssertionError("answered before any row came: " + answer);
    } catch (TimeoutException expected) {
      // still waiting, as it should
    }
  }

  /** A call that may throw, for a future. */
  private interface Call<T> {
    T call() throws Exception;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
