package io.sluice.connector.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the commands that set database servers up, for the test databases. */
final class Processes {
  private Processes() {}

  /** Whether the tests run as root, who must hand PostgreSQL to user postgres. */
  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs {@code command} to its end; fails with its output when it exits with an error. */
  static String run(List<String> command, long timeoutSeconds) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Timed out: " + String.join(" ", command));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
    }
    return output;
  }

  /** {@code command}, as user {@code user} when the tests run as root. */
  static List<String> as(String user, String... command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.add("runuser");
      full.add("-u");
      full.add(user);
      full.add("--");
    }
    full.addAll(List.of(command));
    return full;
  }

  /** A port no server listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The first of {@code candidates} that exists, or a failure saying what to install. */
  static Path binary(String what, String debianPackage, String... candidates) {
    for (String candidate : candidates) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    throw new AssertionError(
        what
            + " is not installed (looked for "
            + String.join(", ", candidates)
            + "); install Debian's "
            + debianPackage
            + " package (.ci/run does)");
  }

  /** Deletes a folder and everything in it. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
