package io.sluice.e2e;

import io.sluice.launcher.SluiceServer;
import io.sluice.server.config.SluiceConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A real Sluice server on an ephemeral port over a temporary data directory, for tests. */
public final class TestingServer implements AutoCloseable {
  private final Path dataDirectory;
  private SluiceServer server;

  public TestingServer(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
    start();
  }

  private void start() {
    server =
        SluiceServer.start(
            SluiceConfig.defaults()
                .with(SluiceConfig.PORT, "0")
                .with(SluiceConfig.DATA_DIR, dataDirectory.toString())
                .with(SluiceConfig.IDLE_POLL_MS, "20")
                .with(SluiceConfig.FETCH_WAIT_MS, "200"));
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
