package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.launcher.SluiceServer;
import io.sluice.server.config.SluiceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push query's fetch held by the server until a row comes, through silences longer than the
 * server's idle timeout (2 s here) and than the stock Avatica driver's own read timeout (set to 3
 * s): the server sends a keep-alive byte every 500 ms, which every client skips. A client that goes
 * away while its fetch waits releases the thread that waited for it, and a query that fails after a
 * long wait reaches each client as its error.
 */
@Timeout(120)
class FetchKeepAliveTest {
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CLIENT_READ_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration SILENCE = Duration.ofSeconds(6);
  private static final Pattern WAITING =
      Pattern.compile("(?m)^sluice_jdbc_fetches_waiting(?:\\{[^}]*\\})? (\\S+)$");

  @TempDir Path temp;
  private SluiceServer server;
  private Path input;
  private ExecutorService readers;

  @BeforeEach
  void start() throws Exception {
    server =
        SluiceServer.start(
            ProtocolServer.config(temp.resolve("data"))
                .with(SluiceConfig.HTTP_REQUEST_TIMEOUT_MS, String.valueOf(IDLE_TIMEOUT.toMillis()))
                .with(SluiceConfig.HTTP_FETCH_KEEP_ALIVE_MS, "500"));
    input = Files.createDirectories(temp.resolve("in"));
    ProtocolServer.land(input, "1.csv", "1,ann\n");
    readers = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stop() {
    readers.shutdownNow();
    server.close();
  }

  /** The stock Avatica driver, whose HTTP client gives up on a response silent this long. */
  private String stockUrl(String serialization) {
    return "jdbc:avatica:remote:url=http://localhost:"
        + server.port()
        + ";serialization="
        + serialization
        + ";http_response_timeout="
        + CLIENT_READ_TIMEOUT.toMillis();
  }

  @Test
  void everyClientWaitsThroughASilenceLongerThanTheIdleAndReadTimeouts() throws Exception {
    assertThat(SILENCE).isGreaterThan(IDLE_TIMEOUT).isGreaterThan(CLIENT_READ_TIMEOUT);
    AvaticaJsonClient plain = new AvaticaJsonClient(server.port());
    plain.open();
    int statement = plain.createStatement();
    plain.prepareAndExecute(statement, ProtocolServer.csvStream("s", input), 10);
    JsonNode first = plain.prepareAndExecute(statement, "SELECT STREAM id, name FROM s", 100);
    assertThat(first.get("firstFrame").get("rows").toString()).isEqualTo("[[1,\"ann\"]]");

    Map<String, String> jdbcClients =
        Map.of(
            "stock protobuf", stockUrl("protobuf"),
            "stock json", stockUrl("json"),
            "sluice", server.jdbcUrl());
    Map<String, Future<List<String>>> jdbcRows = new TreeMap<>();
    List<Connection> connections = new ArrayList<>();
    for (Map.Entry<String, String> client : jdbcClients.entrySet()) {
      Connection connection = DriverManager.getConnection(client.getValue());
      connections.add(connection);
      jdbcRows.put(client.getKey(), readers.submit(twoRows(connection)));
    }

    CountDownLatch fetching = new CountDownLatch(1);
    Future<HttpResponse<String>> plainFetch =
        readers.submit(
            () -> {
              fetching.countDown();
              return plain.post(fetchRequest(plain, statement, 1));
            });
    assertThat(fetching.await(30, TimeUnit.SECONDS)).as("plain client fetching").isTrue();
    long silenceStarted = System.nanoTime();
    Thread.sleep(SILENCE.toMillis()); // the silence itself, not a wait for a condition
    for (Map.Entry<String, Future<List<String>>> rows : jdbcRows.entrySet()) {
      assertThat(rows.getValue().isDone()).as("%s still waiting", rows.getKey()).isFalse();
    }
    assertThat(plainFetch.isDone()).as("plain client still waiting").isFalse();
    // two rows: Avatica's Java iterator hands out a frame's last row only once it has fetched the
    // next frame, so the stock driver shows row 2 when row 3 has come
    ProtocolServer.land(input, "2.csv", "2,bob\n3,cy\n");

    HttpResponse<String> held = plainFetch.get(30, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - silenceStarted).isGreaterThan(SILENCE.toNanos());
    assertThat(held.statusCode()).isEqualTo(200);
    // the keep-alive bytes: spaces before the answer, one or more each 500 ms of the silence
    String body = held.body();
    int spaces = body.length() - body.stripLeading().length();
    assertThat(spaces).as("keep-alive spaces in %s", body).isGreaterThanOrEqualTo(5);
    assertThat(body.stripLeading()).startsWith("{");
    JsonNode frame = AvaticaJsonClient.JSON.readTree(body).get("frame");
    assertThat(frame.get("rows").toString()).isEqualTo("[[2,\"bob\"],[3,\"cy\"]]");
    assertThat(frame.get("done").asBoolean()).isFalse();
    for (Map.Entry<String, Future<List<String>>> rows : jdbcRows.entrySet()) {
      assertThat(rows.getValue().get(30, TimeUnit.SECONDS))
          .as(rows.getKey())
          .containsExactly("1 | ann", "2 | bob");
    }
    for (Connection connection : connections) {
      connection.close();
    }
    plain.close();
  }

  @Test
  void aClientThatGoesAwayWhileItsFetchWaitsReleasesTheWaitingThread() throws Exception {
    AvaticaJsonClient plain = new AvaticaJsonClient(server.port());
    plain.open();
    int ddl = plain.createStatement();
    plain.prepareAndExecute(ddl, ProtocolServer.csvStream("s", input), 10);
    int clients = 5;
    List<Integer> statements = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int statement = plain.createStatement();
      JsonNode first = plain.prepareAndExecute(statement, "SELECT STREAM id, name FROM s", 100);
      assertThat(first.get("firstFrame").get("rows").toString()).isEqualTo("[[1,\"ann\"]]");
      statements.add(statement);
    }
    assertThat(waitingThreads()).isZero();

    List<Socket> sockets = new ArrayList<>();
    for (int statement : statements) {
      Socket socket = new Socket("localhost", server.port());
      sockets.add(socket);
      String json = fetchRequest(plain, statement, 1);
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: localhost:"
                  + server.port()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      // the status comes with the first keep-alive byte, while the fetch waits for a row
      assertThat(headers(socket.getInputStream())).startsWith("HTTP/1.1 200");
    }
    assertThat(waitingFetches()).isEqualTo(clients);
    assertThat(waitingThreads()).isEqualTo(clients);

    for (Socket socket : sockets) {
      socket.close();
    }
    awaitZero("fetches waiting (sluice_jdbc_fetches_waiting)", this::waitingFetches);
    awaitZero("server threads waiting for rows", FetchKeepAliveTest::waitingThreads);

    // the server still answers, and the queries of the clients that went away still deliver
    ProtocolServer.land(input, "2.csv", "2,bob\n");
    JsonNode frame = plain.fetch(statements.get(0), 1, 100);
    assertThat(frame.get("rows").toString()).isEqualTo("[[2,\"bob\"]]");
    plain.close();
  }

