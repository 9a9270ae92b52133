package io.sluice.bench.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Sluice server in a child JVM on this JVM's classpath, so it can be killed with SIGKILL (kill
 * -9) at any moment while the soak goes on. Keeps the last lines it printed for failure messages.
 */
final class ChaosServer implements AutoCloseable {
  private static final int KEPT_LINES = 100;
  private static final long START_DEADLINE_MILLIS = 120_000;

  private final Process process;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final String url;
  // every line of every server of a soak, to read after the run
  private final Writer log;
  // a soak stopped from outside must not leave servers running
  private final Thread killOnExit;

  private ChaosServer(Process process, BufferedReader output, Path log) throws IOException {
    this.process = process;
    this.log =
        Files.newBufferedWriter(
            log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    this.killOnExit = new Thread(process::destroyForcibly, "sluice-chaos-killer");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    long deadline = System.currentTimeMillis() + START_DEADLINE_MILLIS;
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
      kill();
      closeLog();
      throw new IllegalStateException("The server did not start; its output:\n" + output());
    }
    this.url = found;
    Thread drain =
        new Thread(
            () -> {
              try {
                output.lines().forEach(this::keep);
              } finally {
                closeLog();
              }
            },
            "sluice-chaos-output");
    drain.setDaemon(true);
    drain.start();
  }

  /**
   * Starts a server on {@code data}, appending its output to {@code server.log} beside it, reading
   * and writing files under {@code allowed}.
   */
  static ChaosServer start(Path data, Path allowed) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx512m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dsluice.query.idle-poll-ms=20");
    command.add("-Dsluice.files.allowed-paths=" + allowed.toAbsolutePath());
    // a broker that restarts with the server is not what this soak tests; short retries
    command.add("-Dsluice.query.retry.initial-delay-ms=200");
    command.add("-Dsluice.query.retry.max-delay-ms=2000");
    command.add("io.sluice.launcher.ServerMain");
    command.add("--port");
    command.add("0");
    command.add("--data");
    command.add(data.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new ChaosServer(
        process,
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
        data.resolveSibling("server.log"));
  }

  String url() {
    return url;
  }

  synchronized String output() {
    return String.join("\n", lastLines);
  }

  private synchronized void keep(String line) {
    if (lastLines.size() == KEPT_LINES) {
      lastLines.removeFirst();
    }
    lastLines.addLast(line);
    try {
      log.write(line);
      log.write('\n');
      log.flush();
    } catch (IOException e) {
      // the log is for reading after a run; the soak goes on without it
    }
  }

  /** Kills the server with SIGKILL, as kill -9 does, and waits until it is gone. */
  void kill() {
    try {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }

  @Override
  public void close() {
    kill();
  }

  private synchronized void closeLog() {
    try {
      log.close();
    } catch (IOException e) {
      // nothing more to keep
    }
  }
}
