package io.sluice.protocol;

import io.sluice.launcher.SluiceServer;
import io.sluice.server.config.SluiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A real server with its default fetch waits, and files landed in a stream's folder. */
final class ProtocolServer {
  private ProtocolServer() {}

  /** A server on a free port over {@code dataDirectory}, fetch waits as shipped. */
  static SluiceServer start(Path dataDirectory) {
    return SluiceServer.start(config(dataDirectory));
  }

  /** The settings of {@link #start(Path)}. */
  static SluiceConfig config(Path dataDirectory) {
    return SluiceConfig.defaults()
        .with(SluiceConfig.PORT, "0")
        .with(SluiceConfig.DATA_DIR, dataDirectory.toString())
        // the tests land their files next to the data directory
        .with(
            SluiceConfig.FILES_ALLOWED_PATHS, dataDirectory.toAbsolutePath().getParent().toString())
        .with(SluiceConfig.IDLE_POLL_MS, "20");
  }

  /** Lands a complete file in {@code directory}: written as a dot-file, then renamed. */
  static void land(Path directory, String name, String content) throws Exception {
    Path staging = directory.resolve("." + name + ".tmp");
    Files.writeString(staging, content, StandardCharsets.UTF_8);
    Files.move(staging, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The DDL of a CSV stream {@code name (id BIGINT, name VARCHAR)} over {@code folder}. */
  static String csvStream(String name, Path folder) {
    return "CREATE STREAM "
        + name
        + " (id BIGINT, name VARCHAR) WITH ('connector' = 'files', 'path' = '"
        + folder
        + "', 'format' = 'csv')";
  }
}