  @Test
  void aQueryThatFailsAfterALongWaitReachesEachClientAsItsError() throws Exception {
    AvaticaJsonClient plain = new AvaticaJsonClient(server.port());
    plain.open();
    int statement = plain.createStatement();
    // a bad record fails the stream's queries
    String ddl = ProtocolServer.csvStream("s", input);
    plain.prepareAndExecute(
        statement, ddl.substring(0, ddl.length() - 1) + ", 'on-error' = 'fail')", 10);
    plain.prepareAndExecute(statement, "SELECT STREAM id, name FROM s", 100);

    Map<String, Future<Exception>> jdbcErrors = new TreeMap<>();
    List<Connection> connections = new ArrayList<>();
    for (String serialization : List.of("protobuf", "json")) {
      Connection connection = DriverManager.getConnection(stockUrl(serialization));
      connections.add(connection);
      jdbcErrors.put("stock " + serialization, readers.submit(failure(connection)));
    }
    Future<HttpResponse<String>> plainFetch =
        readers.submit(() -> plain.post(fetchRequest(plain, statement, 1)));
    // long enough for the responses to be committed by keep-alive bytes, and past the timeouts
    Thread.sleep(SILENCE.toMillis()); // the silence itself, not a wait for a condition
    Path bad = input.resolve("2.csv");
    ProtocolServer.land(input, "2.csv", "two,bob\n");

    HttpResponse<String> held = plainFetch.get(30, TimeUnit.SECONDS);
    // committed as 200 by the keep-alive bytes; the answer is Avatica's error message
    assertThat(held.statusCode()).isEqualTo(200);
    JsonNode error = AvaticaJsonClient.JSON.readTree(held.body());
    assertThat(error.get("response").asText()).isEqualTo("error");
    assertThat(error.get("errorMessage").asText())
        .startsWith("Query failed: Bad record in 's', file '" + bad + "' line 1");
    assertThat(error.toString()).doesNotContain("\tat ");
    for (Map.Entry<String, Future<Exception>> failure : jdbcErrors.entrySet()) {
      assertThat((Throwable) failure.getValue().get(30, TimeUnit.SECONDS))
          .as(failure.getKey())
          .hasMessageContainingAll(bad.toString(), "line 1")
          .hasMessageNotContaining("io.sluice");
    }
    for (Connection connection : connections) {
      connection.close();
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

  /**
   * Runs the push query on {@code connection} and returns the error reading it ends with: the stock
   * driver's {@code ResultSet.next()} throws Avatica's runtime exception for an error of a fetch.
   */
  private static Callable<Exception> failure(Connection connection) {
    return () -> {
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT STREAM id, name FROM s")) {
        while (rs.next()) {
          // the rows before the bad one
        }
        return null;
      } catch (SQLException | RuntimeException e) {
        return e;
      }
    };
  }

  private static String fetchRequest(AvaticaJsonClient client, int statement, long offset)
      throws IOException {
    ObjectNode request = client.request("fetch");
    request.put("statementId", statement);
    request.put("offset", offset);
    request.put("fetchMaxRowCount", 100);
    return AvaticaJsonClient.JSON.writeValueAsString(request);
  }

  /** The response's status line and headers, read up to the blank line that ends them. */
  private static String headers(InputStream in) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("The server closed the connection after " + read);
      }
      read.write(b);
      String text = read.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\n")) {
        return text;
      }
    }
  }

  /** {@code sluice_jdbc_fetches_waiting} as {@code /metrics} shows it. */
  private int waitingFetches() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.webUrl() + "metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
      Matcher sample = WAITING.matcher(response.body());
      assertThat(sample.find()).as("sluice_jdbc_fetches_waiting in %s", response.body()).isTrue();
      return (int) Double.parseDouble(sample.group(1));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Threads of this JVM (the server runs in it) inside a fetch's wait for rows. */
  private static int waitingThreads() {
    int waiting = 0;
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().equals("io.sluice.jdbc.SluiceMeta")
            && frame.getMethodName().equals("poll")) {
          waiting++;
          break;
        }
      }
    }
    return waiting;
  }

  private static void awaitZero(String what, IntSupplier count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int now;
    while ((now = count.getAsInt()) != 0) {
      assertThat(System.nanoTime()).as("%s: %s left", what, now).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
