package io.sluice.http;

import static io.sluice.http.NetworkTesting.PASSWORD;
import static io.sluice.http.NetworkTesting.await;
import static io.sluice.http.NetworkTesting.basic;
import static io.sluice.http.NetworkTesting.connect;
import static io.sluice.http.NetworkTesting.execute;
import static io.sluice.http.NetworkTesting.get;
import static io.sluice.http.NetworkTesting.query;
import static io.sluice.http.NetworkTesting.usersFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's API is read-only: POST, PUT and DELETE to its {@code /api/...} paths (the queries
 * list, a query, an action on a query) are refused with 405 or 404 and change nothing, with
 * authentication off and on (then as an admin, so it is not the login that refuses), even when the
 * body is a genuine Avatica request with Avatica's content type.
 */
@Timeout(120)
class WebUiApiReadOnlyTest {
  private static final HttpClient HTTP = NetworkTesting.http();

  @TempDir Path temp;

  @Test
  void writesToTheApiAreRefusedWithoutAuthentication() throws Exception {
    try (TestingServer server = new TestingServer(temp.resolve("data"));
        Connection connection = server.connect()) {
      assertWritesRefused(server, connection, new String[0]);
    }
  }

  @Test
  void writesToTheApiAreRefusedWithAuthenticationEvenForAnAdmin() throws Exception {
    Path users = usersFile(temp.resolve("users"), "alice", Role.ADMIN);
    try (TestingServer server =
            new TestingServer(
                temp.resolve("data"),
                Map.of(
                    SluiceConfig.AUTH, "basic", SluiceConfig.AUTH_USERS_FILE, users.toString()));
        Connection connection = connect(server.url(), "alice", PASSWORD)) {
      // without credentials: 401 before anything else
      HttpResponse<String> anonymous =
          send(server, "DELETE", "api/queries", new byte[0], new String[0]);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertWritesRefused(
          server, connection, new String[] {"Authorization", basic("alice", PASSWORD)});
    }
  }

  private void assertWritesRefused(TestingServer server, Connection connection, String[] auth)
      throws Exception {
    execute(
        connection,
        "CREATE STREAM ticks (n BIGINT) WITH ('connector' = 'datagen', 'kind' = 'rate', "
            + "'rows-per-second' = '5')");
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT STREAM n FROM ticks")) {
      assertThat(rows.next()).isTrue();
      String id =
          await(
                  "the running push query",
                  () ->
                      query(
                          connection,
                          "SELECT query_id FROM sys.queries WHERE state = 'RUNNING' AND push"),
                  r -> r.size() == 1)
              .get(0);
      HttpClient http = HTTP;
      String before = get(http, server.server().webUrl() + "api/queries", auth).body();
      assertThat(before).contains(id);

      // a forged connection, opened (if at all) through the API path, then a statement on it
      byte[] open =
          new ProtobufTranslationImpl()
              .serializeRequest(new Service.OpenConnectionRequest("via-api", Map.of()));
      byte[] create =
          new ProtobufTranslationImpl()
              .serializeRequest(
                  new Service.PrepareAndExecuteRequest(
                      "via-api",
                      1,
                      "CREATE STREAM forged (n BIGINT) WITH ('connector' = 'datagen', "
                          + "'kind' = 'rate', 'rows-per-second' = '1')",
                      -1));
      byte[] stop = ("{\"query_id\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
      List<String> paths =
          List.of(
              "api/queries",
              "api/queries/",
              "api/queries/" + id,
              "api/queries/" + id + "/stop",
              "api/queries?stop=" + id,
              "api/",
              "api/sinks",
              "api/streams");
      List<String> refusals = new ArrayList<>();
      for (String path : paths) {
        for (String method : List.of("POST", "PUT", "DELETE")) {
          for (byte[] body : List.of(open, create, stop)) {
            for (String type :
                List.of("application/octet-stream", "application/json", "text/plain")) {
              List<String> headers = new ArrayList<>(List.of(auth));
              headers.addAll(List.of("Content-Type", type));
              HttpResponse<String> response =
                  send(server, method, path, body, headers.toArray(String[]::new));
              String what = method + " /" + path + " as " + type;
              assertThat(response.statusCode()).as(what).isIn(404, 405);
              assertThat(response.body()).as(what).doesNotContain("\tat ", "Exception");
              refusals.add(what);
            }
          }
        }
      }
      assertThat(refusals).hasSize(paths.size() * 3 * 3 * 3);

      // nothing changed: the query still runs and delivers, no stream was created
      assertThat(query(connection, "SELECT state FROM sys.queries WHERE query_id = '" + id + "'"))
          .containsExactly("RUNNING");
      assertThat(rows.next()).isTrue();
      assertThat(query(connection, "SELECT name FROM sys.streams")).containsExactly("ticks");
      assertThat(get(http, server.server().webUrl() + "api/queries", auth).body()).contains(id);
    }
  }

  private static HttpResponse<String> send(
      TestingServer server, String method, String path, byte[] body, String[] headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.server().webUrl() + path))
            .timeout(NetworkTesting.PATIENCE)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
