package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.launcher.SluiceServer;
import io.sluice.server.config.SluiceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's DB-API client of Avatica, phoenixdb (kept in {@code src/test/python/vendor}, run by the
 * system's Python 3 with Debian's protobuf, requests and gssapi), against a real server: a snapshot
 * query with bound {@code ?} parameters over a REAL column, and a push query that gets a row landed
 * while it runs and ends at its LIMIT; a push query whose fetch waits through a silence longer than
 * the server's idle timeout (2 s here), kept alive by the server's bytes (every 500 ms).
 */
@Timeout(180)
class PhoenixdbClientTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SCRIPTS = Path.of("src/test/python").toAbsolutePath();
  private static final Duration SILENCE = Duration.ofSeconds(6);

  @TempDir Path temp;
  private SluiceServer server;
  private Path input;

  /** Fails at once, naming the Debian packages, when the system Python lacks a module. */
  @org.junit.jupiter.api.BeforeAll
  static void pythonModulesInstalled() throws Exception {
    List<String> missing = new java.util.ArrayList<>();
    for (String[] module :
        new String[][] {
          {"google.protobuf", "python3-protobuf"},
          {"requests", "python3-requests"},
          {"gssapi", "python3-gssapi"}
        }) {
      Process check =
          new ProcessBuilder(PYTHON.toString(), "-c", "import " + module[0])
              .redirectErrorStream(true)
              .start();
      check.getInputStream().readAllBytes();
      if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
        missing.add(module[1]);
      }
    }
    assertThat(missing)
        .as(
            "Python modules for phoenixdb: install Debian's %s (.ci/run does)",
            String.join(", ", missing))
        .isEmpty();
  }

  @BeforeEach
  void start() throws Exception {
    server =
        SluiceServer.start(
            ProtocolServer.config(temp.resolve("data"))
                .with(SluiceConfig.HTTP_REQUEST_TIMEOUT_MS, "2000")
                .with(SluiceConfig.HTTP_FETCH_KEEP_ALIVE_MS, "500"));
    input = Files.createDirectories(temp.resolve("orders"));
    ProtocolServer.land(input, "1.csv", "1,ann,12.5\n2,bob,99.25\n3,cid,150.75\n4,dee,0.5\n");
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE STREAM orders (id BIGINT, name VARCHAR, price REAL) WITH ('connector' ="
              + " 'files', 'path' = '"
              + input
              + "', 'format' = 'csv')");
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Process python(String... arguments) throws IOException {
    List<String> command = new java.util.ArrayList<>();
    command.add(PYTHON.toString());
    command.add(SCRIPTS.resolve("phoenixdb_client.py").toString());
    command.add("http://localhost:" + server.port() + "/");
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PYTHONPATH", SCRIPTS.resolve("vendor").toString());
    builder.environment().remove("PYTHONHOME");
    return builder.start();
  }

  @Test
  void snapshotWithParametersRealValuesAndAPushQuery() throws Exception {
    Process python = python();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(python));
    try {
      // once phoenixdb's push query runs, a row lands that it must get
      awaitRunningPushQuery(python, "%LIMIT 4%");
      ProtocolServer.land(input, "2.csv", "5,eve,42.25\n");
      assertThat(python.waitFor(120, TimeUnit.SECONDS)).as("phoenixdb client ended").isTrue();
    } finally {
      python.destroyForcibly();
    }
    String printed = output.get(10, TimeUnit.SECONDS);
    assertThat(python.exitValue()).as(printed).isZero();
    List<String> lines = printed.lines().toList();
    assertThat(lines)
        .as(printed)
        .containsExactly(
            "{\"snapshot\": [[[\"int\", 2], [\"str\", \"bob\"], [\"float\", 99.25]],"
                + " [[\"int\", 4], [\"str\", \"dee\"], [\"float\", 0.5]]]}",
            "{\"push\": [[[\"int\", 1], [\"str\", \"ann\"], [\"float\", 12.5]],"
                + " [[\"int\", 2], [\"str\", \"bob\"], [\"float\", 99.25]],"
                + " [[\"int\", 3], [\"str\", \"cid\"], [\"float\", 150.75]],"
                + " [[\"int\", 5], [\"str\", \"eve\"], [\"float\", 42.25]]]}");
  }

  @Test
  void aPushQuerysFetchWaitsThroughASilenceLongerThanTheIdleTimeout() throws Exception {
    Process python = python("silence");
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(python));
    try {
      awaitRunningPushQuery(python, "%LIMIT 2%");
      Thread.sleep(SILENCE.toMillis()); // the silence itself, not a wait for a condition
      assertThat(python.isAlive()).as("phoenixdb still waiting for its second row").isTrue();
      ProtocolServer.land(input, "2.csv", "5,eve,42.25\n");
      assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("phoenixdb client ended").isTrue();
    } finally {
      python.destroyForcibly();
    }
    String printed = output.get(10, TimeUnit.SECONDS);
    assertThat(python.exitValue()).as(printed).isZero();
    assertThat(printed.lines().toList())
        .as(printed)
        .containsExactly(
            "{\"silence\": [[[\"int\", 4], [\"str\", \"dee\"]], [[\"int\", 5], [\"str\", \"eve\"]]]}");
  }

  /** Waits until the client's push query runs (sys.queries), or fails if the client ended first. */
  private void awaitRunningPushQuery(Process python, String sqlPattern) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      while (true) {
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT query_id FROM sys.queries WHERE push AND state = 'RUNNING'"
                    + " AND sql_text LIKE '"
                    + sqlPattern
                    + "'")) {
          if (rs.next()) {
            return;
          }
        }
        assertThat(python.isAlive()).as("phoenixdb client still running").isTrue();
        assertThat(System.nanoTime()).as("push query started in time").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  private static String readAll(Process process) {
    try (InputStream in = process.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
