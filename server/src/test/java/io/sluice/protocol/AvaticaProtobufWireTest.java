package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.sluice.launcher.SluiceServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.proto.Responses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avatica's protobuf protocol byte for byte over plain HTTP, as a non-Java client (phoenixdb)
 * speaks it: malformed requests are refused alone, with messages and no stack traces, and leave
 * every other client's work and {@code close()} unharmed; REAL values read as phoenixdb reads them.
 */
@Timeout(60)
class AvaticaProtobufWireTest {
  @TempDir Path temp;
  private SluiceServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = ProtocolServer.start(temp.resolve("data"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> post(byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/"))
            .header("Content-Type", "application/x-google-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] wire(Message request) {
    return Common.WireMessage.newBuilder()
        .setName(request.getClass().getName())
        .setWrappedMessage(request.toByteString())
        .build()
        .toByteArray();
  }

  /** The error a reply carries, checked to have a message and no stack trace. */
  private static Responses.ErrorResponse error(HttpResponse<byte[]> reply) throws Exception {
    Common.WireMessage wire = Common.WireMessage.parseFrom(reply.body());
    assertThat(wire.getName()).isEqualTo(Responses.ErrorResponse.class.getName());
    Responses.ErrorResponse error = Responses.ErrorResponse.parseFrom(wire.getWrappedMessage());
    assertThat(error.getExceptionsList()).as("stack traces").isEmpty();
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).doesNotContain("\tat ");
    return error;
  }

  @Test
  void malformedRequestsAffectOnlyThemselves() throws Exception {
    String stockUrl =
        "jdbc:avatica:remote:url=http://localhost:" + server.port() + ";serialization=protobuf";
    Connection before = DriverManager.getConnection(stockUrl);
    Connection oursBefore = DriverManager.getConnection(server.jdbcUrl());
    assertThat(one(before, "SELECT 1 FROM (VALUES (1)) AS v(x)")).isEqualTo("1");

    HttpResponse<byte[]> garbage = post("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(error(garbage).getErrorMessage()).startsWith("Malformed Avatica protobuf request");

    HttpResponse<byte[]> unknownType =
        post(
            Common.WireMessage.newBuilder()
                .setName("org.example.Nonsense")
                .setWrappedMessage(ByteString.copyFromUtf8("x"))
                .build()
                .toByteArray());
    assertThat(unknownType.statusCode()).isEqualTo(400);
    assertThat(error(unknownType).getErrorMessage()).contains("org.example.Nonsense");

    // requests of real types without the connection they must name: once, a statement created
    // this way broke Connection.close() for every client until a restart
    for (Message request :
        List.<Message>of(
            Requests.CreateStatementRequest.getDefaultInstance(),
            Requests.PrepareAndExecuteRequest.newBuilder().setSql("SELECT 1").build(),
            Requests.PrepareRequest.newBuilder().setSql("SELECT 1").build(),
            Requests.FetchRequest.newBuilder().setStatementId(1).build(),
            Requests.ConnectionSyncRequest.getDefaultInstance(),
            Requests.OpenConnectionRequest.getDefaultInstance())) {
      HttpResponse<byte[]> reply = post(wire(request));
      assertThat(reply.statusCode()).as("%s", request.getClass()).isEqualTo(500);
      assertThat(error(reply).getErrorMessage())
          .as("%s", request.getClass())
          .isEqualTo(
              "Malformed request: "
                  + request.getClass().getSimpleName()
                  + " needs a connection_id");
    }
    HttpResponse<byte[]> closeNothing =
        post(wire(Requests.CloseConnectionRequest.getDefaultInstance()));
    assertThat(closeNothing.statusCode()).isEqualTo(200);

    // every client's work and close() go on
    assertThat(one(before, "SELECT 2 FROM (VALUES (1)) AS v(x)")).isEqualTo("2");
    assertThat(one(oursBefore, "SELECT 3 FROM (VALUES (1)) AS v(x)")).isEqualTo("3");
    before.close();
    oursBefore.close();
    try (Connection after = DriverManager.getConnection(stockUrl);
        Connection oursAfter = DriverManager.getConnection(server.jdbcUrl())) {
      assertThat(one(after, "SELECT 4 FROM (VALUES (1)) AS v(x)")).isEqualTo("4");
      assertThat(one(oursAfter, "SELECT 5 FROM (VALUES (1)) AS v(x)")).isEqualTo("5");
    }
  }

  private static String one(Connection connection, String sql) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void realValuesCarryTheDoubleThatPhoenixdbReads() throws Exception {
    String connection = UUID.randomUUID().toString();
    post(wire(Requests.OpenConnectionRequest.newBuilder().setConnectionId(connection).build()));
    Common.WireMessage created =
        Common.WireMessage.parseFrom(
            post(wire(
                    Requests.CreateStatementRequest.newBuilder()
                        .setConnectionId(connection)
                        .build()))
                .body());
    int statement =
        Responses.CreateStatementResponse.parseFrom(created.getWrappedMessage()).getStatementId();
    HttpResponse<byte[]> reply =
        post(
            wire(
                Requests.PrepareAndExecuteRequest.newBuilder()
                    .setConnectionId(connection)
                    .setStatementId(statement)
                    .setSql(
                        "SELECT CAST(0.1 AS REAL) AS r, CAST(-3.5 AS REAL) AS n, "
                            + "CAST(NULL AS REAL) AS z, CAST(0.1 AS DOUBLE) AS d "
                            + "FROM (VALUES (1)) AS v(x)")
                    .setMaxRowCount(-1)
                    .build()));
    assertThat(reply.statusCode()).isEqualTo(200);
    Responses.ExecuteResponse execute =
        Responses.ExecuteResponse.parseFrom(
            Common.WireMessage.parseFrom(reply.body()).getWrappedMessage());
    Responses.ResultSetResponse result = execute.getResults(0);
    // phoenixdb maps JDBC type 7 (REAL) to double_value
    assertThat(result.getSignature().getColumns(0).getType().getId()).isEqualTo(7);
    List<Object> values = new ArrayList<>();
    for (Common.ColumnValue column : result.getFirstFrame().getRows(0).getValueList()) {
      Common.TypedValue value = column.getScalarValue();
      values.add(value.getNull() ? null : value.getDoubleValue());
    }
    assertThat(values).containsExactly(0.1, -3.5, null, 0.1);
    // and Avatica's own clients still read the float's bits, exactly
    Common.TypedValue real = result.getFirstFrame().getRows(0).getValue(0).getScalarValue();
    assertThat(real.getType()).isEqualTo(Common.Rep.FLOAT);
    assertThat(Float.intBitsToFloat((int) real.getNumberValue())).isEqualTo(0.1f);
  }
}
