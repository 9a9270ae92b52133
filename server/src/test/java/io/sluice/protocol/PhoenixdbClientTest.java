package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.launcher.SluiceServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * while it runs and ends at its LIMIT.
 */
@Timeout(180)
class PhoenixdbClientTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SCRIPTS = Path.of("src/test/python").toAbsolutePath();

  @TempDir Path temp;
  private SluiceServer server;
  private Path input;

  @BeforeEach
  void start() throws Exception {
    server = ProtocolServer.start(temp.resolve("data"));
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

  @Test
  void snapshotWithParametersRealValuesAndAPushQuery() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                PYTHON.toString(),
                SCRIPTS.resolve("phoenixdb_client.py").toString(),
                "http://localhost:" + server.port() + "/")
            .redirectErrorStream(true);
    builder.environment().put("PYTHONPATH", SCRIPTS.resolve("vendor").toString());
    builder.environment().remove("PYTHONHOME");
    Process python = builder.start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(python));
    try {
      // once phoenixdb's push query runs, a row lands that it must get
      awaitRunningPushQuery(python);
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

  /** Waits until the client's push query runs (sys.queries), or fails if the client ended first. */
  private void awaitRunningPushQuery(Process python) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      while (true) {
        try (ResultSet rs =
            statement.executeQuery(
                "SELECT query_id FROM sys.queries WHERE push AND state = 'RUNNING'"
                    + " AND sql_text LIKE '%LIMIT 4%'")) {
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
