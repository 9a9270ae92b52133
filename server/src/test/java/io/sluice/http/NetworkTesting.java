package io.sluice.http;

import io.sluice.http.auth.PasswordHash;
import io.sluice.http.auth.User;
import io.sluice.http.auth.UsersFile;
import io.sluice.server.session.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Helpers of the tests of the network-facing server: users, clients, plain HTTP, waiting. */
final class NetworkTesting {
  static final Duration PATIENCE = Duration.ofSeconds(15);
  static final String PASSWORD = "correct horse battery";

  private NetworkTesting() {}

  /** Writes a users file with one user per role given, all with {@link #PASSWORD}. */
  static Path usersFile(Path file, Object... nameAndRole) {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < nameAndRole.length; i += 2) {
      users.add(
          new User(
              (String) nameAndRole[i],
              (Role) nameAndRole[i + 1],
              PasswordHash.of(PASSWORD.toCharArray())));
    }
    UsersFile.write(file, users);
    return file;
  }

  /** A connection through the Sluice driver as {@code user}. */
  static Connection connect(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(url, properties);
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A bounded query's rows as {@code "a | b"}. */
  static List<String> query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) {
          row.append(c > 1 ? " | " : "").append(rs.getString(c));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  static HttpClient http() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> get(HttpClient http, String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(PATIENCE);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(HttpClient http, String url, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(PATIENCE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Evaluates {@code probe} until {@code done} accepts its value, for at most {@link #PATIENCE};
   * returns the accepted value, or fails naming {@code what} and the last value seen.
   */
  static <T> T await(String what, Callable<T> probe, Predicate<? super T> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    T last = probe.call();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + PATIENCE + " waiting for " + what + "; last seen: " + last);
      }
      Thread.sleep(20);
      last = probe.call();
    }
    return last;
  }
}
