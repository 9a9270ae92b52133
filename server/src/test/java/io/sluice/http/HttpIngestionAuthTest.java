package io.sluice.http;

import static io.sluice.http.NetworkTesting.PASSWORD;
import static io.sluice.http.NetworkTesting.basic;
import static io.sluice.http.NetworkTesting.usersFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Posts to HTTP streams under {@code sluice.auth = basic}: a writer or the stream's token may post;
 * no credentials, a reader or a wrong token may not; the token never shows in system tables.
 */
@Timeout(60)
class HttpIngestionAuthTest {
  private static final String TOKEN = "s3cret-token-0123456789";

  @TempDir Path temp;
  private TestingServer server;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    Path users =
        usersFile(
            temp.resolve("users"), "alice", Role.ADMIN, "carol", Role.WRITER, "bob", Role.READER);
    server =
        new TestingServer(
            temp.resolve("data"),
            Map.of(SluiceConfig.AUTH, "basic", SluiceConfig.AUTH_USERS_FILE, users.toString()));
    http = NetworkTesting.http();
    try (Connection connection =
        NetworkTesting.connect(server.url(), "alice", NetworkTesting.PASSWORD)) {
      NetworkTesting.execute(
          connection,
          "CREATE STREAM pings (id BIGINT) WITH ('connector' = 'http', 'format' = 'json',"
              + " 'http.token' = '"
              + TOKEN
              + "')");
      NetworkTesting.execute(
          connection,
          "CREATE STREAM plain (id BIGINT) WITH ('connector' = 'http', 'format' = 'json')");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String stream, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.server().webUrl() + "api/streams/" + stream))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"id\": 1}"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void writersAndTokenHoldersMayPostOthersMayNot() throws Exception {
    HttpResponse<String> anonymous = post("pings", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(anonymous.body()).contains("writer role").contains("token");

    HttpResponse<String> reader = post("pings", basic("bob", PASSWORD));
    assertThat(reader.statusCode()).isEqualTo(403);
    assertThat(reader.body()).contains("'bob' is a reader");

    assertThat(post("pings", basic("carol", "wrong password")).statusCode()).isEqualTo(401);
    assertThat(post("pings", "Bearer not-the-token-at-all-no").statusCode()).isEqualTo(401);
    // a token opens only its own stream
    assertThat(post("plain", "Bearer " + TOKEN).statusCode()).isEqualTo(401);
    // an unknown stream looks the same as a wrong token to one without credentials
    assertThat(post("nope", "Bearer " + TOKEN).statusCode()).isEqualTo(401);

    // the path is open to token holders, so nothing else is served under it
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create(server.server().webUrl() + "api/streams/pings"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);

    HttpResponse<String> writer = post("pings", basic("carol", PASSWORD));
    assertThat(writer.statusCode()).as(writer.body()).isEqualTo(200);
    HttpResponse<String> token = post("pings", "Bearer " + TOKEN);
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    assertThat(post("plain", basic("alice", PASSWORD)).statusCode()).isEqualTo(200);

    try (Connection connection = NetworkTesting.connect(server.url(), "bob", PASSWORD)) {
      assertThat(
              NetworkTesting.query(connection, "SELECT ddl FROM sys.streams WHERE name = 'pings'"))
          .singleElement()
          .asString()
          .contains("'http.token' = '****'")
          .doesNotContain(TOKEN);
      assertThat(
              NetworkTesting.query(
                  connection, "SELECT name, log_bytes FROM sys.streams ORDER BY name"))
          .containsExactly("pings | 34", "plain | 17");
      try (java.sql.Statement statement = connection.createStatement()) {
        java.sql.ResultSet rs = statement.executeQuery("SELECT STREAM id FROM pings");
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
  }
}
