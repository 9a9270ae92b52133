package io.sluice.bench.latency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server a latency run measures: a child JVM on this JVM's classpath with the shipped defaults
 * (plus {@code settings}), so the JDBC client reading its push query is in another process.
 */
final class LatencyServer implements AutoCloseable {
  private static final long START_DEADLINE_MILLIS = 120_000;

  private final Process process;
  private final String jdbcUrl;
  private final Thread killOnExit;

  private LatencyServer(Process process, String jdbcUrl) {
    this.process = process;
    this.jdbcUrl = jdbcUrl;
    this.killOnExit = new Thread(process::destroyForcibly, "sluice-latency-killer");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts a server on {@code data} with {@code settings} ({@code -Dkey=value} each).
   *
   * @throws IllegalStateException when it does not print its JDBC URL within two minutes
   */
  static LatencyServer start(Path data, List<String> settings, String heap) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    for (String setting : settings) {
      command.add("-D" + setting);
    }
    command.add("io.sluice.launcher.ServerMain");
    command.add("--port");
    command.add("0");
    command.add("--data");
    command.add(data.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + START_DEADLINE_MILLIS;
    StringBuilder printed = new StringBuilder();
    String line;
    String url = null;
    while (url == null && (line = output.readLine()) != null) {
      printed.append(line).append('\n');
      int at = line.indexOf("jdbc:sluice://");
      if (at >= 0) {
        url = line.substring(at).split("\\s")[0];
      } else if (System.currentTimeMillis() > deadline) {
        break;
      }
    }
    if (url == null) {
      process.destroyForcibly();
      throw new IllegalStateException("The server did not start; its output:\n" + printed);
    }
    Thread drain = new Thread(() -> output.lines().forEach(ignored -> {}), "sluice-latency-output");
    drain.setDaemon(true);
    drain.start();
    return new LatencyServer(process, url);
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  /** The base of the server's HTTP API, e.g. {@code http://localhost:1234/}. */
  String httpUrl() {
    return "http://" + jdbcUrl.substring("jdbc:sluice://".length()).split("[/?]")[0] + "/";
  }

  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs anyway
    }
  }
}
