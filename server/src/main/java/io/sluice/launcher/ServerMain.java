package io.sluice.launcher;

import io.sluice.server.config.SluiceConfig;
import io.sluice.spi.error.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** {@code bin/sluice server [--port N] [--data DIR] [--conf FILE]}. */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    Path confFile = null;
    String port = null;
    String data = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--port":
          port = value(args, ++i, arg);
          break;
        case "--data":
          data = value(args, ++i, arg);
          break;
        case "--conf":
          confFile = Paths.get(value(args, ++i, arg));
          break;
        case "-h":
        case "--help":
          System.out.println("Usage: sluice server [--port N] [--data DIR] [--conf FILE]");
          return;
        default:
          System.err.println(
              "Unknown argument '"
                  + arg
                  + "'. Usage: sluice server [--port N] "
                  + "[--data DIR] [--conf FILE]");
          System.exit(2);
      }
    }
    if (confFile == null && Files.exists(Paths.get("conf", "sluice.properties"))) {
      confFile = Paths.get("conf", "sluice.properties");
    }
    SluiceConfig config = SluiceConfig.load(confFile);
    if (port != null) {
      config = config.with(SluiceConfig.PORT, port);
    }
    if (data != null) {
      config = config.with(SluiceConfig.DATA_DIR, data);
    }
    SluiceServer server;
    try {
      server = SluiceServer.start(config);
    } catch (IllegalArgumentException | IllegalStateException | SluiceException e) {
      // a setting to change or a damaged file: its message names it, a stack trace would bury it
      System.err.println("Sluice cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sluice-shutdown"));
    System.out.println(
        "Sluice is ready: "
            + server.jdbcUrl()
            + "  (web UI and /metrics at "
            + server.webUrl()
            + ", data in "
            + config.dataDirectory()
            + ")");
    server.join();
  }

  private static String value(String[] args, int index, String flag) {
    if (index >= args.length) {
      System.err.println("Missing value after " + flag);
      System.exit(2);
    }
    return args[index];
  }
}
