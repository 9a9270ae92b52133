package io.sluice.http;

import static io.sluice.http.NetworkTesting.PASSWORD;
import static io.sluice.http.NetworkTesting.basic;
import static io.sluice.http.NetworkTesting.connect;
import static io.sluice.http.NetworkTesting.get;
import static io.sluice.http.NetworkTesting.post;
import static io.sluice.http.NetworkTesting.query;
import static io.sluice.http.NetworkTesting.usersFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.Role;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with {@code sluice.auth = basic}, reached by real clients: unauthenticated requests to
 * every path get 401, both JDBC drivers log in with the right password and get a clear error with a
 * wrong one, repeated failures from one address get 429, and the users file is read again when it
 * changes.
 */
@Timeout(120)
class AuthenticationTest {
  @TempDir Path temp;
  private TestingServer server;
  private Path users;
  private HttpClient http;

  @BeforeEach
  void start() {
    users = usersFile(temp.resolve("users"), "alice", Role.ADMIN, "bob", Role.READER);
    server =
        new TestingServer(
            temp.resolve("data"),
            Map.of(SluiceConfig.AUTH, "basic", SluiceConfig.AUTH_USERS_FILE, users.toString()));
    http = NetworkTesting.http();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String base() {
    return server.server().webUrl();
  }

  private String stockUrl(String user, String password) {
    return "jdbc:avatica:remote:url=http://localhost:"
        + server.server().port()
        + ";serialization=protobuf;authentication=BASIC;avatica_user="
        + user
        + ";avatica_password="
        + password;
  }

  @Test
  void everyPathNeedsCredentials() throws Exception {
    for (String path : List.of("", "ui/", "api/queries", "metrics", "no-such-page")) {
      HttpResponse<String> response = get(http, base() + path);
      assertThat(response.statusCode()).as("GET /%s", path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .as("challenge of /%s", path)
          .hasValueSatisfying(
              value -> assertThat(value).startsWithIgnoringCase("Basic realm=\"Sluice\""));
    }
    HttpResponse<String> jdbc =
        post(http, base(), new byte[] {1, 2, 3}, "Content-Type", "application/octet-stream");
    assertThat(jdbc.statusCode()).isEqualTo(401);

    HttpResponse<String> wrong =
        get(http, base() + "api/queries", "Authorization", basic("alice", "wrong password"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> right =
        get(http, base() + "api/queries", "Authorization", basic("bob", PASSWORD));
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(right.body()).startsWith("{\"serverTimeMillis\"");
    assertThat(get(http, base(), "Authorization", basic("bob", PASSWORD)).body())
        .contains("<title>Sluice queries</title>");
    assertThat(get(http, base() + "metrics", "Authorization", basic("bob", PASSWORD)).body())
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void bothDriversLogInWithTheRightPasswordOnly() throws Exception {
    try (Connection connection = connect(server.url(), "alice", PASSWORD)) {
      assertThat(query(connection, "SELECT 1 + 1")).containsExactly("2");
    }
    try (Connection connection = DriverManager.getConnection(stockUrl("bob", PASSWORD))) {
      assertThat(query(connection, "SELECT 'stock'")).containsExactly("stock");
    }

    // a wrong password and an unknown user read the same: nothing says which part was wrong
    for (String[] credentials :
        List.of(new String[] {"alice", "not her password"}, new String[] {"mallory", PASSWORD})) {
      assertThatThrownBy(() -> connect(server.url(), credentials[0], credentials[1]).close())
          .isInstanceOf(SQLException.class)
          .hasMessageStartingWith("Authentication failed at " + server.url())
          .hasMessageContaining("refused the user name or password (HTTP 401)")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    }
    assertThatThrownBy(() -> DriverManager.getConnection(server.url()).close())
        .hasMessageStartingWith("Authentication failed");
    assertThatThrownBy(
            () -> DriverManager.getConnection(stockUrl("alice", "not her password")).close())
        .hasStackTraceContaining("HTTP/401");
  }

  @Test
  void repeatedFailuresFromOneAddressAreSlowedDown() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(
              get(http, base() + "api/queries", "Authorization", basic("alice", "guess" + i))
                  .statusCode())
          .isEqualTo(401);
    }
    // the sixth failure starts a delay: even the right password must wait now
    assertThat(
            get(http, base() + "api/queries", "Authorization", basic("alice", "guess 5"))
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> throttled =
        get(http, base() + "api/queries", "Authorization", basic("alice", PASSWORD));
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(throttled.body()).startsWith("Too many failed logins from this address");

    // Avatica's HTTP client honours Retry-After: its login waits out the delay, then succeeds
    long start = System.nanoTime();
    try (Connection connection = connect(server.url(), "alice", PASSWORD)) {
      assertThat(query(connection, "SELECT 1")).containsExactly("1");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(1));
    assertThat(
            get(http, base() + "api/queries", "Authorization", basic("alice", PASSWORD))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aConnectionServesOnlyTheUserWhoOpenedIt() throws Exception {
    ProtobufTranslationImpl protobuf = new ProtobufTranslationImpl();
    byte[] open =
        protobuf.serializeRequest(new Service.OpenConnectionRequest("alices-connection", Map.of()));
    byte[] select =
        protobuf.serializeRequest(
            new Service.PrepareAndExecuteRequest("alices-connection", 1, "SELECT 'mine'", -1));
    String type = "application/octet-stream";
    assertThat(
            post(
                    http,
                    base(),
                    open,
                    "Content-Type",
                    type,
                    "Authorization",
                    basic("alice", PASSWORD))
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> hijack =
        post(http, base(), select, "Content-Type", type, "Authorization", basic("bob", PASSWORD));
    assertThat(hijack.statusCode()).isEqualTo(500);
    assertThat(hijack.body()).contains("This connection belongs to another user");
    HttpResponse<String> own =
        post(http, base(), select, "Content-Type", type, "Authorization", basic("alice", PASSWORD));
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains("mine");
  }

  @Test
  void usersAddedOrChangedWhileTheServerRunsTakeEffect() throws Exception {
    assertThatThrownBy(() -> connect(server.url(), "carol", PASSWORD).close())
        .hasMessageStartingWith("Authentication failed");
    usersFile(users, "alice", Role.ADMIN, "carol", Role.WRITER);
    try (Connection connection = connect(server.url(), "carol", PASSWORD)) {
      assertThat(query(connection, "SELECT 1")).containsExactly("1");
    }
    // bob was removed: a password that checked out before is not remembered past the change
    assertThat(
            get(http, base() + "api/queries", "Authorization", basic("bob", PASSWORD)).statusCode())
        .isEqualTo(401);
  }
}
