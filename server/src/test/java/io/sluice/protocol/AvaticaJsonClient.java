package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * A client of Avatica's JSON protocol written against its documented messages with nothing but
 * java.net.http and Jackson, as a client in another language would: no Avatica library.
 */
final class AvaticaJsonClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI endpoint;
  final String connectionId = UUID.randomUUID().toString();

  AvaticaJsonClient(int port) {
    this.endpoint = URI.create("http://localhost:" + port + "/");
  }

  /** A request body with its {@code request} name and this connection's id. */
  ObjectNode request(String name) {
    ObjectNode request = JSON.createObjectNode();
    request.put("request", name);
    request.put("connectionId", connectionId);
    return request;
  }

  /** Posts {@code body}; the raw reply. */
  HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofMinutes(3))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts {@code request}, expects 200 and returns the parsed reply. */
  JsonNode call(ObjectNode request) throws Exception {
    HttpResponse<String> response = post(JSON.writeValueAsString(request));
    assertThat(response.statusCode())
        .as("status of %s: %s", request, response.body())
        .isEqualTo(200);
    return JSON.readTree(response.body());
  }

  void open() throws Exception {
    ObjectNode request = request("openConnection");
    request.putObject("info");
    call(request);
  }

  int createStatement() throws Exception {
    return call(request("createStatement")).get("statementId").asInt();
  }

  /** The first result of running {@code sql} on statement {@code id}. */
  JsonNode prepareAndExecute(int statementId, String sql, int firstFrameRows) throws Exception {
    ObjectNode request = request("prepareAndExecute");
    request.put("statementId", statementId);
    request.put("sql", sql);
    request.put("maxRowsTotal", -1);
    request.put("maxRowsInFirstFrame", firstFrameRows);
    return call(request).get("results").get(0);
  }

  /** The statement handle (with its signature) of preparing {@code sql}. */
  JsonNode prepare(String sql) throws Exception {
    ObjectNode request = request("prepare");
    request.put("sql", sql);
    request.put("maxRowCount", -1);
    return call(request).get("statement");
  }

  /** The first result of executing prepared {@code statement} with typed values. */
  JsonNode execute(JsonNode statement, ArrayNode parameterValues, int firstFrameRows)
      throws Exception {
    ObjectNode request = JSON.createObjectNode();
    request.put("request", "execute");
    request.set("statementHandle", statement);
    request.set("parameterValues", parameterValues);
    request.put("maxRowCount", firstFrameRows);
    return call(request).get("results").get(0);
  }

  /** The next frame of statement {@code id}'s rows from {@code offset}. */
  JsonNode fetch(int statementId, long offset, int maxRows) throws Exception {
    ObjectNode request = request("fetch");
    request.put("statementId", statementId);
    request.put("offset", offset);
    request.put("fetchMaxRowCount", maxRows);
    return call(request).get("frame");
  }

  void closeStatement(int statementId) throws Exception {
    ObjectNode request = request("closeStatement");
    request.put("statementId", statementId);
    call(request);
  }

  void close() throws Exception {
    call(request("closeConnection"));
  }

  /** A typed parameter value: Avatica's serial form of {@code value} under {@code rep}. */
  static ObjectNode value(String rep, Object value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", rep);
    node.set("value", JSON.valueToTree(value));
    return node;
  }
}
