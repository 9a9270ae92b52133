package io.sluice.connector.kafka;

import io.sluice.exec.driver.CrashPoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Sluice server in a child JVM on the test classpath, so a crash point can halt it like kill -9
 * while the test JVM (and the Kafka broker in it) lives on. Keeps the last lines it printed for
 * failure messages.
 */
public final class SluiceServerProcess implements AutoCloseable {
  private static final int KEPT_LINES = 200;

  private final Process process;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final String url;
  // a test JVM stopped from outside (e.g. a killed build) must not leave servers running
  private final Thread killOnExit;

  private SluiceServerProcess(Process process, BufferedReader output) throws IOException {
    this.process = process;
    this.killOnExit = new Thread(process::destroyForcibly, "sluice-child-killer");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    long deadline = System.currentTimeMillis() + 60_000;
    String found = null;
    String line;
    while (found == null && (line = output.readLine()) != null) {
      keep(line);
      int at = line.indexOf("jdbc:sluice://");
      if (at >= 0) {
        found = line.substring(at).split("\\s")[0];
      } else if (System.currentTimeMillis() > deadline) {
        break;
      }
    }
    if (found == null) {
      close();
      throw new AssertionError("server did not start; its output:\n" + output());
    }
    this.url = found;
    Thread drain = new Thread(() -> output.lines().forEach(this::keep), "sluice-child-output");
    drain.setDaemon(true);
    drain.start();
  }

  /**
   * Starts a server on {@code dataDirectory}; {@code crashPoint} is {@code point:batch} or null.
   */
  public static SluiceServerProcess start(Path dataDirectory, String crashPoint)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    if (crashPoint != null) {
      command.add("-D" + CrashPoints.PROPERTY + "=" + crashPoint);
    }
    command.add("-Dsluice.query.idle-poll-ms=20");
    // crash tests kill queries running on two subtasks, whatever the machine
    command.add("-Dsluice.query.parallelism=2");
    // the tests land their files next to the data directory
    command.add("-Dsluice.files.allowed-paths=" + dataDirectory.toAbsolutePath().getParent());
    command.add("io.sluice.launcher.ServerMain");
    command.add("--port");
    command.add("0");
    command.add("--data");
    command.add(dataDirectory.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new SluiceServerProcess(
        process,
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
  }

  public String url() {
    return url;
  }

  /** Waits for the process to end by itself; its exit code, or null if it is still running. */
  public Integer awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
  }

  public synchronized String output() {
    return String.join("\n", lastLines);
  }

  private synchronized void keep(String line) {
    if (lastLines.size() == KEPT_LINES) {
      lastLines.removeFirst();
    }
    lastLines.addLast(line);
  }

  @Override
  public void close() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }
}
