package io.sluice.http;

import static io.sluice.http.NetworkTesting.execute;
import static io.sluice.http.NetworkTesting.get;
import static io.sluice.http.NetworkTesting.post;
import static io.sluice.http.NetworkTesting.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.TestingServer;
import io.sluice.server.config.SluiceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP endpoint against what a hostile network or web page does, with real sockets and clients:
 * cross-site and DNS-rebinding requests, bodies too large, idle and slow connections by the
 * hundred, malformed requests; all the while a normal JDBC client gets its answers.
 */
@Timeout(180)
class HttpHardeningTest {
  private static final long REQUEST_TIMEOUT_MILLIS = 2_000;
  private static final int CONNECTIONS = 200;

  @TempDir Path temp;
  private TestingServer server;
  private Connection connection;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    server =
        new TestingServer(
            temp.resolve("data"),
            Map.of(
                SluiceConfig.HTTP_REQUEST_TIMEOUT_MS,
                String.valueOf(REQUEST_TIMEOUT_MILLIS),
                // a push query's fetch waits longer than a client may take to send a request
                SluiceConfig.FETCH_WAIT_MS,
                "3000"));
    connection = server.connect();
    http = NetworkTesting.http();
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    server.close();
  }

  private String base() {
    return server.server().webUrl();
  }

  private int port() {
    return server.server().port();
  }

  /** Avatica's request opening the connection the forged requests use. */
  private static byte[] openConnectionRequest() throws IOException {
    return new ProtobufTranslationImpl()
        .serializeRequest(
            new Service.OpenConnectionRequest("forged-connection", java.util.Map.of()));
  }

  /** A real Avatica request (protobuf), as a web page would have to forge it. */
  private static byte[] createStreamRequest(String name) throws IOException {
    return new ProtobufTranslationImpl()
        .serializeRequest(
            new Service.PrepareAndExecuteRequest(
                "forged-connection",
                1,
                "CREATE STREAM "
                    + name
                    + " (n BIGINT) WITH ('connector' = 'datagen', 'kind' = 'rate', "
                    + "'rows-per-second' = '1')",
                -1));
  }

  @Test
  void crossSiteRequestsChangeNothing() throws Exception {
    byte[] forged = createStreamRequest("forged");
    for (String[] headers :
        List.of(
            new String[] {"Content-Type", "text/plain", "Origin", "http://evil.example"},
            new String[] {"Content-Type", "text/plain"},
            new String[] {"Content-Type", "application/x-www-form-urlencoded"},
            new String[] {"Content-Type", "multipart/form-data; boundary=x"},
            new String[] {
              "Content-Type", "application/octet-stream", "Origin", "http://evil.example"
            },
            new String[] {"Content-Type", "application/octet-stream", "Origin", "null"})) {
      HttpResponse<String> response = post(http, base(), forged, headers);
      assertThat(response.statusCode()).as("POST with %s", List.of(headers)).isEqualTo(403);
      assertThat(response.body()).containsAnyOf("Content type", "Cross-origin request from");
    }
    assertThat(query(connection, "SHOW STREAMS")).isEmpty();

    // the same request as an Avatica client sends it runs: same origin, or none (on a connection
    // it opened first, as a client does)
    HttpResponse<String> opened =
        post(
            http,
            base(),
            openConnectionRequest(),
            "Content-Type",
            "application/octet-stream",
            "Origin",
            "http://localhost:" + port());
    assertThat(opened.statusCode()).isEqualTo(200);
    HttpResponse<String> sameOrigin =
        post(
            http,
            base(),
            forged,
            "Content-Type",
            "application/octet-stream",
            "Origin",
            "http://localhost:" + port());
    assertThat(sameOrigin.statusCode()).isEqualTo(200);
    assertThat(query(connection, "SHOW STREAMS")).hasSize(1);

    // a page whose own host name points at 127.0.0.1 (DNS rebinding) is same-origin with itself
    byte[] rebinding = createStreamRequest("rebound");
    try (Socket socket = open()) {
      socket.setSoTimeout(10_000);
      send(
          socket,
          "POST / HTTP/1.1\r\nHost: evil.example:"
              + port()
              + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
              + rebinding.length
              + "\r\nConnection: close\r\n\r\n");
      socket.getOutputStream().write(rebinding);
      String answer = readAll(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 403 ").contains("Host 'evil.example' refused");
    }
    assertThat(query(connection, "SHOW STREAMS")).hasSize(1);
  }

  @Test
  void aHundredMegabyteBodyIsRefusedWithoutBufferingWhileClientsGetAnswers() throws Exception {
    // declared: refused from the headers, before a byte of body
    try (Socket socket = new Socket("localhost", port())) {
      socket.setSoTimeout(10_000);
      send(
          socket,
          "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
              + "Content-Length: "
              + 100L * 1024 * 1024
              + "\r\n\r\n");
      String answer = readAll(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413 ").contains("Connection: close");
      assertThat(answer)
          .contains("Request body larger than 16777216 bytes (sluice.http.max-request-bytes)");
    }

    // streamed without a length: counted as it arrives, refused once past the limit
    try (Socket socket = new Socket("localhost", port())) {
      socket.setSoTimeout(10_000);
      send(
          socket,
          "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n");
      AtomicLong sent = new AtomicLong();
      CompletableFuture<String> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return statusLine(socket.getInputStream());
                } catch (IOException e) {
                  return e.toString();
                }
              });
      CompletableFuture<Long> sentWhenAnswered = answer.thenApply(line -> sent.get());
      byte[] chunk = new byte[1024 * 1024];
      try {
        OutputStream out = socket.getOutputStream();
        for (int i = 0; i < 100; i++) {
          out.write(("100000\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          sent.addAndGet(chunk.length);
          // meanwhile a normal client gets answers
          if (i == 10) {
            assertThat(query(connection, "SELECT 40 + 2")).containsExactly("42");
          }
        }
      } catch (IOException e) {
        // the server hung up after refusing: it never read the rest
      }
      assertThat(answer.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413 ");
      // answered once the limit was passed, not after the whole body (the rest, if the client
      // insists on sending it, is discarded unread until the connection's deadline)
      assertThat(sentWhenAnswered.get()).isLessThan(50L * 1024 * 1024);
    }
    assertThat(query(connection, "SELECT 'still here'")).containsExactly("still here");
  }

  @Test
  void hundredsOfIdleAndSlowConnectionsHoldNoThreadAndTimeOut() throws Exception {
    execute(
        connection,
        "CREATE STREAM ticks (n BIGINT) WITH ('connector' = 'datagen', 'kind' = 'rate', "
            + "'rows-per-second' = '50')");
    try (Statement statement = connection.createStatement();
        ResultSet ticks = statement.executeQuery("SELECT STREAM n FROM ticks")) {
      List<Socket> idle = new ArrayList<>();
      List<Socket> slowBodies = new ArrayList<>();
      List<Socket> slowHeaders = new ArrayList<>();
      try {
        for (int i = 0; i < CONNECTIONS; i++) {
          idle.add(open());
          Socket slowBody = open();
          send(
              slowBody,
              "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                  + "Content-Length: 1000\r\n\r\n0123456789");
          slowBodies.add(slowBody);
          Socket slowHeader = open();
          send(slowHeader, "GET /api/queries HTTP/1.1\r\nHost: local");
          slowHeaders.add(slowHeader);
        }

        // with 600 connections hanging, the push query delivers and new requests are answered
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < 20; i++) {
          assertThat(ticks.next()).isTrue();
        }
        try (Connection another = server.connect()) {
          assertThat(query(another, "SELECT COUNT(*) FROM sys.queries WHERE push"))
              .containsExactly("1");
        }
        assertThat(get(http, base() + "api/queries").statusCode()).isEqualTo(200);
        assertThat(System.nanoTime()).as("answers within 10 s").isLessThan(deadline);

        // every connection is closed once the request timeout passed
        for (List<Socket> group : List.of(idle, slowBodies, slowHeaders)) {
          for (Socket socket : group) {
            socket.setSoTimeout(15_000);
            String answer = readAll(socket.getInputStream());
            assertThat(answer)
                .satisfiesAnyOf(
                    a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408 "));
          }
        }
      } finally {
        for (List<Socket> group : List.of(idle, slowBodies, slowHeaders)) {
          for (Socket socket : group) {
            socket.close();
          }
        }
      }
      assertThat(ticks.next()).isTrue();
    }
  }

  @Test
  void aRequestTricklingInIsCutAtItsDeadline() throws Exception {
    try (Socket trickling = open()) {
      long start = System.nanoTime();
      send(trickling, "GET /api/queries HTTP/1.1\r\nHost: local");
      trickling.setSoTimeout(200);
      boolean closed = false;
      while (!closed && System.nanoTime() - start < Duration.ofSeconds(15).toNanos()) {
        try {
          // a byte every 200 ms: never idle long enough for an idle timeout
          send(trickling, "h");
          closed = trickling.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
          // still open, nothing to read yet
        } catch (IOException e) {
          closed = true;
        }
      }
      Duration open = Duration.ofNanos(System.nanoTime() - start);
      assertThat(closed).as("trickling connection closed").isTrue();
      assertThat(open)
          .isGreaterThanOrEqualTo(Duration.ofMillis(REQUEST_TIMEOUT_MILLIS))
          .isLessThan(Duration.ofMillis(REQUEST_TIMEOUT_MILLIS + 5_000));
    }
  }

  @Test
  void aPushQueryFetchWaitingLongerThanTheRequestTimeoutIsNotCut() throws Exception {
    Path input = Files.createDirectories(temp.resolve("in"));
    execute(
        connection,
        "CREATE STREAM events (id BIGINT) WITH ('connector' = 'files', 'path' = '"
            + input
            + "', 'format' = 'csv')");
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT STREAM id FROM events")) {
      CompletableFuture<Boolean> next =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return rows.next();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // several fetches of 3 s each go by with nothing to return, each longer than the 2 s a
      // client has to send a request
      Thread.sleep(4 * REQUEST_TIMEOUT_MILLIS);
      assertThat(next).isNotDone();
      Path staging = input.resolve(".1.csv");
      Files.writeString(staging, "7\n");
      Files.move(staging, input.resolve("1.csv"));
      assertThat(next.get(15, TimeUnit.SECONDS)).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(7);
    }
  }

  @Test
  void errorRepliesCarryMessagesNotStackTraces() throws Exception {
    List<String> answers = new ArrayList<>();
    for (String request :
        List.of(
            "GARBAGE\r\n\r\n",
            "GET /%zz HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(70_000) + "\r\n\r\n",
            "PUT / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "GET /no-such-page HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 3\r\nConnection: close\r\n\r\nxyz")) {
      try (Socket socket = open()) {
        socket.setSoTimeout(10_000);
        send(socket, request);
        answers.add(readAll(socket.getInputStream()));
      }
    }
    assertThat(answers.get(0)).startsWith("HTTP/1.1 400 ");
    assertThat(answers.get(1)).startsWith("HTTP/1.1 400 ");
    assertThat(answers.get(2)).startsWith("HTTP/1.1 431 ");
    assertThat(answers.get(3)).startsWith("HTTP/1.1 405 ").contains("PUT is not allowed");
    assertThat(answers.get(4)).startsWith("HTTP/1.1 404 ").contains("No page at /no-such-page");
    for (String answer : answers.subList(0, 5)) {
      assertThat(answer)
          .contains("Content-Type: text/plain")
          .doesNotContain("<html", "at org.", "at java.", "Exception", "jetty");
    }
    // Avatica's own reply to a body that is not its protobuf: an error, and the server lives on
    assertThat(answers.get(5)).startsWith("HTTP/1.1 ");
    assertThat(query(connection, "SELECT 'alive'")).containsExactly("alive");
  }

  private Socket open() throws IOException {
    return new Socket("localhost", port());
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The first line of the server's answer. */
  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString().strip();
  }

  /** Everything the server sends until it closes the connection. */
  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
