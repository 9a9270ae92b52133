package io.sluice.e2e;

import io.sluice.launcher.SluiceServer;
import io.sluice.server.config.SluiceConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** A real Sluice server on an ephemeral port over a temporary data directory, for tests. */
public final class TestingServer implements AutoCloseable {
  private final Path dataDirectory;
  private final Map<String, String> settings;
  private SluiceServer server;

  public TestingServer(Path dataDirectory) {
    this(dataDirectory, Map.of());
  }

  /** A server with {@code settings} (configuration keys) over the testing defaults. */
  public TestingServer(Path dataDirectory, Map<String, String> settings) {
    this.dataDirectory = dataDirectory;
    this.settings = Map.copyOf(settings);
    start();
  }

  /** The configuration a testing server on {@code dataDirectory} starts with. */
  public static SluiceConfig config(Path dataDirectory, Map<String, String> settings) {
    SluiceConfig config =
        SluiceConfig.defaults()
            .with(SluiceConfig.PORT, "0")
            .with(SluiceConfig.DATA_DIR, dataDirectory.toString())
            // tests land their files next to the data directory
            .with(
                SluiceConfig.FILES_ALLOWED_PATHS,
                dataDirectory.toAbsolutePath().getParent().toString())
            .with(SluiceConfig.IDLE_POLL_MS, "20")
            // queries run on two subtasks on any machine: rows cross exchanges in every test
            .with(SluiceConfig.QUERY_PARALLELISM, "2")
            .with(SluiceConfig.FETCH_WAIT_MS, "200");
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      config = config.with(setting.getKey(), setting.getValue());
    }
    return config;
  }

  private void start() {
    server = SluiceServer.start(config(dataDirectory, settings));
  }

  /** Stops and starts the server on the same data directory (and a new port). */
  public void restart() {
    server.close();
    start();
  }

  public SluiceServer server() {
    return server;
  }

  public String url() {
    return server.jdbcUrl();
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  @Override
  public void close() {
    server.close();
  }
}
